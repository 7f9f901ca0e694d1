<?xml version="1.0" encoding="UTF-8"?>
<!-- The text of a document in HTML: blocks (div, p, sp, lists, opener/closer), inline markup, editorial
     interventions (printed by the bracket rules of common.xsl), note markers. Included by html.xsl. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:h="urn:tei-edition:html"
  exclude-result-prefixes="#all">

  <!-- Show "[p. 120]" markers for page breaks of the printed source. -->
  <xsl:param name="show-page-breaks" as="xs:boolean" select="true()"/>

  <!-- True when an element holds blocks, so it cannot become an HTML p or span. -->
  <xsl:function name="h:has-blocks" as="xs:boolean">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="exists($el/(tei:p | tei:ab | tei:div | tei:list | tei:listBibl | tei:table | tei:lg | tei:sp
      | tei:figure | tei:floatingText | tei:opener | tei:closer | tei:quote[h:has-blocks(.)]))"/>
  </xsl:function>

  <!-- id attribute from the element's stable anchor. -->
  <xsl:function name="h:id" as="attribute(id)">
    <xsl:param name="el" as="element()"/>
    <xsl:attribute name="id" select="f:anchor($el)"/>
  </xsl:function>

  <!-- lang attribute when the element says its language. -->
  <xsl:function name="h:lang" as="attribute(lang)?">
    <xsl:param name="el" as="element()"/>
    <xsl:if test="normalize-space($el/@xml:lang)">
      <xsl:attribute name="lang" select="normalize-space($el/@xml:lang)"/>
    </xsl:if>
  </xsl:function>

  <!-- ===== blocks ===== -->

  <xsl:template match="tei:text | tei:body | tei:front | tei:back | tei:group | tei:address">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:div">
    <div class="div div-{(@type, 'text')[1]}">
      <xsl:sequence select="@xml:id ! h:id(..), h:lang(.)"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- The text's headings sit below the page's h2 "Text": h3 for a top-level div. -->
  <xsl:template match="tei:div/tei:head | tei:body/tei:head">
    <xsl:element name="h{min((6, 2 + count(ancestor::tei:div) + (if (parent::tei:body) then 1 else 0)))}">
      <xsl:sequence select="h:id(.), h:lang(.)"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:head">
    <p class="head"><xsl:sequence select="@xml:id ! h:id(..)"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab">
    <xsl:element name="{if (h:has-blocks(.)) then 'div' else 'p'}">
      <xsl:attribute name="class" select="local-name()"/>
      <xsl:sequence select="h:id(.), h:lang(.)"/>
      <xsl:if test="self::tei:p and not(ancestor::tei:note) and ancestor::tei:text/parent::tei:TEI">
        <xsl:call-template name="h:paragraph-number"/>
      </xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- A paragraph's number (f:paragraph-number: the one the register and the citations use), shown in the margin
       and linking to the paragraph itself: its permalink. Left out of the search index. -->
  <xsl:template name="h:paragraph-number">
    <xsl:variable name="n" select="string(f:paragraph-number(.))"/>
    <a class="pn" href="#{f:anchor(.)}" aria-label="{f:label('para-number', $n)}" data-pagefind-ignore="all"><xsl:value-of select="$n"/></a>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- A speaker's turn: set apart, labelled by its speaker (linked to the register) and numbered with a link. -->
  <xsl:template match="tei:sp">
    <xsl:variable name="id" select="f:anchor(.)"/>
    <xsl:variable name="key" select="f:person-key(.)"/>
    <xsl:variable name="n" select="f:turn-number(.)"/>
    <div class="sp" id="{$id}" role="group" aria-labelledby="{$id}-who">
      <xsl:sequence select="h:lang(.)"/>
      <xsl:if test="$key"><xsl:attribute name="data-who" select="$key"/></xsl:if>
      <p class="speaker" id="{$id}-who">
        <xsl:choose>
          <xsl:when test="tei:speaker">
            <xsl:apply-templates select="tei:speaker"/>
          </xsl:when>
          <xsl:when test="$key">
            <a class="speaker-name" href="{f:register-href('persons', $key)}"><xsl:value-of select="$key"/></a>
          </xsl:when>
        </xsl:choose>
        <xsl:text> </xsl:text>
        <a class="turn-link" href="#{$id}" title="{f:label('turn-link')}">
          <xsl:value-of select="f:label('turn', string($n))"/>
        </a>
      </p>
      <div class="turn">
        <xsl:apply-templates select="node() except tei:speaker"/>
      </div>
    </div>
  </xsl:template>

  <!-- A speaker label is a link to the register when its turn has a person and it holds no link or note itself. -->
  <xsl:function name="h:speaker-links" as="xs:boolean">
    <xsl:param name="speaker" as="element(tei:speaker)"/>
    <xsl:sequence select="exists($speaker/parent::tei:sp ! f:person-key(.))
      and not($speaker//tei:ref[f:safe-url(@target)] | $speaker//tei:note[f:is-footnote(.)])"/>
  </xsl:function>

  <!-- A person's name is a link to the register unless that would nest links (HTML forbids a inside a). -->
  <xsl:function name="h:name-links" as="xs:boolean">
    <xsl:param name="name" as="element()"/>
    <xsl:sequence select="exists(f:person-key($name))
      and not($name//tei:note[f:is-footnote(.)] | $name//tei:ref[f:safe-url(@target)])
      and not($name/ancestor::tei:ref[f:safe-url(@target)])
      and not($name/ancestor::*[self::tei:persName or self::tei:name or self::tei:rs][f:person-key(.)])
      and not($name/ancestor::tei:speaker[h:speaker-links(.)])"/>
  </xsl:function>

  <xsl:template match="tei:speaker">
    <xsl:variable name="key" select="f:person-key(..)"/>
    <xsl:choose>
      <xsl:when test="h:speaker-links(.)">
        <a class="speaker-name" href="{f:register-href('persons', $key)}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise><span class="speaker-name"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:list">
    <!-- labelled items show their labels as written ('1)'), not the browser's numbers -->
    <xsl:variable name="ordered" select="(@type = ('ordered', 'numbered') or @rend = 'numbered') and not(tei:label)"/>
    <xsl:apply-templates select="tei:head"/>
    <xsl:element name="{if ($ordered) then 'ol' else 'ul'}">
      <xsl:attribute name="class" select="string-join(('list', @type, 'labelled'[current()/tei:label]), ' ')"/>
      <xsl:sequence select="@xml:id ! h:id(..)"/>
      <xsl:apply-templates select="node() except (tei:head, tei:label)"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:item">
    <li>
      <xsl:sequence select="@xml:id ! h:id(..), h:lang(.)"/>
      <xsl:if test="parent::tei:list[@type = ('ordered', 'numbered') or @rend = 'numbered'][not(tei:label)] and @n castable as xs:integer">
        <xsl:attribute name="value" select="xs:integer(@n)"/>
      </xsl:if>
      <xsl:apply-templates select="preceding-sibling::*[1][self::tei:label]"/>
      <xsl:apply-templates/>
    </li>
  </xsl:template>

  <xsl:template match="tei:label">
    <span class="label"><xsl:apply-templates/></span><xsl:text> </xsl:text>
  </xsl:template>

  <!-- A listing's entries: an ordered list, one entry per bibl. -->
  <xsl:template match="tei:listBibl">
    <xsl:apply-templates select="tei:head"/>
    <ol class="listBibl">
      <xsl:apply-templates select="node() except tei:head"/>
    </ol>
  </xsl:template>

  <xsl:template match="tei:listBibl/tei:bibl">
    <li class="bibl"><xsl:sequence select="h:id(.)"/><xsl:apply-templates/></li>
  </xsl:template>

  <xsl:template match="tei:listBibl/tei:bibl/tei:title">
    <cite class="bibl-title"><xsl:apply-templates/></cite>
  </xsl:template>

  <xsl:template match="tei:note[@type = 'summary']">
    <span class="summary"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- A citation line in the text (the source of a quoted excerpt). -->
  <xsl:template match="tei:bibl">
    <xsl:element name="{if (parent::tei:div | parent::tei:body | parent::tei:quote[h:has-blocks(.)]) then 'p' else 'span'}">
      <xsl:attribute name="class" select="'bibl'"/>
      <xsl:sequence select="@xml:id ! h:id(..)"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:quote | tei:q">
    <xsl:choose>
      <xsl:when test="h:has-blocks(.)">
        <blockquote class="{local-name()} {@type}">
          <xsl:sequence select="@xml:id ! h:id(..), h:lang(.)"/>
          <xsl:apply-templates/>
        </blockquote>
      </xsl:when>
      <xsl:otherwise>
        <span class="{local-name()}"><xsl:sequence select="h:lang(.)"/><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:opener | tei:closer | tei:lg | tei:floatingText | tei:figure">
    <div class="{local-name()}"><xsl:sequence select="@xml:id ! h:id(..)"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:dateline | tei:signed | tei:salute | tei:addrLine | tei:l | tei:byline | tei:trailer | tei:postscript/tei:p">
    <xsl:element name="{if (h:has-blocks(.)) then 'div' else 'p'}">
      <xsl:attribute name="class" select="local-name()"/>
      <xsl:sequence select="@xml:id ! h:id(..)"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:table">
    <table class="table">
      <xsl:apply-templates select="tei:head"/>
      <tbody><xsl:apply-templates select="tei:row"/></tbody>
    </table>
  </xsl:template>
  <xsl:template match="tei:table/tei:head"><caption><xsl:apply-templates/></caption></xsl:template>
  <xsl:template match="tei:row"><tr><xsl:apply-templates select="tei:cell"/></tr></xsl:template>
  <xsl:template match="tei:cell"><td><xsl:apply-templates/></td></xsl:template>

  <!-- ===== inline ===== -->

  <xsl:template match="tei:persName | tei:name[@ref] | tei:rs[@ref]">
    <xsl:variable name="key" select="f:person-key(.)"/>
    <xsl:choose>
      <xsl:when test="h:name-links(.)">
        <a class="persName" href="{f:register-href('persons', $key)}"><xsl:sequence select="h:lang(.)"/><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="persName"><xsl:sequence select="h:lang(.)"/><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A place's or an organisation's name is a link to its register entry (places-p.html#paris), unless that would
       nest links or the name holds a footnote. -->
  <xsl:template match="tei:placeName | tei:orgName">
    <xsl:variable name="ref" select="f:named-ref(@ref)"/>
    <xsl:choose>
      <xsl:when test="exists($ref) and not(.//tei:note[f:is-footnote(.)] | .//tei:ref[f:safe-url(@target)] | .//tei:persName | .//tei:placeName | .//tei:orgName)
          and not(ancestor::tei:ref[f:safe-url(@target)] | ancestor::tei:persName | ancestor::tei:name[@ref] | ancestor::tei:rs[@ref] | ancestor::tei:placeName | ancestor::tei:orgName | ancestor::tei:speaker)">
        <a class="{local-name()}" href="{f:register-href($ref[1], $ref[2])}"><xsl:sequence select="h:lang(.)"/><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{local-name()}"><xsl:sequence select="h:lang(.)"/><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Dates as <time datetime>; an inferred value says so in its title. -->
  <xsl:template match="tei:date">
    <xsl:variable name="iso" select="(@when, @notBefore, @from)[f:is-iso-date(.)][1]"/>
    <xsl:variable name="notes" select="(
      @cert[. ne 'high'] ! f:label('inferred-title', string(.)),
      @type[. = 'prospective'] ! f:label('prospective-title'))"/>
    <xsl:element name="{if ($iso) then 'time' else 'span'}">
      <xsl:if test="$iso"><xsl:attribute name="datetime" select="$iso"/></xsl:if>
      <xsl:attribute name="class" select="string-join(('date', @cert[. ne 'high'] ! 'inferred', @type[. = 'prospective']), ' ')"/>
      <xsl:if test="exists($notes)"><xsl:attribute name="title" select="string-join($notes, '; ')"/></xsl:if>
      <xsl:choose>
        <xsl:when test="node()"><xsl:apply-templates/></xsl:when>
        <xsl:otherwise><xsl:value-of select="f:format-date(string($iso))"/></xsl:otherwise>
      </xsl:choose>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:time">
    <xsl:variable name="when" select="@when[matches(., '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$')]"/>
    <xsl:element name="{if ($when) then 'time' else 'span'}">
      <xsl:if test="$when"><xsl:attribute name="datetime" select="$when"/></xsl:if>
      <xsl:attribute name="class" select="'time'"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>


  <!-- Editorial interventions: the bracket rules of common.xsl (docs/brackets.md), a class, the reason as a title.
       foreign is also italic with its lang. -->
  <xsl:template match="tei:supplied | tei:foreign | tei:sic[node()] | tei:unclear[node()]">
    <xsl:variable name="b" select="f:brackets(.)"/>
    <xsl:element name="{if (self::tei:foreign) then 'i' else 'span'}">
      <xsl:attribute name="class" select="string-join((local-name(), @reason ! ('reason-' || .)), ' ')"/>
      <xsl:attribute name="title" select="h:intervention-title(.)"/>
      <xsl:sequence select="h:lang(.)"/>
      <xsl:if test="$b[1]"><span class="bracket"><xsl:value-of select="$b[1]"/></span></xsl:if>
      <xsl:apply-templates/>
      <xsl:if test="$b[2]"><span class="bracket"><xsl:value-of select="$b[2]"/></span></xsl:if>
    </xsl:element>
  </xsl:template>

  <!-- The tooltip of an intervention: labels.xml's "<element>-title", given the reason (a foreign word's language). -->
  <xsl:function name="h:intervention-title" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="f:label(local-name($el) || '-title',
      if ($el/self::tei:foreign) then string(($el/@xml:lang, '?')[1]) else f:reason-text($el/@reason))"/>
  </xsl:function>

  <xsl:template match="tei:gap | tei:incident | tei:sic[not(node())] | tei:unclear[not(node())]">
    <xsl:variable name="text" select="f:marker-text(.)"/>
    <span class="{string-join((local-name(), @reason ! ('reason-' || .)), ' ')}" title="{h:intervention-title(.)}">
      <xsl:choose>
        <!-- FRUS prints "not declassified" descriptions in italics -->
        <xsl:when test="@reason = 'not-declassified' and tei:desc">[<i><xsl:value-of select="tei:desc[1]"/></i>]</xsl:when>
        <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
      </xsl:choose>
    </span>
  </xsl:template>

  <xsl:template match="tei:choice">
    <xsl:apply-templates select="(tei:corr, tei:reg, tei:expan, tei:sic, tei:orig, tei:abbr)[1]"/>
  </xsl:template>

  <xsl:template match="tei:pb">
    <xsl:if test="$show-page-breaks and normalize-space(@n)">
      <span class="pb" title="{f:label('page-title', string(@n))}"><xsl:sequence select="h:id(.)"/><xsl:value-of select="f:marker-text(.)"/></span>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:lb"><br/></xsl:template>

  <xsl:template match="tei:hi">
    <xsl:variable name="rend" select="tokenize(@rend)"/>
    <xsl:element name="{if ($rend = 'bold') then 'b' else if ($rend = ('sup', 'superscript')) then 'sup'
      else if ($rend = ('sub', 'subscript')) then 'sub' else if ($rend = 'italic') then 'i' else 'em'}">
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="tei:emph"><em><xsl:apply-templates/></em></xsl:template>
  <xsl:template match="tei:title"><cite><xsl:sequence select="h:lang(.)"/><xsl:apply-templates/></cite></xsl:template>
  <xsl:template match="tei:gi">&lt;<code><xsl:apply-templates/></code>&gt;</xsl:template>
  <xsl:template match="tei:code | tei:att"><code><xsl:apply-templates/></code></xsl:template>

  <!-- Links only when they cannot run script; otherwise the words alone. -->
  <xsl:template match="tei:ref | tei:ptr">
    <xsl:variable name="url" select="f:safe-url(@target)"/>
    <xsl:choose>
      <xsl:when test="$url and not(.//tei:note[f:is-footnote(.)]) and not(ancestor::tei:ref[f:safe-url(@target)])"><a href="{$url}"><xsl:apply-templates/><xsl:if test="self::tei:ptr"><xsl:value-of select="$url"/></xsl:if></a></xsl:when>
      <xsl:otherwise><span class="ref"><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:anchor">
    <span><xsl:sequence select="h:id(.)"/></span>
  </xsl:template>

  <!-- A footnote marker in the text: a numbered link to the note at the foot (which links back). -->
  <xsl:template match="tei:note">
    <xsl:variable name="n" select="f:note-number(.)"/>
    <sup class="noteref"><a id="{f:anchor(.)}-ref" href="#{f:anchor(.)}" role="doc-noteref"
       aria-label="{f:label('note-ref', $n)}"><xsl:value-of select="$n"/></a></sup>
  </xsl:template>

  <!-- Inside the note at the foot, its paragraphs are paragraphs. -->
  <xsl:template match="tei:note//tei:p" priority="2">
    <p><xsl:apply-templates/></p>
  </xsl:template>

  <!-- Anything else: its content, in a span (or a div when it holds blocks), so no word is lost. -->
  <xsl:template match="tei:*">
    <xsl:element name="{if (h:has-blocks(.)) then 'div' else 'span'}">
      <xsl:attribute name="class" select="'tei-' || local-name()"/>
      <xsl:sequence select="h:lang(.)"/>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- Header-only parts never print inside the text. -->
  <xsl:template match="tei:teiHeader"/>

</xsl:stylesheet>
