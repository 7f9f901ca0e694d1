<?xml version="1.0" encoding="UTF-8"?>
<!-- Each document's links to the previous and next document in date order (the order of index.html), as text: one
     line per document, "id TAB <nav>…</nav>". Input: the same pt:parts as the corpus pages. pipeline/render.py puts
     each nav into its document's page in place of the empty nav class="prevnext" html.xsl leaves there (a page is
     made before the corpus is known; only the pages whose neighbours changed are touched). -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:f="urn:tei-edition:functions"
  xmlns:h="urn:tei-edition:html"
  xmlns:pt="urn:tei-edition:part"
  exclude-result-prefixes="#all">

  <xsl:import href="html.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/pt:parts" priority="10">
    <xsl:variable name="docs" select="h:chronological(pt:part)"/>
    <xsl:for-each select="$docs">
      <xsl:variable name="i" select="position()"/>
      <xsl:variable name="nav" as="element()">
        <nav class="prevnext" aria-label="{f:label('prevnext-label')}" data-pagefind-ignore="all">
          <ul>
            <xsl:for-each select="$docs[$i - 1]">
              <li class="prev"><span class="rel"><xsl:value-of select="f:label('prev-doc')"/>: </span>
                <a rel="prev" href="{@id}.html"><xsl:value-of select="@title"/></a>
                <xsl:for-each select="@date-text[normalize-space()]"> (<xsl:value-of select="h:short-date(..)"/>)</xsl:for-each></li>
            </xsl:for-each>
            <xsl:for-each select="$docs[$i + 1]">
              <li class="next"><span class="rel"><xsl:value-of select="f:label('next-doc')"/>: </span>
                <a rel="next" href="{@id}.html"><xsl:value-of select="@title"/></a>
                <xsl:for-each select="@date-text[normalize-space()]"> (<xsl:value-of select="h:short-date(..)"/>)</xsl:for-each></li>
            </xsl:for-each>
          </ul>
        </nav>
      </xsl:variable>
      <xsl:value-of select="@id || '&#9;' || serialize($nav, map { 'method': 'html', 'html-version': 5, 'indent': false() }) || '&#10;'"/>
    </xsl:for-each>
  </xsl:template>

  <!-- A part's date in words (its ISO date formatted, else the document's own words). -->
  <xsl:function name="h:short-date" as="xs:string">
    <xsl:param name="part" as="element(pt:part)"/>
    <xsl:sequence select="if ($part/@date[string()]) then f:format-date($part/@date) else string($part/@date-text)"/>
  </xsl:function>

</xsl:stylesheet>
