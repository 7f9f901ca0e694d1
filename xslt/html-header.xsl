<?xml version="1.0" encoding="UTF-8"?>
<!-- A document page's header: the metadata panel, dates in words and their evidence, the participants, "cite this"
     and the citation meta tags. Included by html.xsl. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:h="urn:tei-edition:html"
  exclude-result-prefixes="#all">

  <!-- The metadata panel: one dt/dd pair per field the header has. -->
  <xsl:template name="h:about">
    <xsl:variable name="fd" select="tei:teiHeader/tei:fileDesc"/>
    <xsl:variable name="src" select="$fd/tei:sourceDesc/tei:bibl[@type = 'source'][1]"/>
    <xsl:variable name="pd" select="tei:teiHeader/tei:profileDesc"/>
    <details class="about" id="about">
      <summary><h2 id="about-h"><xsl:value-of select="f:label('about')"/></h2></summary>
      <dl class="metadata">
        <xsl:variable name="date" select="$pd/tei:creation/tei:date[1]"/>
        <xsl:variable name="v-date">
          <xsl:sequence select="if ($date) then (h:date-normalised($date), h:date-evidence($date)) else f:label('undated')"/>
        </xsl:variable>
        <xsl:sequence select="h:field('date', $v-date)"/>
        <xsl:variable name="v-participants"><xsl:call-template name="h:participants"/></xsl:variable>
        <xsl:sequence select="h:field('participants', $v-participants)"/>
        <xsl:sequence select="h:field('kind', f:label-or('kind-' || f:kind(.), f:kind(.)))"/>
        <xsl:sequence select="h:field('source', string-join(($src/tei:title, $src/tei:publisher)[normalize-space()] ! normalize-space(), '. '))"/>
        <xsl:variable name="v-source-url">
          <xsl:for-each select="$src/tei:idno[@type = 'URL'][1]">
            <xsl:variable name="url" select="f:safe-url(.)"/>
            <xsl:choose>
              <xsl:when test="$url"><a href="{$url}"><xsl:value-of select="normalize-space(.)"/></a></xsl:when>
              <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </xsl:variable>
        <xsl:sequence select="h:field('source-url', $v-source-url)"/>
        <xsl:sequence select="h:field('genre', $src/tei:note[@type = 'genre'])"/>
        <xsl:sequence select="h:field('record-id', $src/tei:idno[@type = 'record'])"/>
        <xsl:variable name="v-uploaded"><xsl:apply-templates select="$src/tei:date[@type = 'uploaded'][1]"/></xsl:variable>
        <xsl:sequence select="h:field('uploaded', $v-uploaded)"/>
        <xsl:sequence select="h:field('archive', f:archive(.)[.])"/>
        <xsl:sequence select="h:field('shelfmark', f:shelfmark(.)[.])"/>
        <xsl:sequence select="h:field('citation', $src/tei:note[@type = 'citation'])"/>
        <xsl:sequence select="h:field('source-note', $src/tei:note[@type = 'source-note'])"/>
        <xsl:sequence select="h:field('editor-note', ($src, $fd/tei:sourceDesc/tei:msDesc, $pd/tei:creation)//tei:note[not(@type = ('genre', 'citation', 'source-note'))])"/>
        <xsl:sequence select="h:field('translator', $fd/tei:titleStmt/tei:respStmt[tei:resp/@key = 'trl']/(tei:persName, tei:name, tei:orgName))"/>
        <xsl:sequence select="h:field('contributor', $fd/tei:titleStmt/tei:respStmt[tei:resp/@key = 'ctb']/(tei:persName, tei:name, tei:orgName))"/>
        <xsl:sequence select="h:field('funder', $fd/tei:titleStmt/tei:funder)"/>
        <xsl:variable name="v-summary"><xsl:apply-templates select="$pd/tei:abstract/node()" mode="h:header"/></xsl:variable>
        <xsl:sequence select="h:field('summary', $v-summary)"/>
        <xsl:sequence select="h:field('languages', string-join($pd/tei:langUsage/tei:language ! normalize-space(), ', '))"/>
        <xsl:variable name="v-rights"><xsl:apply-templates select="$fd/tei:publicationStmt/tei:availability/node()" mode="h:header"/></xsl:variable>
        <xsl:sequence select="h:field('rights', $v-rights)"/>
        <xsl:variable name="v-source-rights"><xsl:apply-templates select="$src/tei:availability/node()" mode="h:header"/></xsl:variable>
        <xsl:sequence select="h:field('source-rights', $v-source-rights)"/>
        <xsl:variable name="v-identifier"><code><xsl:value-of select="f:doc-id(.)"/></code></xsl:variable>
        <xsl:sequence select="h:field('identifier', $v-identifier)"/>
        <xsl:variable name="v-tei-file"><xsl:sequence select="h:tei-link(.)"/></xsl:variable>
        <xsl:sequence select="h:field('tei-file', $v-tei-file)"/>
      </dl>
    </details>
  </xsl:template>

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
  <xsl:function name="h:field" as="element()*">
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
  </xsl:function>

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

</xsl:stylesheet>
