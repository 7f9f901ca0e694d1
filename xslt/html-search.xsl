<?xml version="1.0" encoding="UTF-8"?>
<!-- The documents of the search index of the HTML edition (search-index.js, a script so search works from disk
     with no server), in chronological order, as a JSON array of [id, title, date]. Input: the same pt:parts as the
     corpus pages. Each document's entries (turns, paragraphs, headings, listing entries and notes, each pointing at
     its anchor on the document's page) were extracted by html-parts.xsl; pipeline/render.py writes the script,
     the entries in this order. Arrays only (no maps), so the output is byte-stable. -->
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
    <xsl:value-of select="serialize(array { $docs ! [string(@id), string(@title), string(@date-text)] },
      map { 'method': 'json', 'escape-solidus': false() })"/>
  </xsl:template>

</xsl:stylesheet>
