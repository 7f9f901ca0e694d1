<?xml version="1.0" encoding="UTF-8"?>
<!-- The corpus pages, from the parts of every document (pt:part, made by html-parts.xsl when the document's page is
     made) and the register (TEI xml:id="persons"), all in one pt:parts: index.html, persons.html, conventions.html,
     search.html. Included by html.xsl. The functions on TEI here (h:place…) are used by html-parts.xsl. -->
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
  <xsl:variable name="h:docs" as="element(pt:part)*" select="h:chronological(/pt:parts/pt:part)"/>
  <xsl:function name="h:chronological" as="element(pt:part)*">
    <xsl:param name="parts" as="element(pt:part)*"/>
    <xsl:perform-sort select="$parts">
      <xsl:sort select="f:date-sort-key(@date[string()])"/>
      <xsl:sort select="string(@title)" lang="en"/>
      <xsl:sort select="string(@id)"/>
    </xsl:perform-sort>
  </xsl:function>
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
      <xsl:when test="$page = 'index'"><xsl:call-template name="h:index-page"/></xsl:when>
      <xsl:when test="$page = $h:registers"><xsl:call-template name="h:register-pages"/></xsl:when>
      <xsl:when test="$page = 'conventions'"><xsl:call-template name="h:conventions-page"/></xsl:when>
      <xsl:when test="$page = 'search'"><xsl:call-template name="h:search-page"/></xsl:when>
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

  <xsl:template name="h:index-page">
    <xsl:call-template name="h:page">
      <xsl:with-param name="title" select="f:label('index-title')"/>
      <xsl:with-param name="current" select="'index'"/>
    </xsl:call-template>
  </xsl:template>

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
      <xsl:for-each select="$entry/tei:note[normalize-space()]">
        <p class="person-note"><xsl:apply-templates/></p>
      </xsl:for-each>
      <ul class="occurrences" data-pagefind-ignore="all">
        <xsl:for-each select="sort($occurrences, (), function($p) { $h:doc-rank(generate-id($p/..)) })">
          <xsl:copy-of select="pt:li/node()" copy-namespaces="no"/>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- ===== persons ===== -->

  <!-- The element of the text a mention links to: its footnote, else its paragraph, heading, entry or turn. -->
  <xsl:function name="h:place" as="element()?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="($el/ancestor::tei:note[f:is-footnote(.)][last()],
      $el/ancestor::*[self::tei:p[not(ancestor::tei:note)] or self::tei:ab or self::tei:head[parent::tei:div] or self::tei:bibl[parent::tei:listBibl] or self::tei:sp][1])[1]"/>
  </xsl:function>

  <!-- Entries of listings (listBibl/bibl) counted within each TEI document (see the accumulators of common.xsl). -->
  <xsl:accumulator name="h:entries" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" phase="start" select="0"/>
    <xsl:accumulator-rule match="tei:TEI" phase="end" select="0"/>
    <xsl:accumulator-rule match="tei:TEI//tei:listBibl/tei:bibl" select="$value + 1"/>
  </xsl:accumulator>

  <!-- The words for a place of h:place: "note 3", "turn 12", "entry 4", "heading", "paragraph 7"; "page" for none. -->
  <xsl:function name="h:place-label" as="xs:string">
    <xsl:param name="place" as="element()?"/>
    <xsl:sequence select="
      if (empty($place)) then f:label('place-page')
      else if ($place/self::tei:note) then f:label('place-note', f:note-number($place))
      else if ($place/self::tei:sp) then f:label('turn', string(f:turn-number($place)))
      else if ($place/ancestor::tei:sp) then f:label('turn', string(f:turn-number($place/ancestor::tei:sp[1])))
      else if ($place/self::tei:bibl) then f:label('place-entry',
        string(f:ordinal($place ! accumulator-before('h:entries'), exists($place/parent::tei:listBibl/ancestor::tei:TEI))))
      else if ($place/self::tei:head) then f:label('place-heading')
      else f:label('place-paragraph', string(f:paragraph-number($place)))"/>
  </xsl:function>

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
      <xsl:for-each select="$entry/tei:note[normalize-space()]">
        <p class="person-note"><xsl:apply-templates/></p>
      </xsl:for-each>
      <ul class="occurrences" data-pagefind-ignore="all">
        <!-- the documents in the order of $h:docs; not searched: the documents' titles and where they name the
             entry, found on the documents' own pages (indexed, these lists were a fifth of the search's work) -->
        <xsl:for-each select="sort($occurrences, (), function($p) { $h:doc-rank(generate-id($p/..)) })">
          <xsl:copy-of select="pt:li/node()" copy-namespaces="no"/>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- A document's line under a person on persons.html: the document, its date, the person's turns and mentions in
       it. Made by html-parts.xsl when the document's part is made (pt:person/pt:li), from the pt:person it builds:
       persons.html only copies it, so a change to one document re-renders only that document's lines. -->
  <xsl:template name="h:occurrence">
    <xsl:param name="person" as="element(pt:person)"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="date" as="xs:string?"/>
    <!-- the date as printed: the caller may pass it once for all of a document's lines (format-date is costly) -->
    <xsl:param name="date-text" as="xs:string?" select="$date[.] ! f:format-date(.)"/>
    <xsl:variable name="t" select="$person/pt:turn"/>
    <xsl:variable name="m" select="$person/pt:mention"/>
    <li>
      <a href="{$id}.html"><xsl:value-of select="$title"/></a>
      <xsl:for-each select="$date[.]"> (<time datetime="{.}"><xsl:value-of select="$date-text"/></time>)</xsl:for-each>
      <xsl:if test="$t">
        <xsl:text>: </xsl:text>
        <span class="speaks"><xsl:value-of select="f:label('speaks', string(count($t)))"/></span>
        <xsl:text> </xsl:text>
        <xsl:for-each select="$t">
          <a class="turn" href="{$id}.html#{@anchor}"><xsl:value-of select="f:label('turn', string(@n))"/></a>
          <xsl:if test="position() ne last()">, </xsl:if>
        </xsl:for-each>
      </xsl:if>
      <xsl:if test="$m">
        <xsl:text>; </xsl:text>
        <span class="mentioned"><xsl:value-of select="f:label('mentioned', string(sum($m/@count ! xs:integer(.))))"/></span>
        <xsl:text> </xsl:text>
        <xsl:for-each select="$m">
          <a class="mention" href="{$id}.html{@anchor ! ('#' || .)}">
            <xsl:value-of select="@label"/>
            <xsl:if test="xs:integer(@count) gt 1"> (×<xsl:value-of select="@count"/>)</xsl:if>
          </a>
          <xsl:if test="position() ne last()">, </xsl:if>
        </xsl:for-each>
      </xsl:if>
      <xsl:if test="empty($t) and $person/pt:present">
        <xsl:text>: </xsl:text>
        <span class="present"><xsl:value-of select="f:label('participant')"/></span>
      </xsl:if>
    </li>
  </xsl:template>

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

  <xsl:template name="h:conventions-page">
    <xsl:call-template name="h:page">
      <xsl:with-param name="title" select="f:label('conventions-title')"/>
      <xsl:with-param name="current" select="'conventions'"/>
    </xsl:call-template>
  </xsl:template>

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

  <!-- Legends: paragraphs without anchors (several documents share one legend), lists as lists. The list of
       bracket classes (list type="gloss", whose items name TEI elements) is the table of this page, in plain words:
       its paragraph is left out. -->
  <xsl:template match="tei:p[tei:list[@type = 'gloss']]" mode="h:legend" priority="2"/>
  <xsl:template match="tei:p" mode="h:legend">
    <xsl:element name="{if (h:has-blocks(.)) then 'div' else 'p'}">
      <xsl:apply-templates mode="h:legend"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="tei:normalization | tei:correction | tei:hyphenation | tei:quotation | tei:segmentation | tei:interpretation | tei:punctuation | tei:stdVals" mode="h:legend">
    <xsl:apply-templates mode="h:legend"/>
  </xsl:template>
  <xsl:template match="tei:list" mode="h:legend">
    <ul><xsl:apply-templates select="tei:item" mode="h:legend"/></ul>
  </xsl:template>
  <xsl:template match="tei:item" mode="h:legend">
    <li><xsl:apply-templates mode="h:legend"/></li>
  </xsl:template>
  <xsl:template match="node()" mode="h:legend">
    <xsl:apply-templates select="."/>
  </xsl:template>

  <!-- ===== search.html ===== -->

  <xsl:template name="h:search-page">
    <xsl:call-template name="h:page">
      <xsl:with-param name="title" select="f:label('search-title')"/>
      <xsl:with-param name="current" select="'search'"/>
      <xsl:with-param name="scripts" select="'search.js'"/>
    </xsl:call-template>
  </xsl:template>

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
      data-no-index="{f:label('search-no-index')}"></div>
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
