<?xml version="1.0" encoding="UTF-8"?>
<!-- The search index of the HTML edition, as a script (search-index.js) so search works from disk with no server.
     Input: the same pt:parts as the corpus pages; the entries (turns, paragraphs, headings, listing entries and
     notes, each pointing at its anchor on the document's page) were extracted by html-parts.xsl. Arrays only (no
     maps), so the output is byte-stable. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:h="urn:tei-edition:html"
  xmlns:pt="urn:tei-edition:part"
  exclude-result-prefixes="#all">

  <xsl:import href="html.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/pt:parts" priority="10">
    <xsl:variable name="docs" select="h:chronological(pt:part)"/>
    <xsl:variable name="documents" select="array { $docs ! [string(@id), string(@title), string(@date-text)] }"/>
    <!-- each pt:search is its document's entries as JSON: [["anchor","label","text"], …] -->
    <xsl:variable name="entries" select="'[' || string-join($docs ! string(pt:search), ',') || ']'"/>
    <xsl:text>/* Search index of the edition, written by the build (xslt/html-search.xsl). documents: [id, title, date];
   entries: one list per document (in the order of documents), each entry [anchor, label, text]. */&#10;</xsl:text>
    <xsl:text>window.EDITION_SEARCH = {"documents": </xsl:text>
    <xsl:value-of select="serialize($documents, map { 'method': 'json', 'escape-solidus': false() })"/>
    <xsl:text>,&#10;"entries": </xsl:text>
    <xsl:value-of select="$entries"/>
    <xsl:text>};&#10;</xsl:text>
  </xsl:template>

</xsl:stylesheet>
