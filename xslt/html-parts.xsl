<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-parts.xsl: one TEI document → its "part": everything the corpus pages (index, registers, conventions)
  need from it, computed once when the document's own page is made, so that the corpus pages are assembled
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
    <!-- a name inside a name with the same key is one mention -->
    <xsl:variable name="mentions" select="tei:text//(tei:persName | tei:name | tei:rs)[f:person-key(.)]
      [not(f:person-key(.) = ancestor::*[self::tei:persName or self::tei:name or self::tei:rs] ! f:person-key(.))]"/>
    <xsl:for-each-group select=".//tei:sp | $mentions | tei:teiHeader//tei:particDesc//tei:person"
        group-by="(if (self::tei:person) then f:ref-key(@sameAs) else f:person-key(.))[.]">
      <xsl:variable name="turns" select="current-group()[self::tei:sp]"/>
      <xsl:variable name="named" select="current-group()[not(self::tei:sp or self::tei:person)]"/>
      <xsl:variable name="present" select="current-group()[self::tei:person]"/>
      <pt:person key="{current-grouping-key()}">
        <xsl:for-each select="distinct-values(($present/tei:persName, $turns/tei:speaker ! f:speaker-name(.), $named) ! normalize-space(.)[.])">
          <pt:form><xsl:value-of select="."/></pt:form>
        </xsl:for-each>
        <pt:li><xsl:sequence select="h:occurrence(., $turns, h:mentions($named), exists($present))"/></pt:li>
      </pt:person>
    </xsl:for-each-group>
  </xsl:template>

  <!-- Each place and organisation the document names, by register and key, for places-?.html and orgs-?.html:
       its forms as written and its line (the mentions, as on the persons' pages). -->
  <xsl:template name="pt:places">
    <xsl:for-each-group select="tei:text//(tei:placeName | tei:orgName)[exists(f:named-ref(@ref))]"
        group-by="string-join(f:named-ref(@ref), ' ')">
      <xsl:sort select="current-grouping-key()"/>
      <xsl:variable name="ref" select="f:named-ref(@ref)"/>
      <pt:place register="{$ref[1]}" key="{$ref[2]}">
        <xsl:for-each select="distinct-values(current-group() ! normalize-space(.)[.])">
          <pt:form><xsl:value-of select="."/></pt:form>
        </xsl:for-each>
        <pt:li><xsl:sequence select="h:occurrence(., (), h:mentions(current-group()), false())"/></pt:li>
      </pt:place>
    </xsl:for-each-group>
  </xsl:template>

  <!-- ===== the pre-rendered lines and legends (HTML) ===== -->

  <!-- The element of the text a mention links to: its footnote, else its paragraph, heading, entry or turn. -->
  <xsl:function name="h:place" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="($el/ancestor::tei:note[f:is-footnote(.)][last()],
      $el/ancestor::*[self::tei:p[not(ancestor::tei:note)] or self::tei:ab or self::tei:head[parent::tei:div] or self::tei:bibl[parent::tei:listBibl] or self::tei:sp][1])[1]"/>
  </xsl:function>

  <!-- Where a document names an entry ($names), grouped by the element of the text they link to (h:place): one
       pt:mention each, with its words (h:place-label), its anchor and how many names it holds. -->
  <xsl:function name="h:mentions" as="element(pt:mention)*">
    <xsl:param name="names" as="element()*"/>
    <xsl:for-each-group select="$names" group-by="(h:place(.) ! f:anchor(.), '')[1]">
      <xsl:variable name="place" select="h:place(.)"/>
      <pt:mention label="{h:place-label($place)}" count="{count(current-group())}">
        <xsl:if test="$place"><xsl:attribute name="anchor" select="f:anchor($place)"/></xsl:if>
      </pt:mention>
    </xsl:for-each-group>
  </xsl:function>

  <!-- Entries of listings (listBibl/bibl) counted within each TEI document (see the accumulators of common.xsl). -->
  <xsl:accumulator name="h:entries" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" phase="start" select="0"/>
    <xsl:accumulator-rule match="tei:TEI" phase="end" select="0"/>
    <xsl:accumulator-rule match="tei:TEI//tei:listBibl/tei:bibl" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The words for a place of h:place: "note 3", "turn 12", "entry 4", "heading", "paragraph 7"; "page" for none. -->
  <xsl:function name="h:place-label" as="xs:string">
    <xsl:param name="place" as="element()?"/>
    <xsl:sequence select="
      if (empty($place)) then f:label('place-page')
      else if ($place/self::tei:note) then f:label('place-note', f:note-number($place))
      else if ($place/self::tei:sp) then f:label('turn', string(f:turn-number($place)))
      else if ($place/ancestor::tei:sp) then f:label('turn', string(f:turn-number($place/ancestor::tei:sp[1])))
      else if ($place/self::tei:bibl) then f:label('place-entry',
        string(f:ordinal($place ! accumulator-before('h:entries'), exists($place/parent::tei:listBibl/ancestor::tei:TEI))))
      else if ($place/self::tei:head) then f:label('place-heading')
      else f:label('place-paragraph', string(f:paragraph-number($place)))"/>
  </xsl:function>

  <!-- A document's line under an entry of a register (persons-?.html, places-?.html, orgs-?.html): the document,
       its date, the entry's turns ($turns) and mentions (h:mentions) in it, or that it takes part ($present). Made
       with the document's part (pt:li), so the register's pages only copy it: a change to one document re-renders
       only that document's lines. $doc: a node of the document. -->
  <xsl:function name="h:occurrence" as="element()">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="turns" as="element(tei:sp)*"/>
    <xsl:param name="mentions" as="element(pt:mention)*"/>
    <xsl:param name="present" as="xs:boolean"/>
    <xsl:variable name="id" select="f:doc-id($doc)"/>
    <li>
      <a href="{$id}.html"><xsl:value-of select="f:doc-title($doc)"/></a>
      <xsl:for-each select="f:doc-date($doc)[.]"> (<time datetime="{.}"><xsl:value-of select="f:format-date(.)"/></time>)</xsl:for-each>
      <xsl:if test="$turns">
        <xsl:text>: </xsl:text>
        <span class="speaks"><xsl:value-of select="f:label('speaks', string(count($turns)))"/></span>
        <xsl:text> </xsl:text>
        <xsl:for-each select="$turns">
          <a class="turn" href="{$id}.html#{f:anchor(.)}"><xsl:value-of select="f:label('turn', string(f:turn-number(.)))"/></a>
          <xsl:if test="position() ne last()">, </xsl:if>
        </xsl:for-each>
      </xsl:if>
      <xsl:if test="$mentions">
        <xsl:text>; </xsl:text>
        <span class="mentioned"><xsl:value-of select="f:label('mentioned', string(sum($mentions/@count ! xs:integer(.))))"/></span>
        <xsl:text> </xsl:text>
        <xsl:for-each select="$mentions">
          <a class="mention" href="{$id}.html{@anchor ! ('#' || .)}">
            <xsl:value-of select="@label"/>
            <xsl:if test="xs:integer(@count) gt 1"> (×<xsl:value-of select="@count"/>)</xsl:if>
          </a>
          <xsl:if test="position() ne last()">, </xsl:if>
        </xsl:for-each>
      </xsl:if>
      <xsl:if test="empty($turns) and $present">
        <xsl:text>: </xsl:text>
        <span class="present"><xsl:value-of select="f:label('participant')"/></span>
      </xsl:if>
    </li>
  </xsl:function>

  <!-- Legends: paragraphs without anchors (several documents share one legend), lists as lists. The list of
       bracket classes (list type="gloss", whose items name TEI elements) is the table of this page, in plain words:
       its paragraph is left out. -->
  <xsl:template match="tei:p[tei:list[@type = 'gloss']]" mode="h:legend" priority="2"/>
  <xsl:template match="tei:p" mode="h:legend">
    <xsl:element name="{if (h:has-blocks(.)) then 'div' else 'p'}">
      <xsl:apply-templates mode="h:legend"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:normalization | tei:correction | tei:hyphenation | tei:quotation | tei:segmentation | tei:interpretation | tei:punctuation | tei:stdVals" mode="h:legend">
    <xsl:apply-templates mode="h:legend"/>
  </xsl:template>
  <xsl:template match="tei:list" mode="h:legend">
    <ul><xsl:apply-templates select="tei:item" mode="h:legend"/></ul>
  </xsl:template>
  <xsl:template match="tei:item" mode="h:legend">
    <li><xsl:apply-templates mode="h:legend"/></li>
  </xsl:template>
  <xsl:template match="node()" mode="h:legend">
    <xsl:apply-templates select="."/>
  </xsl:template>

</xsl:stylesheet>
