<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-document.xsl: one TEI document → its page (the principal result, as html.xsl makes it) and its part (as
  html-parts.xsl makes it, written to $part-href). One transformation for both: the accumulators and keys the two
  share are computed once per document (pipeline/publish/html.py; html-parts.xsl alone makes a part whose page waits for the corpus).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:h="urn:tei-edition:html"
  exclude-result-prefixes="#all">
  <xsl:import href="html-parts.xsl"/>
  <!-- The page's output as html.xsl declares it (html-parts.xsl's, which imports html.xsl, would win otherwise); the part's
       as html-parts.xsl declares it. -->
  <xsl:output method="html" html-version="5" version="5.0" encoding="UTF-8" indent="no" include-content-type="no"/>
  <xsl:output name="part" method="xml" version="1.0" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>
  <!-- Where the part is written: a file: URI (pipeline/publish/html.py gives a temporary file beside the part). -->
  <xsl:param name="part-href" as="xs:string" required="yes"/>
  <xsl:template match="/tei:TEI" priority="20">
    <xsl:result-document href="{$part-href}" format="part">
      <xsl:next-match/>  <!-- html-parts.xsl's template for /tei:TEI: the part -->
    </xsl:result-document>
    <xsl:call-template name="h:document-page"/>  <!-- html.xsl's template for /tei:TEI: the page -->
  </xsl:template>
</xsl:stylesheet>
