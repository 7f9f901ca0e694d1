<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-parts.xsl: one TEI document → its "part": everything the corpus pages (index, persons, conventions
  index) need from it, computed once when the document's own page is made, so that the corpus pages are assembled
  from small parts and never re-read the documents (pipeline/publish/html.py keeps the parts in <html>/.parts/).

  <pt:part key id title date date-text kind archive>    (key: $part-key, how a stale part is told)
    <pt:entry sort anchor title><pt:date>…</pt:date><pt:summary>…</pt:summary></pt:entry>*   listing entries
    <pt:person key><pt:form/>* <pt:li>…</pt:li></pt:person>*        the person's line on persons-?.html (HTML)
    <pt:place register key><pt:form/>* <pt:li>…</pt:li></pt:place>*     a place's (an organisation's) line on
                                                                          places-?.html (orgs-?.html)
    <pt:legend key>…</pt:legend>*                                                            editorialDecl
  </pt:part>
  Contents of pt:date, pt:summary, pt:li and pt:legend are HTML, rendered here by the same templates as the pages.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:h="urn:tei-edition:html"
  xmlns:pt="urn:tei-edition:part"
  exclude-result-prefixes="#all">

  <xsl:import href="html.xsl"/>
  <xsl:output method="xml" version="1.0" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>

  <!-- Written into pt:part/@key: the document's key (pipeline/publish/kept.py). -->
  <xsl:param name="part-key" as="xs:string" select="''"/>

  <xsl:template match="/tei:TEI" priority="10">
    <pt:part key="{$part-key}" id="{f:doc-id(.)}" title="{f:doc-title(.)}" date="{f:doc-date(.)}"
      date-text="{f:doc-date-text(.)}" kind="{f:kind(.)}" archive="{f:archive(.)}">
      <xsl:call-template name="pt:entries"/>
      <xsl:call-template name="pt:persons"/>
      <xsl:call-template name="pt:places"/>
      <xsl:for-each select="tei:teiHeader/tei:encodingDesc/tei:editorialDecl">
        <pt:legend key="{normalize-space(serialize(.))}"><xsl:apply-templates select="*" mode="h:legend"/></pt:legend>
      </xsl:for-each>
    </pt:part>
  </xsl:template>

  <!-- The entries of the document's listings, for the calendar of index.html. -->
  <xsl:template name="pt:entries">
    <xsl:for-each select=".//tei:listBibl/tei:bibl">
      <xsl:variable name="date" select="tei:date[1]"/>
      <pt:entry sort="{f:date-sort-key((tei:date/(@when, @notBefore, @from)[f:is-iso-date(.)])[1])}"
        anchor="{f:anchor(.)}" title="{normalize-space(string-join(tei:title, ' '))}">
        <pt:date><xsl:sequence select="h:date-cell(($date/(@when, @notBefore, @from)[f:is-iso-date(.)])[1], normalize-space($date))"/></pt:date>
        <pt:summary><xsl:apply-templates select="tei:note[@type = 'summary']/node()"/></pt:summary>
      </pt:entry>
    </xsl:for-each>
  </xsl:template>

  <!-- Each person the document refers to (turns, mentions, participants), by register key, for persons.html. -->
  <xsl:template name="pt:persons">
    <xsl:variable name="doc-id" select="f:doc-id(.)"/>
    <xsl:variable name="doc-title" select="f:doc-title(.)"/>
    <xsl:variable name="doc-date" select="f:doc-date(.)"/>
    <xsl:variable name="doc-date-text" select="$doc-date[.] ! f:format-date(.)"/>
    <!-- a name inside a name with the same key is one mention -->
    <xsl:variable name="mentions" select="tei:text//(tei:persName | tei:name | tei:rs)[f:person-key(.)]
      [not(f:person-key(.) = ancestor::*[self::tei:persName or self::tei:name or self::tei:rs] ! f:person-key(.))]"/>
    <xsl:for-each-group select=".//tei:sp | $mentions | tei:teiHeader//tei:particDesc//tei:person"
        group-by="(if (self::tei:person) then f:ref-key(@sameAs) else f:person-key(.))[.]">
      <xsl:variable name="turns" select="current-group()[self::tei:sp]"/>
      <xsl:variable name="named" select="current-group()[not(self::tei:sp or self::tei:person)]"/>
      <xsl:variable name="present" select="current-group()[self::tei:person]"/>
      <xsl:variable name="person" as="element(pt:person)">
        <pt:person key="{current-grouping-key()}">
          <xsl:for-each select="distinct-values(($present/tei:persName, $turns/tei:speaker ! f:speaker-name(.), $named) ! normalize-space(.)[.])">
            <pt:form><xsl:value-of select="."/></pt:form>
          </xsl:for-each>
          <xsl:for-each select="$turns">
            <pt:turn anchor="{f:anchor(.)}" n="{f:turn-number(.)}"/>
          </xsl:for-each>
          <xsl:for-each-group select="$named" group-by="(h:place(.) ! f:anchor(.), '')[1]">
            <xsl:variable name="place" select="h:place(.)"/>
            <pt:mention label="{h:place-label($place)}" count="{count(current-group())}">
              <xsl:if test="$place"><xsl:attribute name="anchor" select="f:anchor($place)"/></xsl:if>
            </pt:mention>
          </xsl:for-each-group>
          <xsl:if test="$present"><pt:present/></xsl:if>
        </pt:person>
      </xsl:variable>
      <pt:person key="{$person/@key}">
        <xsl:copy-of select="$person/pt:form"/>
        <pt:li>
          <xsl:call-template name="h:occurrence">
            <xsl:with-param name="person" select="$person"/>
            <xsl:with-param name="id" select="$doc-id"/>
            <xsl:with-param name="title" select="$doc-title"/>
            <xsl:with-param name="date" select="$doc-date"/>
            <xsl:with-param name="date-text" select="$doc-date-text"/>
          </xsl:call-template>
        </pt:li>
      </pt:person>
    </xsl:for-each-group>
  </xsl:template>

  <!-- Each place and organisation the document names, by register and key, for places-?.html and orgs-?.html:
       its forms as written and its line (the mentions, as on the persons' pages). -->
  <xsl:template name="pt:places">
    <xsl:variable name="doc-id" select="f:doc-id(.)"/>
    <xsl:variable name="doc-title" select="f:doc-title(.)"/>
    <xsl:variable name="doc-date" select="f:doc-date(.)"/>
    <xsl:variable name="doc-date-text" select="$doc-date[.] ! f:format-date(.)"/>
    <xsl:for-each-group select="tei:text//(tei:placeName | tei:orgName)[exists(f:named-ref(@ref))]"
        group-by="string-join(f:named-ref(@ref), ' ')">
      <xsl:sort select="current-grouping-key()"/>
      <xsl:variable name="ref" select="f:named-ref(@ref)"/>
      <xsl:variable name="line" as="element(pt:person)">
        <pt:person>
          <xsl:for-each-group select="current-group()" group-by="(h:place(.) ! f:anchor(.), '')[1]">
            <xsl:variable name="place" select="h:place(.)"/>
            <pt:mention label="{h:place-label($place)}" count="{count(current-group())}">
              <xsl:if test="$place"><xsl:attribute name="anchor" select="f:anchor($place)"/></xsl:if>
            </pt:mention>
          </xsl:for-each-group>
        </pt:person>
      </xsl:variable>
      <pt:place register="{$ref[1]}" key="{$ref[2]}">
        <xsl:for-each select="distinct-values(current-group() ! normalize-space(.)[.])">
          <pt:form><xsl:value-of select="."/></pt:form>
        </xsl:for-each>
        <pt:li>
          <xsl:call-template name="h:occurrence">
            <xsl:with-param name="person" select="$line"/>
            <xsl:with-param name="id" select="$doc-id"/>
            <xsl:with-param name="title" select="$doc-title"/>
            <xsl:with-param name="date" select="$doc-date"/>
            <xsl:with-param name="date-text" select="$doc-date-text"/>
          </xsl:call-template>
        </pt:li>
      </pt:place>
    </xsl:for-each-group>
  </xsl:template>

</xsl:stylesheet>
