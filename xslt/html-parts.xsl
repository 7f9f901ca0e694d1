<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-parts.xsl: one TEI document → its "part": everything the corpus pages (index, persons, conventions, search
  index) need from it, computed once when the document's own page is made, so that the corpus pages are assembled
  from small parts and never re-read the documents (pipeline/render.py keeps the parts in <html>/.parts/).

  <pt:part key id title date date-text kind archive>    (key: $part-key, how render.py tells a stale part)
    <pt:entry sort anchor title><pt:date>…</pt:date><pt:summary>…</pt:summary></pt:entry>*   listing entries
    <pt:person key><pt:form/>* <pt:li>…</pt:li></pt:person>*        the person's line on persons.html (HTML)
    <pt:legend key>…</pt:legend>*                                                            editorialDecl
    <pt:search>[["anchor","label","text"], …]</pt:search>                                   search entries (JSON)
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

  <!-- Written into pt:part/@key: a digest of the TEI and the stylesheets (render.py). -->
  <xsl:param name="part-key" as="xs:string" select="''"/>

  <xsl:template match="/tei:TEI" priority="10">
    <pt:part key="{$part-key}" id="{f:doc-id(.)}" title="{f:doc-title(.)}" date="{f:doc-date(.)}"
      date-text="{f:doc-date-text(.)}" kind="{f:kind(.)}" archive="{h:archive(.)}">
      <xsl:call-template name="pt:entries"/>
      <xsl:call-template name="pt:persons"/>
      <xsl:for-each select="tei:teiHeader/tei:encodingDesc/tei:editorialDecl">
        <pt:legend key="{normalize-space(serialize(.))}"><xsl:apply-templates select="*" mode="h:legend"/></pt:legend>
      </xsl:for-each>
      <pt:search><xsl:call-template name="pt:search"/></pt:search>
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

  <!-- The searchable units of the document, in document order (turns, paragraphs, headings, listing entries,
       notes), as one JSON array of [anchor, label, text]. Written with pt:json-string: Saxon's JSON serialiser
       costs more than the rest of the part. -->
  <xsl:template name="pt:search">
    <xsl:variable name="entries" as="xs:string*">
      <xsl:for-each select="tei:text//(tei:sp | tei:p[not(ancestor::tei:sp | ancestor::tei:note | ancestor::tei:p)]
        | tei:head[parent::tei:div] | tei:listBibl/tei:bibl | tei:note[f:is-footnote(.)][not(ancestor::tei:note)])">
        <xsl:variable name="text" select="normalize-space(string-join(node() ! pt:search-text(.), ''))"/>
        <xsl:if test="$text">
          <xsl:sequence select="'[' || string-join((f:anchor(.), pt:search-label(.), $text) ! pt:json-string(.), ',') || ']'"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:value-of select="'[' || string-join($entries, ',') || ']'"/>
  </xsl:template>

  <!-- A string as a JSON string literal (RFC 8259): backslash and quote escaped, and the only control characters
       XML 1.0 allows in text (tab, line feed, carriage return); plain tests first, as most strings need nothing. -->
  <xsl:function name="pt:json-string" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:variable name="quoted" select="if (contains($s, '\') or contains($s, '&quot;'))
      then replace(replace($s, '\\', '\\\\'), '&quot;', '\\&quot;') else $s"/>
    <xsl:sequence select="'&quot;' || (if (contains($quoted, '&#9;') or contains($quoted, '&#10;') or contains($quoted, '&#13;'))
      then replace(replace(replace($quoted, '&#9;', '\\t'), '&#10;', '\\n'), '&#13;', '\\r') else $quoted) || '&quot;'"/>
  </xsl:function>

  <!-- The words of a node as a reader sees them: blocks apart, footnote texts left out (they are entries). -->
  <xsl:function name="pt:search-text" as="xs:string*">
    <xsl:param name="node" as="node()"/>
    <xsl:choose>
      <xsl:when test="$node/self::text()"><xsl:sequence select="string($node)"/></xsl:when>
      <xsl:when test="$node/self::tei:note[f:is-footnote(.)] or $node/self::tei:pb"/>
      <xsl:when test="$node/self::tei:gap or $node/self::tei:incident"><xsl:sequence select="' ', f:marker-text($node), ' '"/></xsl:when>
      <xsl:when test="$node/(self::tei:p | self::tei:item | self::tei:speaker | self::tei:l | self::tei:ab | self::tei:head
        | self::tei:signed | self::tei:dateline | self::tei:label | self::tei:lb)">
        <xsl:sequence select="' ', $node/node() ! pt:search-text(.), ' '"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$node/node() ! pt:search-text(.)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="pt:search-label" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="
      if ($el/self::tei:sp) then string-join((f:speaker-name($el/tei:speaker)[.], f:label('turn', string(f:turn-number($el)))), ', ')
      else if ($el/self::tei:note) then f:label('place-note', f:note-number($el))
      else if ($el/self::tei:bibl) then f:label('place-entry', string(count($el/preceding-sibling::tei:bibl) + 1))
      else if ($el/self::tei:head) then f:label('place-heading')
      else f:label('place-paragraph', string(f:paragraph-number($el)))"/>
  </xsl:function>

</xsl:stylesheet>
