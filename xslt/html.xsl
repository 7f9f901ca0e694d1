<?xml version="1.0" encoding="UTF-8"?>
<!--
  The HTML edition. Input: one TEI document (→ its page), or a view of the documents' parts (pt:parts, written by
  pipeline/publish/corpus.py from html-parts.xsl's output; → the corpus page named by $page). Modules: html-text.xsl
  (the text: blocks, inline, notes), html-header.xsl (the document's metadata panel, dates, "cite this"),
  html-corpus.xsl (index, registers, conventions, search pages).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:h="urn:tei-edition:html"
  exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>
  <xsl:include href="html-text.xsl"/>
  <xsl:include href="html-header.xsl"/>
  <xsl:include href="html-corpus.xsl"/>

  <xsl:output method="html" html-version="5" version="5.0" encoding="UTF-8" indent="no" include-content-type="no"/>

  <!-- Which corpus page a view of the parts gives: index, persons, places, orgs (each with its pages by initial),
       conventions or search. -->
  <xsl:param name="page" as="xs:string" select="'index'"/>
  <!-- The edition's settings (edition.toml, as pipeline/publish/html.py serialises them): <edition title publisher
       base-url identifier version language><editor orcid affiliation>name</editor>*<licence id url>name</licence>
       </edition>. Empty: the labels' defaults, no editors, no address. -->
  <xsl:param name="edition-settings" as="xs:string" select="''"/>
  <xsl:variable name="h:edition" as="element()?" select="if (normalize-space($edition-settings))
    then parse-xml($edition-settings)/*[1] else ()"/>
  <!-- Where the edition is published (ends with '/'); empty: pages are cited by identifier only. -->
  <xsl:variable name="h:base-url" as="xs:string" select="string($h:edition/@base-url)"/>
  <xsl:variable name="h:edition-title" as="xs:string"
    select="($h:edition/@title[normalize-space()]/normalize-space(), f:label('edition-title'))[1]"/>
  <xsl:variable name="h:editors" as="xs:string*" select="$h:edition/editor[normalize-space()] ! normalize-space()"/>
  <!-- The published address of a document's page, or () before the edition has a base URL. -->
  <xsl:function name="h:page-url" as="xs:string?">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="if ($h:base-url) then f:safe-url($h:base-url || $id || '.html') else ()"/>
  </xsl:function>

  <!-- ===== one document ===== -->

  <xsl:template match="/tei:TEI" name="h:document-page">
    <xsl:call-template name="h:page">
      <xsl:with-param name="title" select="f:doc-title(.)"/>
      <xsl:with-param name="scripts" select="'edition.js'"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="/tei:TEI" mode="h:main">
    <article class="document kind-{f:kind(.)}" data-pagefind-body="">
      <xsl:for-each select="f:doc-date(.)">
        <xsl:attribute name="data-pagefind-sort" select="'date:' || ."/>
        <xsl:attribute name="data-pagefind-meta" select="'date:' || f:format-date(.)"/>
      </xsl:for-each>
      <h1><xsl:value-of select="f:doc-title(.)"/></h1>
      <xsl:call-template name="h:search-facets"/>
      <xsl:call-template name="h:doc-line"/>
      <xsl:call-template name="h:prevnext"/>
      <xsl:call-template name="h:about"/>
      <xsl:call-template name="h:cite"/>
      <section class="text" aria-labelledby="text-h">
        <xsl:sequence select="tei:text ! h:lang(.)"/>
        <h2 id="text-h"><xsl:value-of select="f:label('text')"/></h2>
        <xsl:apply-templates select="tei:text"/>
      </section>
      <xsl:call-template name="h:footnotes"/>
      <xsl:call-template name="h:omitted"/>
      <xsl:call-template name="h:search-folded"/>
      <p class="print-url" data-pagefind-ignore="all"><xsl:value-of select="f:label('print-url')"/><xsl:text> </xsl:text>
        <span class="page-url"><xsl:value-of select="(h:page-url(f:doc-id(.)), f:doc-id(.) || '.html')[1]"/></span></p>
    </article>
  </xsl:template>

  <!-- What the search (Pagefind, run on the built pages) filters by: the kind of source, the year, the speakers
       (their names as the document's participants list gives them). Not shown, not indexed as text. -->
  <xsl:template name="h:search-facets">
    <div class="search-facets" hidden="" data-pagefind-ignore="">
      <span data-pagefind-filter="kind"><xsl:value-of select="f:label-or('kind-' || f:kind(.), f:kind(.))"/></span>
      <xsl:for-each select="f:doc-date(.)"><span data-pagefind-filter="year"><xsl:value-of select="substring(., 1, 4)"/></span></xsl:for-each>
      <xsl:variable name="tei" select="."/>
      <xsl:for-each select="distinct-values(tei:text//tei:sp ! h:speaker-name(., $tei))">
        <xsl:sort select="lower-case(.)" lang="en"/>
        <span data-pagefind-filter="speaker"><xsl:value-of select="."/></span>
      </xsl:for-each>
    </div>
  </xsl:template>

  <!-- A turn's speaker as a filter value: the participant's name (particDesc), else the label as written. -->
  <xsl:function name="h:speaker-name" as="xs:string?">
    <xsl:param name="sp" as="element(tei:sp)"/>
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="who" select="tokenize(normalize-space($sp/@who))[1] ! replace(., '^#', '')"/>
    <xsl:variable name="person" select="$tei/tei:teiHeader/tei:profileDesc/tei:particDesc//tei:person[@xml:id = $who][1]"/>
    <xsl:sequence select="(($person/tei:persName[not(@type)], $person/tei:persName)[normalize-space()][1]/normalize-space(),
      normalize-space($sp/tei:speaker)[.])[1]"/>
  </xsl:function>

  <!-- The words of the page with diacritics folded (Lê Đức Thọ → Le Duc Tho), for the search only: each block of
       the text or header that has a letter outside ASCII, folded (NFD without combining marks, and the letters NFD
       does not decompose: đ ð ø ł ı ß æ œ þ), so a query typed without accents finds it, phrases included. Only
       blocks the folding changes: one whose only characters outside ASCII are quotes or dashes would be a second
       copy of itself (most blocks, twice the words to index). -->
  <xsl:template name="h:search-folded">
    <xsl:variable name="blocks" select="(tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title,
      tei:teiHeader/tei:profileDesc/tei:particDesc//tei:persName,
      tei:text//(tei:p | tei:head | tei:speaker | tei:item | tei:bibl | tei:ab | tei:l | tei:note)[not(*[self::tei:p or self::tei:ab])])
      [string-to-codepoints(string(.)) > 127][f:fold(normalize-space(.)) ne normalize-space(.)]"/>
    <xsl:if test="$blocks">
      <div class="search-folded" hidden="">
        <xsl:for-each select="$blocks">
          <p><xsl:value-of select="f:fold(normalize-space(.))"/></p>
        </xsl:for-each>
      </div>
    </xsl:if>
  </xsl:template>

  <!-- The line under the title: the date in words, the kind of source, the TEI file. Always shown (the panels
       below it are folded on small screens). -->
  <xsl:template name="h:doc-line">
    <xsl:variable name="date" select="tei:teiHeader/tei:profileDesc/tei:creation/tei:date[1]"/>
    <p class="doc-line">
      <xsl:sequence select="if ($date) then h:date-normalised($date) else f:label('undated')"/>
      <xsl:text> · </xsl:text>
      <xsl:value-of select="f:label-or('kind-' || f:kind(.), f:kind(.))"/>
      <xsl:text> · </xsl:text>
      <xsl:sequence select="h:tei-link(.)"/>
    </p>
  </xsl:template>

  <!-- The link to the document's TEI, copied beside the pages (pipeline/publish/html.py: tei/<id>.xml). -->
  <xsl:function name="h:tei-link" as="element()">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <a class="tei-download" href="tei/{f:doc-id($tei)}.xml" type="application/tei+xml" download="">
      <xsl:value-of select="f:label('download-tei')"/></a>
  </xsl:function>

  <!-- The footnotes: number, text, link back to the marker. -->
  <xsl:template name="h:footnotes">
    <xsl:variable name="notes" select="tei:text//tei:note[f:is-footnote(.)][not(ancestor::tei:note)]"/>
    <xsl:if test="$notes">
      <section class="footnotes" aria-labelledby="notes-h">
        <h2 id="notes-h"><xsl:value-of select="f:label('notes')"/></h2>
        <ol class="footnotes">
          <xsl:for-each select="$notes">
            <xsl:variable name="n" select="f:note-number(.)"/>
            <li id="{f:anchor(.)}">
              <span class="fn-number"><xsl:value-of select="$n"/>. </span>
              <xsl:apply-templates/>
              <xsl:text> </xsl:text>
              <a class="backlink" href="#{f:anchor(.)}-ref" role="doc-backlink"
                 aria-label="{f:label('note-back', $n)}">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- What was left out of the text, so a reader knows (the TEI file has each line). -->
  <xsl:template name="h:omitted">
    <xsl:variable name="items" select="tei:teiHeader/tei:encodingDesc//tei:list[@type = 'omitted']/tei:item"/>
    <xsl:if test="$items">
      <details class="omitted">
        <summary><xsl:value-of select="f:label('omitted-lines')"/> (<xsl:value-of select="count($items)"/>)</summary>
        <p><xsl:value-of select="f:label('omitted-intro', string(count($items)))"/></p>
        <ul>
          <xsl:for-each select="$items">
            <li><span class="line-no"><xsl:value-of select="@n"/></span><xsl:text> </xsl:text>
              <span class="reason"><xsl:value-of select="tei:label"/></span><xsl:text>: </xsl:text>
              <xsl:value-of select="normalize-space(tei:quote)"/></li>
          </xsl:for-each>
        </ul>
      </details>
    </xsl:if>
  </xsl:template>

  <!-- The document's previous and next documents in date order, from $neighbours (html-corpus.xsl's h:order; empty
       before the corpus is known: an empty nav). Not searched: a search for a title would find its neighbours. -->
  <xsl:param name="neighbours" as="xs:string" select="''"/>
  <xsl:template name="h:prevnext">
    <nav class="prevnext" aria-label="{f:label('prevnext-label')}" data-pagefind-ignore="all">
      <xsl:for-each select="if (normalize-space($neighbours)) then parse-xml($neighbours)/* else ()">
        <ul>
          <xsl:for-each select="*">
            <li class="{@rel}"><span class="rel"><xsl:value-of select="f:label(@rel || '-doc')"/>: </span>
              <a rel="{@rel}" href="{@id}.html"><xsl:value-of select="@title"/></a>
              <xsl:for-each select="@date-text[string()]"> (<xsl:value-of select="."/>)</xsl:for-each></li>
          </xsl:for-each>
        </ul>
      </xsl:for-each>
    </nav>
  </xsl:template>

  <!-- ===== the page shell shared by every page ===== -->

  <!-- Every page: head, site header, then in main what the context node gives in mode h:main (a document's
       article, a corpus page's content), written straight into the page (a content parameter would build it
       twice: once as the parameter, once copied into the page). -->
  <xsl:mode name="h:main" on-no-match="fail"/>
  <xsl:template name="h:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="scripts" as="xs:string*" select="()"/>
    <!-- the page is searched with the documents (pipeline/search.py runs Pagefind on the pages): a register's
         pages by initial -->
    <xsl:param name="searchable" as="xs:boolean" select="false()"/>
    <html lang="{$f:labels-lang}">
      <xsl:call-template name="h:head"><xsl:with-param name="title" select="$title"/></xsl:call-template>
      <body>
        <xsl:call-template name="h:site-header"><xsl:with-param name="current" select="$current"/></xsl:call-template>
        <main id="main">
          <xsl:if test="$searchable"><xsl:attribute name="data-pagefind-body" select="''"/></xsl:if>
          <xsl:apply-templates select="." mode="h:main"/>
        </main>
        <xsl:for-each select="$scripts">
          <script src="{.}"></script>
        </xsl:for-each>
      </body>
    </html>
  </xsl:template>

  <!-- The head of every page. -->
  <xsl:template name="h:head">
    <xsl:param name="title" as="xs:string"/>
    <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <title><xsl:value-of select="$title"/> · <xsl:value-of select="$h:edition-title"/></title>
      <link rel="stylesheet" href="edition.css"/>
      <xsl:apply-templates select="." mode="h:head-meta"/>
    </head>
  </xsl:template>

  <!-- The skip link and the site header of every page; $current: the corpus page shown (aria-current). -->
  <xsl:template name="h:site-header">
    <xsl:param name="current" as="xs:string" select="''"/>
    <a class="skip" href="#main"><xsl:value-of select="f:label('skip-to-content')"/></a>
    <header class="site">
      <p class="edition-title"><a href="index.html"><xsl:value-of select="$h:edition-title"/></a></p>
      <nav aria-label="{f:label('nav-label')}">
        <ul>
          <xsl:for-each select="('index', 'persons', 'places', 'orgs', 'conventions', 'search')">
            <xsl:variable name="key" select="if (. eq 'index') then 'nav-documents' else 'nav-' || ."/>
            <li>
              <a href="{.}.html">
                <xsl:if test=". eq $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                <xsl:value-of select="f:label($key)"/>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </nav>
    </header>
  </xsl:template>

</xsl:stylesheet>
