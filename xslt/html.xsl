<?xml version="1.0" encoding="UTF-8"?>
<!--
  The HTML edition. Input: one TEI document (→ its page), or a view of the documents' parts (pt:parts, written by
  pipeline/publish/corpus.py from html-parts.xsl's output; → the corpus page named by $page). Modules: html-text.xsl
  (the text: blocks, inline, notes), html-corpus.xsl (index, registers, conventions, search pages).
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
      <xsl:call-template name="h:document-hook"/>
      <xsl:call-template name="h:search-folded"/>
      <p class="print-url" data-pagefind-ignore="all"><xsl:value-of select="f:label('print-url')"/><xsl:text> </xsl:text>
        <span class="page-url"><xsl:value-of select="(h:page-url(f:doc-id(.)), f:doc-id(.) || '.html')[1]"/></span></p>
    </article>
  </xsl:template>

  <!-- Hook: override in an importing stylesheet to add something at the end of every document page. -->
  <xsl:template name="h:document-hook"/>

  <!-- The metadata panel: one dt/dd pair per field the header has. -->
  <xsl:template name="h:about">
    <xsl:variable name="fd" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="src" select="$fd/tei:sourceDesc/tei:bibl[@type = 'source'][1]"/>
    <xsl:variable name="pd" select="tei:teiHeader/tei:profileDesc"/>
    <details class="about" id="about">
      <summary><h2 id="about-h"><xsl:value-of select="f:label('about')"/></h2></summary>
      <dl class="metadata">
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'date'"/>
          <xsl:with-param name="value">
            <xsl:choose>
              <xsl:when test="$pd/tei:creation/tei:date">
                <xsl:sequence select="h:date-normalised($pd/tei:creation/tei:date[1])"/>
                <xsl:sequence select="h:date-evidence($pd/tei:creation/tei:date[1])"/>
              </xsl:when>
              <xsl:otherwise><xsl:value-of select="f:label('undated')"/></xsl:otherwise>
            </xsl:choose>
          </xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'participants'"/>
          <xsl:with-param name="value"><xsl:call-template name="h:participants"/></xsl:with-param>
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
          <xsl:with-param name="value" select="f:archive(.)[.]"/>
        </xsl:call-template>
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'shelfmark'"/>
          <xsl:with-param name="value" select="f:shelfmark(.)[.]"/>
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
        <xsl:call-template name="h:field">
          <xsl:with-param name="key" select="'tei-file'"/>
          <xsl:with-param name="value"><xsl:sequence select="h:tei-link(.)"/></xsl:with-param>
        </xsl:call-template>
      </dl>
    </details>
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
      <xsl:choose>
        <xsl:when test="$date"><xsl:sequence select="h:date-normalised($date)"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="f:label('undated')"/></xsl:otherwise>
      </xsl:choose>
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

  <!-- A date in words from its ISO attributes: "16 December 1966"; a range "20 October 1964 – 29 September 1975";
       the source's own words when it has no ISO value. As <time> when there is one ISO value. -->
  <xsl:function name="h:date-normalised" as="node()*">
    <xsl:param name="d" as="element(tei:date)"/>
    <xsl:variable name="start" select="($d/@when, $d/@from, $d/@notBefore)[f:is-iso-date(.)][1]"/>
    <xsl:variable name="end" select="if ($d/@when) then () else ($d/@to, $d/@notAfter)[f:is-iso-date(.)][1]"/>
    <xsl:choose>
      <xsl:when test="$start and $end">
        <time datetime="{$start}"><xsl:value-of select="f:format-date($start)"/></time>
        <xsl:text> – </xsl:text>
        <time datetime="{$end}"><xsl:value-of select="f:format-date($end)"/></time>
      </xsl:when>
      <xsl:when test="$start">
        <time datetime="{$start}">
          <xsl:if test="$d/@cert[. ne 'high'] or $d/@resp = '#encoder'"><xsl:attribute name="class" select="'inferred'"/></xsl:if>
          <xsl:value-of select="f:format-date($start)"/></time>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="(normalize-space($d)[.], f:label('undated'))[1]"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Where a date comes from, in words, read from its attributes (@resp, @evidence, @cert) and never from prose:
       "Date given by the encoder, from the document's own text (medium certainty); the source writes “21 February”."
       Nothing when the date is the source's own, unmarked. -->
  <xsl:function name="h:date-evidence" as="node()*">
    <xsl:param name="d" as="element(tei:date)"/>
    <xsl:variable name="iso" select="($d/@when, $d/@from, $d/@notBefore)[f:is-iso-date(.)][1]"/>
    <xsl:variable name="words" select="normalize-space($d)"/>
    <xsl:variable name="differs" select="$words and not($words = ($d/@when, $d/@from, $d/@notBefore)) and $iso
      and $words ne f:format-date($iso)"/>
    <xsl:variable name="parts" as="xs:string*" select="(
      if ($d/@resp or $d/@evidence) then f:label('date-given-by', (
        ($d/@resp ! f:label-or('resp-' || replace(normalize-space(.), '^#', ''), replace(normalize-space(.), '^#', '')), f:label('resp-unknown'))[1],
        ($d/@evidence ! f:label-or('evidence-' || normalize-space(.), normalize-space(.)), f:label('evidence-unknown'))[1]))
      else (),
      $d/@cert[normalize-space()] ! f:label('date-cert', f:label-or('cert-' || normalize-space(.), normalize-space(.))),
      if ($differs) then f:label('date-source-words', $words) else ())"/>
    <xsl:if test="exists($parts)">
      <span class="date-evidence"><xsl:text> </xsl:text>
        <xsl:value-of select="upper-case(substring(string-join($parts, '; '), 1, 1)) || substring(string-join($parts, '; '), 2) || '.'"/></span>
    </xsl:if>
  </xsl:function>

  <!-- The persons listed as taking part (particDesc), each linked to the register, with the roles and sides the
       header gives them (occupation, roleName, @role; affiliation). -->
  <xsl:template name="h:participants">
    <xsl:variable name="persons" select="tei:teiHeader/tei:profileDesc/tei:particDesc//tei:person"/>
    <xsl:if test="$persons">
      <ul class="participants">
        <xsl:for-each select="$persons">
          <xsl:variable name="key" select="f:ref-key(@sameAs)"/>
          <xsl:variable name="name" select="((tei:persName[not(@type)], tei:persName[not(@type = 'sort')], tei:persName)[normalize-space()][1]/normalize-space(), $key, string(@xml:id))[1]"/>
          <xsl:variable name="roles" select="distinct-values((tei:occupation, tei:roleName, @role, tei:affiliation/@role)[normalize-space()] ! normalize-space())"/>
          <xsl:variable name="sides" select="distinct-values((tei:affiliation, tei:affiliation/@ref ! f:ref-key(.))[normalize-space()][1] ! normalize-space())"/>
          <li>
            <xsl:choose>
              <xsl:when test="$key"><a href="{f:register-href('persons', $key)}"><xsl:value-of select="$name"/></a></xsl:when>
              <xsl:otherwise><xsl:value-of select="$name"/></xsl:otherwise>
            </xsl:choose>
            <xsl:if test="exists(($roles, $sides))">
              <xsl:text> (</xsl:text>
              <xsl:value-of select="string-join(($roles, $sides ! f:label('side', .)), '; ')"/>
              <xsl:text>)</xsl:text>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
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

  <!-- "Cite this": the editors, the document's title and date, the edition (title, version, publisher), the
       page's address (or its identifier before the edition has one), the edition's DOI; the date of access is left
       for the reader. -->
  <xsl:template name="h:cite">
    <xsl:variable name="id" select="f:doc-id(.)"/>
    <xsl:variable name="url" select="h:page-url($id)"/>
    <xsl:variable name="doi" select="$h:edition/@identifier[normalize-space()]/normalize-space()"/>
    <details class="cite" id="cite">
      <summary><h2 id="cite-h"><xsl:value-of select="f:label('cite-this')"/></h2></summary>
      <p class="citation">
        <xsl:value-of select="'“' || f:doc-title(.) || '.”'"/>
        <xsl:text> </xsl:text>
        <xsl:value-of select="(f:doc-date(.) ! f:format-date(.), f:doc-date-text(.), f:label('undated'))[1]"/>
        <xsl:text>. </xsl:text>
        <xsl:value-of select="f:label('cite-in')"/>
        <xsl:text> </xsl:text>
        <cite><xsl:value-of select="$h:edition-title"/></cite>
        <xsl:if test="exists($h:editors)">
          <xsl:text>, </xsl:text>
          <xsl:value-of select="f:label('cite-edited-by', h:and-list($h:editors))"/>
        </xsl:if>
        <xsl:for-each select="$h:edition/@version[normalize-space()]">
          <xsl:text>, </xsl:text><xsl:value-of select="f:label('cite-version', normalize-space(.))"/>
        </xsl:for-each>
        <xsl:text>. </xsl:text>
        <xsl:for-each select="(h:publisher(.))[1]"><xsl:value-of select="."/><xsl:text>. </xsl:text></xsl:for-each>
        <xsl:choose>
          <xsl:when test="$url"><a class="page-url" href="{$url}"><xsl:value-of select="$url"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="f:label('identifier')"/><xsl:text> </xsl:text><code><xsl:value-of select="$id"/></code></xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$doi">
          <xsl:text>. </xsl:text>
          <xsl:choose>
            <xsl:when test="matches($doi, '^10\.[0-9]+/')"><a href="https://doi.org/{encode-for-uri($doi) => replace('%2F', '/')}">doi:<xsl:value-of select="$doi"/></a></xsl:when>
            <xsl:otherwise><xsl:value-of select="$doi"/></xsl:otherwise>
          </xsl:choose>
        </xsl:if>
        <xsl:text>. </xsl:text>
        <xsl:value-of select="f:label('cite-accessed')"/>
      </p>
      <p class="hint"><xsl:value-of select="f:label('cite-paragraph')"/></p>
    </details>
  </xsl:template>

  <!-- The edition's publisher: edition.toml's, else the TEI's publicationStmt. -->
  <xsl:function name="h:publisher" as="xs:string?">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="($h:edition/@publisher[normalize-space()]/normalize-space(),
      $tei/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:publisher[normalize-space()]/normalize-space())[1]"/>
  </xsl:function>

  <!-- "A", "A and B", "A, B and C". -->
  <xsl:function name="h:and-list" as="xs:string">
    <xsl:param name="names" as="xs:string*"/>
    <xsl:sequence select="if (count($names) le 2) then string-join($names, ' ' || f:label('and') || ' ')
      else string-join($names[position() lt last()], ', ') || ' ' || f:label('and') || ' ' || $names[last()]"/>
  </xsl:function>

  <!-- Citation metadata for reference managers (Highwire Press tags, as Zotero and Google Scholar read them, and
       Dublin Core) in the head of a document's page; nothing on the corpus pages. -->
  <xsl:mode name="h:head-meta" on-no-match="deep-skip"/>
  <xsl:template match="/tei:TEI" mode="h:head-meta">
    <xsl:variable name="id" select="f:doc-id(.)"/>
    <xsl:variable name="date" select="f:doc-date(.)"/>
    <xsl:variable name="url" select="h:page-url($id)"/>
    <xsl:variable name="lang" select="($h:edition/@language[normalize-space()], tei:text/@xml:lang, @xml:lang)[1] ! normalize-space()"/>
    <meta name="citation_title" content="{f:doc-title(.)}"/>
    <xsl:for-each select="$h:editors"><meta name="citation_author" content="{.}"/></xsl:for-each>
    <xsl:if test="$date"><meta name="citation_date" content="{translate($date, '-', '/')}"/></xsl:if>
    <xsl:for-each select="h:publisher(.)"><meta name="citation_publisher" content="{.}"/></xsl:for-each>
    <xsl:if test="$url"><meta name="citation_public_url" content="{$url}"/></xsl:if>
    <xsl:for-each select="$h:edition/@identifier[matches(., '^10\.[0-9]+/')]"><meta name="citation_doi" content="{.}"/></xsl:for-each>
    <xsl:if test="$lang"><meta name="citation_language" content="{$lang}"/></xsl:if>
    <meta name="DC.title" content="{f:doc-title(.)}"/>
    <xsl:for-each select="$h:editors"><meta name="DC.contributor" content="{.}"/></xsl:for-each>
    <xsl:if test="$date"><meta name="DC.date" content="{$date}"/></xsl:if>
    <xsl:for-each select="h:publisher(.)"><meta name="DC.publisher" content="{.}"/></xsl:for-each>
    <meta name="DC.identifier" content="{($url, $id)[1]}"/>
    <xsl:if test="$lang"><meta name="DC.language" content="{$lang}"/></xsl:if>
    <meta name="DC.type" content="Text"/>
    <meta name="DC.format" content="text/html"/>
    <xsl:for-each select="tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:bibl[@type = 'source'][1]/tei:title[normalize-space()]">
      <meta name="DC.source" content="{normalize-space(.)}"/></xsl:for-each>
    <xsl:for-each select="$h:edition/licence/@url[f:safe-url(.)]"><meta name="DC.rights" content="{.}"/></xsl:for-each>
    <xsl:if test="$url"><link rel="canonical" href="{$url}"/></xsl:if>
    <link rel="alternate" type="application/tei+xml" href="tei/{$id}.xml"/>
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
