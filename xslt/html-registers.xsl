<?xml version="1.0" encoding="UTF-8"?>
<!-- The registers' pages (persons.html, places.html, orgs.html and their pages by initial), from the documents'
     parts and the registers. Included by html-corpus.xsl. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:h="urn:tei-edition:html"
  xmlns:pt="urn:tei-edition:part"
  exclude-result-prefixes="#all">

  <!-- ===== the registers: persons.html, places.html, orgs.html and their pages by initial ===== -->

  <xsl:variable name="h:registers" as="xs:string+" select="('persons', 'places', 'orgs')"/>
  <!-- Where the pages by initial are written (a file: URI ending with '/'; pipeline/publish/corpus.py gives its working
       folder); the index of initials is the principal result. -->
  <xsl:param name="pages-dir" as="xs:string" select="''"/>

  <!-- The keys of the register of $page: its entries and every key the documents' parts name, each once. -->
  <xsl:variable name="h:entry-keys" as="xs:string*" select="
    if ($page eq 'persons') then distinct-values(($h:register//tei:listPerson/tei:person/@xml:id, /pt:parts/pt:part/pt:person/@key))
    else if ($page = $h:registers) then distinct-values(($h:named-registers[@xml:id = $page]//(tei:place | tei:org)/@xml:id[not(. = ('no-places', 'no-orgs'))],
      /pt:parts/pt:part/pt:place[@register = $page]/@key))
    else ()"/>

  <!-- The name an entry of the register of $page sorts by (persons: the register's sort form). -->
  <xsl:function name="h:entry-sort" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="lower-case(if ($page eq 'persons') then h:sort-name($key, $h:register) else h:named-name($page, $key))"/>
  </xsl:function>

  <!-- The index of initials (principal result) and one page per initial (xsl:result-document into $pages-dir). -->
  <xsl:template name="h:register-pages">
    <xsl:variable name="parts" select="."/>
    <xsl:for-each-group select="$h:entry-keys" group-by="f:register-initial(.)">
      <xsl:variable name="initial" select="current-grouping-key()"/>
      <xsl:variable name="keys" select="current-group()"/>
      <xsl:result-document href="{$pages-dir}{f:register-page($page, $keys[1])}">
        <xsl:for-each select="$parts">
          <xsl:call-template name="h:page">
            <xsl:with-param name="title" select="f:label('register-initial-title', (f:label($page || '-title'), upper-case($initial)))"/>
            <xsl:with-param name="current" select="$page"/>
            <xsl:with-param name="searchable" select="true()"/>
            <xsl:with-param name="initial" tunnel="yes" select="$initial"/>
            <xsl:with-param name="keys" tunnel="yes" select="$keys"/>
          </xsl:call-template>
        </xsl:for-each>
      </xsl:result-document>
    </xsl:for-each-group>
    <xsl:call-template name="h:page">
      <xsl:with-param name="title" select="f:label($page || '-title')"/>
      <xsl:with-param name="current" select="$page"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="/pt:parts[$page = $h:registers]" mode="h:main">
    <xsl:param name="initial" as="xs:string" tunnel="yes" select="''"/>
    <xsl:param name="keys" as="xs:string*" tunnel="yes" select="()"/>
    <h1><xsl:value-of select="if ($initial) then f:label('register-initial-title', (f:label($page || '-title'), upper-case($initial))) else f:label($page || '-title')"/></h1>
    <p><xsl:value-of select="f:label($page || '-intro')"/></p>
    <xsl:choose>
      <xsl:when test="empty($h:entry-keys)"><p><xsl:value-of select="f:label('no-' || $page)"/></p></xsl:when>
      <xsl:otherwise><xsl:call-template name="h:initials"><xsl:with-param name="current" select="$initial"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
    <xsl:for-each select="$keys">
      <xsl:sort select="h:entry-sort(.)" lang="en"/>
      <xsl:sort select="."/>
      <xsl:choose>
        <xsl:when test="$page eq 'persons'"><xsl:call-template name="h:person"><xsl:with-param name="key" select="."/></xsl:call-template></xsl:when>
        <xsl:otherwise><xsl:call-template name="h:named"><xsl:with-param name="key" select="."/></xsl:call-template></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- The initials of the register of $page, each linked to its page; $current: the initial of the page shown, or
       '' on the index of initials, which gives each initial's number of entries (the pages by initial do not: a new
       entry changes the index and its own page, not every page). -->
  <xsl:template name="h:initials">
    <xsl:param name="current" as="xs:string"/>
    <nav class="initials" aria-label="{f:label('initials-label')}" data-pagefind-ignore="all">
      <ul>
        <xsl:for-each-group select="$h:entry-keys" group-by="f:register-initial(.)">
          <xsl:sort select="current-grouping-key()"/>
          <li>
            <a href="{f:register-page($page, current-group()[1])}">
              <xsl:if test="current-grouping-key() eq $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
              <xsl:value-of select="if (current-grouping-key() eq '0') then f:label('initial-other') else upper-case(current-grouping-key())"/>
            </a>
            <xsl:if test="not($current)">
              <xsl:text> </xsl:text>
              <span class="count"><xsl:value-of select="f:label('entry-count', string(count(current-group())))"/></span>
            </xsl:if>
          </li>
        </xsl:for-each-group>
      </ul>
    </nav>
  </xsl:template>

  <!-- The entry of a place or an organisation in its register (tei/places.xml, tei/orgs.xml), or (). -->
  <xsl:function name="h:named-entry" as="element()?">
    <xsl:param name="register" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="($h:named-registers[@xml:id = $register] ! key('h:named-entry', $key, .))[1]"/>
  </xsl:function>

  <!-- The name to print for a place or organisation: the register's preferred name, else the key. -->
  <xsl:function name="h:named-name" as="xs:string">
    <xsl:param name="register" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="e" select="h:named-entry($register, $key)"/>
    <xsl:sequence select="(($e/*[self::tei:placeName or self::tei:orgName][@type = 'preferred'], $e/*[self::tei:placeName or self::tei:orgName])[normalize-space()][1]/normalize-space(), $key)[1]"/>
  </xsl:function>

  <!-- A place or an organisation: its name, forms, register data (kind, GeoNames, note) and its documents. -->
  <xsl:template name="h:named">
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="occurrences" select="key('h:place-part', $page || ' ' || $key, $h:root)"/>
    <xsl:variable name="entry" select="h:named-entry($page, $key)"/>
    <xsl:variable name="name" select="h:named-name($page, $key)"/>
    <xsl:variable name="names" select="$entry/*[self::tei:placeName or self::tei:orgName][normalize-space()] ! normalize-space()"/>
    <xsl:variable name="forms" select="distinct-values(($names[. ne $name],
      sort(distinct-values($occurrences/pt:form/string())[not(. = ($name, $names))], 'http://www.w3.org/2005/xpath-functions/collation/codepoint', function($f) { lower-case($f), $f })))"/>
    <section class="entry" aria-labelledby="{$key}">
      <h2 id="{$key}"><xsl:value-of select="$name"/></h2>
      <xsl:if test="exists($forms)">
        <p class="name-forms">
          <span class="label"><xsl:value-of select="f:label('name-forms')"/>: </span>
          <xsl:for-each select="$forms">
            <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
            <span class="name-form"><xsl:value-of select="."/></span>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:if test="$entry/@type[normalize-space()] or $entry/tei:idno[@type = 'geonames'][normalize-space()]">
        <p class="register-data">
          <xsl:for-each select="$entry/@type[normalize-space()]">
            <span class="entry-type"><xsl:value-of select="f:label-or('entry-type-' || normalize-space(.), normalize-space(.))"/></span>
          </xsl:for-each>
          <xsl:for-each select="$entry/tei:idno[@type = 'geonames'][normalize-space()][1]">
            <xsl:if test="$entry/@type[normalize-space()]"><xsl:text>; </xsl:text></xsl:if>
            <xsl:variable name="id" select="normalize-space(.)"/>
            <xsl:choose>
              <xsl:when test="matches($id, '^[0-9]+$')"><a class="geonames" href="https://www.geonames.org/{$id}"><xsl:value-of select="f:label('geonames', $id)"/></a></xsl:when>
              <xsl:otherwise><xsl:value-of select="f:label('geonames', $id)"/></xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:call-template name="h:entry-documents">
        <xsl:with-param name="entry" select="$entry"/>
        <xsl:with-param name="occurrences" select="$occurrences"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- An entry's notes, then its documents (their lines, pre-rendered in the parts' pt:li) in the order of $h:docs;
       not searched: the documents' titles and where they name the entry are found on the documents' own pages. -->
  <xsl:template name="h:entry-documents">
    <xsl:param name="entry" as="element()*"/>
    <xsl:param name="occurrences" as="element()*"/>
    <xsl:for-each select="$entry/tei:note[normalize-space()]">
      <p class="person-note"><xsl:apply-templates/></p>
    </xsl:for-each>
    <ul class="occurrences" data-pagefind-ignore="all">
      <xsl:for-each select="sort($occurrences, (), function($p) { $h:doc-rank(generate-id($p/..)) })">
        <xsl:copy-of select="pt:li/node()" copy-namespaces="no"/>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- ===== persons ===== -->

  <!-- Sort key of a person: the register's sort form, else the printed name. -->
  <xsl:function name="h:sort-name" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="register" as="node()*"/>
    <xsl:sequence select="(f:register-entry($key, $register)/tei:persName[@type = 'sort'][normalize-space()][1]/normalize-space(),
      f:person-name($key, $register))[1]"/>
  </xsl:function>

  <xsl:template name="h:person">
    <xsl:param name="key" as="xs:string"/>
    <!-- the person in each document's part (one pt:person per document, its line pre-rendered in pt:li) -->
    <xsl:variable name="occurrences" select="key('h:person-part', $key, $h:root)"/>
    <xsl:variable name="entry" select="f:register-entry($key, $h:register)"/>
    <xsl:variable name="found-forms" select="distinct-values($occurrences/pt:form/string())"/>
    <section class="person" aria-labelledby="{$key}">
      <h2 id="{$key}"><xsl:value-of select="f:person-name($key, $h:register)"/></h2>
      <p class="name-forms">
        <span class="label"><xsl:value-of select="f:label('name-forms')"/>: </span>
        <xsl:variable name="forms" as="element()*">
          <xsl:for-each select="$entry/tei:persName[normalize-space()][not(@type = 'sort')]">
            <span class="name-form"><xsl:sequence select="h:lang(.)"/><xsl:value-of select="normalize-space(.)"/></span>
          </xsl:for-each>
          <xsl:for-each select="$found-forms[not(. = $entry/tei:persName/normalize-space())]">
            <xsl:sort select="lower-case(.)" lang="en"/>
            <xsl:sort select="."/>
            <span class="name-form"><xsl:value-of select="."/></span>
          </xsl:for-each>
        </xsl:variable>
        <xsl:for-each select="$forms">
          <xsl:if test="position() gt 1"><xsl:text>; </xsl:text></xsl:if>
          <xsl:sequence select="."/>
        </xsl:for-each>
      </p>
      <xsl:call-template name="h:entry-documents">
        <xsl:with-param name="entry" select="$entry"/>
        <xsl:with-param name="occurrences" select="$occurrences"/>
      </xsl:call-template>
    </section>
  </xsl:template>

</xsl:stylesheet>
