<?xml version="1.0" encoding="UTF-8"?>
<!--
  The HTML edition. Input: one TEI document (→ its page), or a teiCorpus holding every document and the register
  (→ the corpus page named by $page). Modules: html-text.xsl (the text: blocks, inline, notes),
  html-corpus.xsl (index, persons, conventions, search pages). The search index is html-search.xsl.
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
  <xsl:include href="html-corpus.xsl"/>

  <xsl:output method="html" html-version="5" version="5.0" encoding="UTF-8" indent="no" include-content-type="no"/>

  <!-- Which corpus page to write from a teiCorpus: index, persons, conventions or search. -->
  <xsl:param name="page" as="xs:string" select="'index'"/>
  <!-- Where the edition is published (ends with '/'), for the "cite this" block; empty: cite by identifier only. -->
  <xsl:param name="edition-base-url" as="xs:string" select="''"/>

  <!-- ===== one document ===== -->

  <xsl:template match="/tei:TEI" name="h:document-page">
    <xsl:call-template name="h:page">
      <xsl:with-param name="title" select="f:doc-title(.)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="/tei:TEI" mode="h:main">
    <article class="document kind-{f:kind(.)}">
      <h1><xsl:value-of select="f:doc-title(.)"/></h1>
      <xsl:call-template name="h:about"/>
      <xsl:call-template name="h:cite"/>
      <section class="text" aria-labelledby="text-h">
        <xsl:sequence select="tei:text ! h:lang(.)"/>
        <h2 id="text-h"><xsl:value-of select="f:label('text')"/></h2>
        <xsl:apply-templates select="tei:text"/>
      </section>
      <xsl:call-template name="h:footnotes"/>
      <xsl:call-template name="h:omitted"/>
      <xsl:call-template name="h:document-hook"/>
    </article>
  </xsl:template>

  <!-- Hook: override in an importing stylesheet to add something at the end of every document page. -->
  <xsl:template name="h:document-hook"/>

  <!-- The metadata panel: one dt/dd pair per field the header has. -->
  <xsl:template name="h:about">
    <xsl:variable name="fd" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="src" select="$fd/tei:sourceDesc/tei:bibl[@type = 'source'][1]"/>
    <xsl:variable name="ms" select="$fd/tei:sourceDesc/tei:msDesc/tei:msIdentifier"/>
    <xsl:variable name="pd" select="tei:teiHeader/tei:profileDesc"/>
    <section class="about" aria-labelledby="about-h">
      <h2 id="about-h"><xsl:value-of select="f:label('about')"/></h2>
      <dl class="metadata">
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'date'"/>
          <xsl:with-param name="value">
            <xsl:choose>
              <xsl:when test="$pd/tei:creation/tei:date">
                <xsl:variable name="date" select="$pd/tei:creation/tei:date[1]"/>
                <xsl:apply-templates select="$date">
                  <xsl:with-param name="words" select="f:doc-date-text(.)" tunnel="yes"/>
                </xsl:apply-templates>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="f:label('undated')"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'kind'"/>
          <xsl:with-param name="value" select="f:label-or('kind-' || f:kind(.), f:kind(.))"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'source'"/>
          <xsl:with-param name="value">
            <xsl:value-of select="string-join(($src/tei:title, $src/tei:publisher)[normalize-space()] ! normalize-space(), '. ')"/>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'source-url'"/>
          <xsl:with-param name="value">
            <xsl:for-each select="$src/tei:idno[@type = 'URL'][1]">
              <xsl:variable name="url" select="f:safe-url(.)"/>
              <xsl:choose>
                <xsl:when test="$url"><a href="{$url}"><xsl:value-of select="normalize-space(.)"/></a></xsl:when>
                <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'genre'"/>
          <xsl:with-param name="value" select="$src/tei:note[@type = 'genre']"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'record-id'"/>
          <xsl:with-param name="value" select="$src/tei:idno[@type = 'record']"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'uploaded'"/>
          <xsl:with-param name="value"><xsl:apply-templates select="$src/tei:date[@type = 'uploaded'][1]"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'archive'"/>
          <xsl:with-param name="value" select="$ms/tei:repository"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'shelfmark'"/>
          <xsl:with-param name="value" select="$ms/tei:idno"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'citation'"/>
          <xsl:with-param name="value" select="$src/tei:note[@type = 'citation']"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'source-note'"/>
          <xsl:with-param name="value" select="$src/tei:note[@type = 'source-note']"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'editor-note'"/>
          <xsl:with-param name="value" select="($src, $fd/tei:sourceDesc/tei:msDesc, $pd/tei:creation)//tei:note[not(@type = ('genre', 'citation', 'source-note'))]"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'translator'"/>
          <xsl:with-param name="value" select="$fd/tei:titleStmt/tei:respStmt[tei:resp/@key = 'trl']/(tei:persName, tei:name, tei:orgName)"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'contributor'"/>
          <xsl:with-param name="value" select="$fd/tei:titleStmt/tei:respStmt[tei:resp/@key = 'ctb']/(tei:persName, tei:name, tei:orgName)"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'funder'"/>
          <xsl:with-param name="value" select="$fd/tei:titleStmt/tei:funder"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'summary'"/>
          <xsl:with-param name="value"><xsl:apply-templates select="$pd/tei:abstract/node()" mode="h:header"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'languages'"/>
          <xsl:with-param name="value" select="string-join($pd/tei:langUsage/tei:language ! normalize-space(), ', ')"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'rights'"/>
          <xsl:with-param name="value"><xsl:apply-templates select="$fd/tei:publicationStmt/tei:availability/node()" mode="h:header"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'source-rights'"/>
          <xsl:with-param name="value"><xsl:apply-templates select="$src/tei:availability/node()" mode="h:header"/></xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'identifier'"/>
          <xsl:with-param name="value"><code><xsl:value-of select="f:doc-id(.)"/></code></xsl:with-param>
        </xsl:call-template>
      </dl>
    </section>
  </xsl:template>

  <!-- One dt/dd pair, left out when the value is empty. Several values (nodes or strings) are joined by "; ". -->
  <xsl:template name="h:field">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="value" as="item()*"/>
    <xsl:if test="normalize-space(string-join($value ! string(), ''))">
      <dt><xsl:value-of select="f:label($key)"/></dt>
      <dd>
        <xsl:choose>
          <xsl:when test="$value instance of element()+">
            <xsl:value-of select="$value ! normalize-space()" separator="; "/>
          </xsl:when>
          <xsl:otherwise><xsl:sequence select="$value"/></xsl:otherwise>
        </xsl:choose>
      </dd>
    </xsl:if>
  </xsl:template>

  <!-- Header prose (abstract, availability): paragraphs run together, inline markup as in the text. -->
  <xsl:template match="tei:p" mode="h:header">
    <xsl:if test="preceding-sibling::tei:p"><xsl:text> </xsl:text></xsl:if>
    <xsl:apply-templates/>
  </xsl:template>
  <xsl:template match="node()" mode="h:header">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <!-- "Cite this": title, date, the edition, the stable identifier (and address when the base URL is known). -->
  <xsl:template name="h:cite">
    <xsl:variable name="id" select="f:doc-id(.)"/>
    <section class="cite" aria-labelledby="cite-h">
      <h2 id="cite-h"><xsl:value-of select="f:label('cite-this')"/></h2>
      <p class="citation">
        <xsl:value-of select="string-join((
          '“' || f:doc-title(.) || '”',
          (f:doc-date-text(.), f:label('undated'))[1],
          (tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:publisher[normalize-space()]/normalize-space(), f:label('edition-title'))[1]), ', ')"/>
        <xsl:text>, </xsl:text>
        <xsl:value-of select="f:label('identifier')"/>
        <xsl:text> </xsl:text>
        <code><xsl:value-of select="$id"/></code>
        <xsl:if test="$edition-base-url">
          <xsl:text>, </xsl:text>
          <xsl:variable name="url" select="f:safe-url($edition-base-url || $id || '.html')"/>
          <xsl:if test="$url"><a href="{$url}"><xsl:value-of select="$url"/></a></xsl:if>
        </xsl:if>
        <xsl:text>.</xsl:text>
      </p>
      <p class="hint"><xsl:value-of select="f:label('cite-paragraph')"/></p>
    </section>
  </xsl:template>

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

  <!-- ===== the page shell shared by every page ===== -->

  <!-- Every page: head, site header, then in main what the context node gives in mode h:main (a document's
       article, a corpus page's content), written straight into the page: a content parameter would build it
       twice (once as the parameter, once copied into the page), a sixth of a document page's time. -->
  <xsl:mode name="h:main" on-no-match="fail"/>
  <xsl:template name="h:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="scripts" as="xs:string*" select="()"/>
    <html lang="{$f:labels-lang}">
      <xsl:call-template name="h:head"><xsl:with-param name="title" select="$title"/></xsl:call-template>
      <body>
        <xsl:call-template name="h:site-header"><xsl:with-param name="current" select="$current"/></xsl:call-template>
        <main id="main">
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
      <title><xsl:value-of select="$title"/> · <xsl:value-of select="f:label('edition-title')"/></title>
      <link rel="stylesheet" href="edition.css"/>
    </head>
  </xsl:template>

  <!-- The skip link and the site header of every page; $current: the corpus page shown (aria-current). -->
  <xsl:template name="h:site-header">
    <xsl:param name="current" as="xs:string" select="''"/>
    <a class="skip" href="#main"><xsl:value-of select="f:label('skip-to-content')"/></a>
    <header class="site">
      <p class="edition-title"><a href="index.html"><xsl:value-of select="f:label('edition-title')"/></a></p>
      <nav aria-label="{f:label('nav-label')}">
        <ul>
          <xsl:for-each select="('index', 'persons', 'conventions', 'search')">
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
