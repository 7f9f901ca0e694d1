<?xml version="1.0" encoding="UTF-8"?>
<!-- The search index of the HTML edition, as a script (search-index.js) so search works from disk with no server.
     Input: the same teiCorpus as the corpus pages. One entry per turn, paragraph, heading, listing entry and note,
     each pointing at its anchor on the document's page. Arrays only (no maps), so the output is byte-stable. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/tei:teiCorpus">
    <xsl:variable name="copies" as="document-node()*">
      <xsl:for-each select="tei:TEI[not(@xml:id = 'persons')]">
        <xsl:document><xsl:copy-of select="."/></xsl:document>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="docs" as="element(tei:TEI)*">
      <xsl:perform-sort select="$copies/tei:TEI">
        <xsl:sort select="f:date-sort-key(f:doc-date(.))"/>
        <xsl:sort select="f:doc-title(.)" lang="en"/>
        <xsl:sort select="f:doc-id(.)"/>
      </xsl:perform-sort>
    </xsl:variable>
    <xsl:variable name="documents" select="array { $docs ! [f:doc-id(.), f:doc-title(.), (f:doc-date-text(.), '')[1]] }"/>
    <xsl:variable name="entries" select="array { for $i in 1 to count($docs) return f:entries($docs[$i], $i - 1) }"/>
    <xsl:text>/* Search index of the edition, written by the build (xslt/html-search.xsl). documents: [id, title, date];
   entries: [document number, anchor, label, text]. */&#10;</xsl:text>
    <xsl:text>window.EDITION_SEARCH = {"documents": </xsl:text>
    <xsl:value-of select="serialize($documents, map { 'method': 'json', 'escape-solidus': false() })"/>
    <xsl:text>,&#10;"entries": </xsl:text>
    <xsl:value-of select="serialize($entries, map { 'method': 'json', 'escape-solidus': false() })"/>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

  <!-- The searchable units of one document, in document order. -->
  <xsl:function name="f:entries" as="array(*)*">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:param name="n" as="xs:integer"/>
    <xsl:for-each select="$tei/tei:text//(tei:sp | tei:p[not(ancestor::tei:sp | ancestor::tei:note | ancestor::tei:p)]
      | tei:head[parent::tei:div] | tei:listBibl/tei:bibl | tei:note[f:is-footnote(.)][not(ancestor::tei:note)])">
      <xsl:variable name="text" select="normalize-space(string-join(node() ! f:search-text(.), ''))"/>
      <xsl:if test="$text">
        <xsl:sequence select="[$n, f:anchor(.), f:search-label(.), $text]"/>
      </xsl:if>
    </xsl:for-each>
  </xsl:function>

  <!-- The words of a node as a reader sees them: blocks apart, footnote texts left out (they are entries). -->
  <xsl:function name="f:search-text" as="xs:string*">
    <xsl:param name="node" as="node()"/>
    <xsl:choose>
      <xsl:when test="$node/self::text()"><xsl:sequence select="string($node)"/></xsl:when>
      <xsl:when test="$node/self::tei:note[f:is-footnote(.)] or $node/self::tei:pb"/>
      <xsl:when test="$node/self::tei:gap or $node/self::tei:incident"><xsl:sequence select="' ', f:marker-text($node), ' '"/></xsl:when>
      <xsl:when test="$node/(self::tei:p | self::tei:item | self::tei:speaker | self::tei:l | self::tei:ab | self::tei:head
        | self::tei:signed | self::tei:dateline | self::tei:label | self::tei:lb)">
        <xsl:sequence select="' ', $node/node() ! f:search-text(.), ' '"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$node/node() ! f:search-text(.)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <xsl:function name="f:search-label" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="
      if ($el/self::tei:sp) then string-join((normalize-space($el/tei:speaker), f:label('turn', string(f:turn-number($el)))), ', ')
      else if ($el/self::tei:note) then f:label('place-note', f:note-number($el))
      else if ($el/self::tei:bibl) then f:label('place-entry', string(count($el/preceding-sibling::tei:bibl) + 1))
      else if ($el/self::tei:head) then f:label('place-heading')
      else f:label('place-paragraph', string(f:paragraph-number($el)))"/>
  </xsl:function>

</xsl:stylesheet>
