<?xml version="1.0" encoding="UTF-8"?>
<!-- The corpus pages, from the parts of every document (pt:part, made by html-parts.xsl when the document's page is
     made) and the registers (TEI xml:id="persons", "places", "orgs"), all in one pt:parts: index.html, the
     registers' pages (html-registers.xsl), conventions.html, search.html. Included by html.xsl; html-parts.xsl
     uses h:date-cell. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:h="urn:tei-edition:html"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:pt="urn:tei-edition:part"
  exclude-result-prefixes="#all">

  <!-- The documents' parts in chronological order (undated last), then by title and id. -->
  <xsl:variable name="h:docs" as="element(pt:part)*">
    <xsl:perform-sort select="/pt:parts/pt:part">
      <xsl:sort select="f:date-sort-key(@date[string()])"/>
      <xsl:sort select="string(@title)" lang="en"/>
      <xsl:sort select="string(@id)"/>
    </xsl:perform-sort>
  </xsl:variable>
  <!-- A document's place in $h:docs, by generate-id() of its part. -->
  <xsl:variable name="h:doc-rank" as="map(xs:string, xs:integer)"
    select="map:merge(for $i in 1 to count($h:docs) return map:entry(generate-id($h:docs[$i]), $i))"/>
  <xsl:variable name="h:register" as="element(tei:TEI)*" select="/pt:parts/tei:TEI[@xml:id = 'persons']"/>
  <xsl:key name="h:person-part" match="pt:person" use="@key"/>
  <xsl:key name="h:place-part" match="pt:place" use="@register || ' ' || @key"/>
  <!-- The registers of places and organisations (tei/places.xml, tei/orgs.xml) and their entries by xml:id. -->
  <xsl:variable name="h:named-registers" as="element(tei:TEI)*" select="/pt:parts/tei:TEI[@xml:id = ('places', 'orgs')]"/>
  <xsl:key name="h:named-entry" match="tei:listPlace/tei:place | tei:listOrg/tei:org" use="@xml:id"/>
  <xsl:variable name="h:root" as="document-node()?" select="/"/>

  <xsl:template match="/pt:parts">
    <xsl:if test="$page = 'index'">
      <xsl:result-document href="{$pages-dir}order.xml" format="h:order">
        <xsl:call-template name="h:order"/>
      </xsl:result-document>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="$page = $h:registers"><xsl:call-template name="h:register-pages"/></xsl:when>
      <xsl:when test="$page = ('index', 'conventions', 'search')">
        <xsl:call-template name="h:page">
          <xsl:with-param name="title" select="f:label($page || '-title')"/>
          <xsl:with-param name="current" select="$page"/>
          <xsl:with-param name="scripts" select="'search.js'[$page = 'search']"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:message terminate="yes">html.xsl: error: unknown page '<xsl:value-of select="$page"/>'; allowed: index, persons, places, orgs, conventions, search [html-page]</xsl:message>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Each document's neighbours in date order, the parameter $neighbours of its page (pipeline/publish/html.py):
       <pt:order><pt:neighbours id><pt:part rel="prev|next" id title date-text/>*</pt:neighbours>*</pt:order>. -->
  <xsl:output name="h:order" method="xml" version="1.0" encoding="UTF-8" indent="no" omit-xml-declaration="yes"/>
  <xsl:template name="h:order">
    <pt:order>
      <xsl:for-each select="$h:docs">
        <xsl:variable name="i" select="position()"/>
        <pt:neighbours id="{@id}">
          <xsl:sequence select="$h:docs[$i - 1] ! h:neighbour(., 'prev'), $h:docs[$i + 1] ! h:neighbour(., 'next')"/>
        </pt:neighbours>
      </xsl:for-each>
    </pt:order>
  </xsl:template>
  <xsl:function name="h:neighbour" as="element(pt:part)">
    <xsl:param name="part" as="element(pt:part)"/>
    <xsl:param name="rel" as="xs:string"/>
    <!-- its date in words: its ISO date formatted, else the document's own words -->
    <pt:part rel="{$rel}" id="{$part/@id}" title="{$part/@title}" date-text="{if (not(normalize-space($part/@date-text)))
      then '' else if ($part/@date[string()]) then f:format-date($part/@date) else string($part/@date-text)}"/>
  </xsl:function>

  <!-- A date cell: <time> when the date is ISO, the document's own words for it otherwise. -->
  <xsl:function name="h:date-cell" as="node()*">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:param name="text" as="xs:string?"/>
    <xsl:choose>
      <xsl:when test="$iso"><time datetime="{$iso}"><xsl:value-of select="f:format-date($iso)"/></time></xsl:when>
      <xsl:otherwise><xsl:value-of select="($text[normalize-space()], f:label('undated'))[1]"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- ===== index.html ===== -->

  <xsl:template match="/pt:parts[$page = 'index']" mode="h:main">
    <h1><xsl:value-of select="f:label('index-title')"/></h1>
    <p><xsl:value-of select="f:label('index-intro')"/></p>
    <div class="table-wrap">
      <table class="documents reflow">
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="f:label('col-date')"/></th>
            <th scope="col"><xsl:value-of select="f:label('col-title')"/></th>
            <th scope="col"><xsl:value-of select="f:label('col-kind')"/></th>
            <th scope="col"><xsl:value-of select="f:label('col-archive')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$h:docs">
            <tr>
              <td data-label="{f:label('col-date')}"><xsl:sequence select="h:date-cell(@date[string()], @date-text[string()])"/></td>
              <td data-label="{f:label('col-title')}"><a href="{@id}.html"><xsl:value-of select="@title"/></a></td>
              <td data-label="{f:label('col-kind')}"><xsl:value-of select="f:label-or('kind-' || @kind, @kind)"/></td>
              <td data-label="{f:label('col-archive')}"><xsl:value-of select="@archive"/></td>
            </tr>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
    <xsl:call-template name="h:calendar"/>
  </xsl:template>

  <!-- The listings' entries as one calendar, in chronological order, each linked to its place in its listing. -->
  <xsl:template name="h:calendar">
    <xsl:variable name="listings" select="$h:docs[pt:entry]"/>
    <xsl:if test="$listings">
      <section class="calendar" aria-labelledby="calendar-h">
        <h2 id="calendar-h"><xsl:value-of select="f:label('calendar-title')"/></h2>
        <p>
          <xsl:value-of select="substring-before(f:label('calendar-intro'), '{1}')"/>
          <xsl:for-each select="$listings">
            <xsl:if test="position() gt 1">, </xsl:if>
            <a href="{@id}.html"><xsl:value-of select="@title"/></a>
          </xsl:for-each>
          <xsl:value-of select="substring-after(f:label('calendar-intro'), '{1}')"/>
        </p>
        <div class="table-wrap">
          <table class="calendar reflow">
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="f:label('col-date')"/></th>
                <th scope="col"><xsl:value-of select="f:label('col-title')"/></th>
                <th scope="col"><xsl:value-of select="f:label('col-summary')"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$listings/pt:entry">
                <xsl:sort select="string(@sort)"/>
                <xsl:sort select="string(../@id)"/>
                <!-- then in document order: the sort is stable -->
                <tr>
                  <td data-label="{f:label('col-date')}"><xsl:copy-of select="pt:date/node()" copy-namespaces="no"/></td>
                  <td data-label="{f:label('col-title')}"><a href="{../@id}.html#{@anchor}"><xsl:value-of select="@title"/></a></td>
                  <td data-label="{f:label('col-summary')}"><xsl:copy-of select="pt:summary/node()" copy-namespaces="no"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </div>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:include href="html-registers.xsl"/>

  <!-- ===== conventions.html ===== -->

  <!-- One example of each class of bracket, with the words around it as the sources have them; each is printed
       by the templates of the text, so the table shows exactly what the documents show. -->
  <xsl:variable name="h:samples" as="element(tei:seg)*">
    <tei:seg>I think that <tei:supplied reason="omitted-in-original">you</tei:supplied> should go.</tei:seg>
    <tei:seg>the VSRP <tei:supplied reason="expansion">Hungarian Socialist Workers’ Party</tei:supplied></tei:seg>
    <tei:seg>talks backstage <tei:supplied reason="gloss">private</tei:supplied></tei:seg>
    <tei:seg>to bring closer <tei:foreign xml:lang="ru-Latn">priblizit’</tei:foreign></tei:seg>
    <tei:seg>as we see <tei:foreign xml:lang="ru-Latn"><tei:sic>vidim</tei:sic></tei:foreign></tei:seg>
    <tei:seg>we and <tei:sic>and</tei:sic> they</tei:seg>
    <tei:seg>the road to <tei:unclear>Hanoi</tei:unclear></tei:seg>
    <tei:seg>Comrade <tei:gap reason="illegible"><tei:desc>illegible name</tei:desc></tei:gap> said</tei:seg>
    <tei:seg>Comrade <tei:gap reason="inaudible"><tei:desc>inaudible</tei:desc></tei:gap> said</tei:seg>
    <tei:seg>He went on. <tei:gap reason="omitted"/> Then he said</tei:seg>
    <tei:seg><tei:gap reason="omitted"><tei:desc>Omitted here is discussion of the bombing.</tei:desc></tei:gap></tei:seg>
    <tei:seg>met with <tei:gap reason="not-declassified"><tei:desc>name not declassified</tei:desc></tei:gap></tei:seg>
    <tei:seg>Yours, <tei:gap reason="signature"><tei:desc>signature</tei:desc></tei:gap></tei:seg>
    <tei:seg>write to <tei:gap reason="obfuscated-by-website"><tei:desc>email protected</tei:desc></tei:gap></tei:seg>
    <tei:seg>That is all. <tei:incident><tei:desc>Laughter</tei:desc></tei:incident></tei:seg>
    <tei:seg>the end of one page <tei:pb n="120"/> and the start of the next</tei:seg>
  </xsl:variable>

  <!-- The labels.xml key of a sample's plain-words description (conv-…). -->
  <xsl:function name="h:sample-key" as="xs:string">
    <xsl:param name="seg" as="element(tei:seg)"/>
    <xsl:variable name="el" select="$seg/*[1]"/>
    <xsl:sequence select="'conv-' || (
      if ($el/self::tei:gap[@reason = 'omitted'][tei:desc]) then 'gap-omitted-desc'
      else if ($el/self::tei:gap) then 'gap-' || $el/@reason
      else if ($el/self::tei:foreign[tei:sic]) then 'foreign-sic'
      else if ($el/self::tei:supplied and $el/@reason ne 'omitted-in-original') then $el/@reason
      else local-name($el))"/>
  </xsl:function>


  <xsl:template match="/pt:parts[$page = 'conventions']" mode="h:main">
    <h1><xsl:value-of select="f:label('conventions-title')"/></h1>
    <p><xsl:value-of select="f:label('conventions-intro')"/></p>
    <div class="table-wrap">
      <table class="conventions">
        <caption><xsl:value-of select="f:label('conventions-table-title')"/></caption>
        <thead>
          <tr>
            <th scope="col"><xsl:value-of select="f:label('col-what')"/></th>
            <th scope="col"><xsl:value-of select="f:label('col-printed')"/></th>
          </tr>
        </thead>
        <tbody>
          <xsl:for-each select="$h:samples">
            <tr>
              <td><xsl:value-of select="f:label(h:sample-key(.))"/></td>
              <td class="sample"><xsl:apply-templates select="node()"/></td>
            </tr>
          </xsl:for-each>
          <tr><td><xsl:value-of select="f:label('conv-note')"/></td>
            <td>…<sup class="noteref"><a href="#notes-example" id="notes-example-ref">1</a></sup>
              <span id="notes-example"> 1. … <a class="backlink" href="#notes-example-ref" aria-label="{f:label('note-back', '1')}">↩</a></span></td></tr>
          <tr><td><xsl:value-of select="f:label('conv-date')"/></td>
            <td><time class="date" datetime="1970-02-20">20 February 1970</time>; <time class="date inferred" datetime="1967-01-05" title="{f:label('inferred-title', 'medium')}">5 January</time></td></tr>
          <tr><td><xsl:value-of select="f:label('conv-person')"/></td>
            <td><a class="persName" href="persons.html">Mr Kissinger</a></td></tr>
        </tbody>
      </table>
    </div>
    <section aria-labelledby="kinds-h">
      <h2 id="kinds-h"><xsl:value-of select="f:label('kinds-title')"/></h2>
      <dl class="kinds">
        <xsl:for-each select="('frus', 'wilson-record', 'blog-quote', 'listing', 'unknown')">
          <xsl:variable name="kind" select="."/>
          <dt><xsl:value-of select="f:label('kind-' || .)"/></dt>
          <dd><xsl:value-of select="f:label('kind-desc-' || .)"/>
            <xsl:text> </xsl:text>
            <xsl:value-of select="f:label('kind-count', string(count($h:docs[@kind = $kind])))"/></dd>
        </xsl:for-each>
      </dl>
    </section>
    <xsl:variable name="decls" select="/pt:parts/pt:part/pt:legend"/>
    <xsl:if test="$decls">
      <section aria-labelledby="legends-h">
        <h2 id="legends-h"><xsl:value-of select="f:label('legend-title')"/></h2>
        <xsl:for-each-group select="$decls" group-by="string(@key)">
          <div class="legend">
            <p class="legend-for"><xsl:value-of select="f:label('legend-for')"/><xsl:text> </xsl:text>
              <xsl:for-each select="current-group()">
                <a href="{../@id}.html"><xsl:value-of select="../@title"/></a>
                <xsl:if test="position() ne last()">; </xsl:if>
              </xsl:for-each>
            </p>
            <xsl:copy-of select="node()" copy-namespaces="no"/>
          </div>
        </xsl:for-each-group>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ===== search.html ===== -->

  <xsl:template match="/pt:parts[$page = 'search']" mode="h:main">
    <h1><xsl:value-of select="f:label('search-title')"/></h1>
    <form class="search" role="search" action="search.html" method="get">
      <label for="q"><xsl:value-of select="f:label('search-label')"/></label>
      <input type="search" id="q" name="q" autocomplete="off" aria-describedby="search-hint"/>
      <button type="submit"><xsl:value-of select="f:label('search-title')"/></button>
    </form>
    <p id="search-hint" class="hint"><xsl:value-of select="f:label('search-hint')"/></p>
    <div id="search-filters" class="search-filters" data-label-kind="{f:label('filter-kind')}"
      data-label-year="{f:label('filter-year')}" data-label-speaker="{f:label('filter-speaker')}"
      data-any="{f:label('filter-any')}" data-found-one="{f:label('search-found-one')}"
      data-found-many="{f:label('search-found-many')}" data-needs-server="{f:label('search-needs-server')}"
      data-no-index="{f:label('search-no-index')}" data-needs-words="{f:label('search-needs-words')}"></div>
    <div id="search-served" class="served" hidden="">
      <p><xsl:value-of select="f:label('search-served')"/></p>
      <pre><code>cd build/html
python -m http.server</code></pre>
      <p><xsl:value-of select="f:label('search-served-then')"/></p>
    </div>
    <noscript><p><xsl:value-of select="f:label('search-noscript')"/></p></noscript>
    <p id="search-status" role="status" aria-live="polite"></p>
    <ol id="search-results" class="search-results"></ol>
  </xsl:template>

</xsl:stylesheet>
