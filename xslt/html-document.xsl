<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-document.xsl: one TEI document → its page (the principal result, as html.xsl makes it) and its part (as
  html-parts.xsl makes it, written to $part-href). One transformation for both: the accumulators and keys the two
  share are computed once per document (pipeline/render.py; html-parts.xsl alone remakes a missing part).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:h="urn:tei-edition:html"
  xmlns:pt="urn:tei-edition:part"
  exclude-result-prefixes="#all">
  <xsl:import href="html-parts.xsl"/>
  <xsl:output method="html" html-version="5" version="5.0" encoding="UTF-8" indent="no" include-content-type="no"/>
  <xsl:output name="part" method="xml" version="1.0" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>
  <!-- Where the part is written: a file: URI (render.py gives a temporary file beside the part). -->
  <xsl:param name="part-href" as="xs:string" select="''"/>
  <xsl:template match="/tei:TEI" priority="20">
    <xsl:result-document href="{$part-href}" format="part">
      <xsl:next-match/>  <!-- html-parts.xsl's template for /tei:TEI: the part -->
    </xsl:result-document>
    <!-- html.xsl's template for /tei:TEI: the page -->
    <xsl:call-template name="h:page">
      <xsl:with-param name="title" select="f:doc-title(.)"/>
    </xsl:call-template>
  </xsl:template>
</xsl:stylesheet>
