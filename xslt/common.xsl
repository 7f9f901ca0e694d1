<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared layer of the edition's stylesheets (imported by html.xsl and text.xsl). No output format here:
  labels, identifiers, dates, person look-up, note numbers and the bracket printing rules (docs/brackets.md).
  All functions are in the namespace urn:tei-edition:functions (prefix f).
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:f="urn:tei-edition:functions"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  exclude-result-prefixes="#all">

  <!-- The labels table: every fixed word the editions print, as a map from key to text. Static: read once when the
       stylesheet is compiled, not at every transformation. -->
  <xsl:variable name="f:label-map" static="yes" as="map(xs:string, xs:string)"
    select="map:merge(doc('labels.xml')/*/*:label ! map:entry(string(@key), string(.)), map { 'duplicates': 'use-first' })"/>
  <xsl:variable name="f:labels-lang" static="yes" as="xs:string" select="string((doc('labels.xml')/*/@xml:lang, 'en')[1])"/>

  <!-- The label for $key, with {1}, {2}… replaced by $args; terminates, naming the key, when the table has none (a
       typo must not pass silently). -->
  <xsl:function name="f:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="f:label($key, ())"/>
  </xsl:function>
  <xsl:function name="f:label" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="args" as="xs:string*"/>
    <xsl:variable name="entry" select="$f:label-map($key)"/>
    <xsl:if test="empty($entry)">
      <xsl:message terminate="yes">xslt/labels.xml: error: no label with key="<xsl:value-of select="$key"/>" [label-missing]</xsl:message>
    </xsl:if>
    <xsl:sequence select="fold-left(1 to count($args), string($entry[1]),
      function($text, $i) { replace($text, '{' || $i || '}', $args[$i], 'q') })"/>
  </xsl:function>

  <!-- Label for a closed value (kind of source, reason…), or the value itself when the table has none. -->
  <xsl:function name="f:label-or" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="fallback" as="xs:string"/>
    <xsl:sequence select="($f:label-map($key), $fallback)[1]"/>
  </xsl:function>

  <!-- ===== documents ===== -->

  <!-- The document id (the source file's stem): idno[@type='document'], else TEI/@xml:id less its leading 'd'. -->
  <xsl:function name="f:doc-id" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="tei" select="$node/ancestor-or-self::tei:TEI[1]"/>
    <xsl:sequence select="(
      $tei/tei:teiHeader/tei:fileDesc/tei:publicationStmt/tei:idno[@type = 'document'][normalize-space()]/normalize-space(),
      $tei/@xml:id/replace(., '^d', ''),
      'document')[1]"/>
  </xsl:function>

  <!-- Kind of source: catRef/@target without '#' (frus, wilson-record, blog-quote, listing, unknown). -->
  <xsl:function name="f:kind" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="tei" select="$node/ancestor-or-self::tei:TEI[1]"/>
    <xsl:sequence select="($tei/tei:teiHeader/tei:profileDesc/tei:textClass/tei:catRef/@target/substring-after(., '#')[.], 'unknown')[1]"/>
  </xsl:function>

  <xsl:function name="f:doc-title" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="t" select="$node/ancestor-or-self::tei:TEI[1]/tei:teiHeader/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:sequence select="(($t[@type = 'main'], $t)[normalize-space()][1]/normalize-space(), f:doc-id($node))[1]"/>
  </xsl:function>

  <!-- The document's own date as ISO (creation/date @when, @notBefore or @from), or () when undated. -->
  <xsl:function name="f:doc-date" as="xs:string?">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="d" select="$node/ancestor-or-self::tei:TEI[1]/tei:teiHeader/tei:profileDesc/tei:creation/tei:date[1]"/>
    <xsl:sequence select="($d/@when, $d/@notBefore, $d/@from)[f:is-iso-date(.)][1]/string()"/>
  </xsl:function>

  <!-- The document's date as printed (the header's own words, else the formatted ISO date). -->
  <xsl:function name="f:doc-date-text" as="xs:string?">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="d" select="$node/ancestor-or-self::tei:TEI[1]/tei:teiHeader/tei:profileDesc/tei:creation/tei:date[1]"/>
    <xsl:variable name="words" select="normalize-space($d)"/>
    <xsl:sequence select="if ($words and not($words = ($d/@when, $d/@notBefore, $d/@from))) then $words
      else f:doc-date($node) ! f:format-date(.)"/>
  </xsl:function>

  <!-- ===== dates ===== -->

  <!-- True for a year, year-month or full date (yyyy, yyyy-mm, yyyy-mm-dd): what HTML's datetime accepts. -->
  <xsl:function name="f:is-iso-date" as="xs:boolean">
    <xsl:param name="value" as="xs:string?"/>
    <xsl:sequence select="matches(string($value), '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$')
      and (string-length($value) ne 10 or $value castable as xs:date)"/>
  </xsl:function>

  <!-- 1966-12-16 → "16 December 1966"; 1966-12 → "December 1966"; 1966 → "1966"; anything else as it is. -->
  <xsl:function name="f:format-date" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:sequence select="
      if (not(f:is-iso-date($iso))) then $iso
      else if (string-length($iso) eq 10) then format-date(xs:date($iso), '[D] [MNn] [Y]', 'en', (), ())
      else if (string-length($iso) eq 7) then format-date(xs:date($iso || '-01'), '[MNn] [Y]', 'en', (), ())
      else $iso"/>
  </xsl:function>

  <!-- Sort key for chronological order: undated last, then by title. -->
  <xsl:function name="f:date-sort-key" as="xs:string">
    <xsl:param name="iso" as="xs:string?"/>
    <xsl:sequence select="if ($iso) then $iso else '9999'"/>
  </xsl:function>

  <!-- ===== anchors, turns, notes ===== -->

  <!-- Running counts within each TEI document, kept by accumulators (one pass over each tree, so numbering an
       element costs a look-up, not a count of everything before it). Reset where a TEI starts and ends, so a
       teiCorpus numbers each document from 1. The unnamed mode makes them available on the source document;
       temporary trees (xsl:document copies) have every accumulator. -->
  <xsl:mode use-accumulators="#all"/>

  <xsl:accumulator name="f:turns" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" phase="start" select="0"/>
    <xsl:accumulator-rule match="tei:TEI" phase="end" select="0"/>
    <xsl:accumulator-rule match="tei:TEI/tei:text//tei:sp" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:accumulator name="f:footnotes" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" phase="start" select="0"/>
    <xsl:accumulator-rule match="tei:TEI" phase="end" select="0"/>
    <xsl:accumulator-rule match="tei:TEI/tei:text//tei:note[not(@type = 'summary')]" select="$value + 1"/>
  </xsl:accumulator>

  <xsl:accumulator name="f:paragraphs" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="tei:TEI" phase="start" select="0"/>
    <xsl:accumulator-rule match="tei:TEI" phase="end" select="0"/>
    <xsl:accumulator-rule match="tei:TEI/tei:text//tei:p[not(ancestor::tei:note)]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- Elements counted before $el plus one, from an accumulator's value at $el ($value), which counts $el
       itself when $el is one of the elements counted ($counted). -->
  <xsl:function name="f:ordinal" as="xs:integer">
    <xsl:param name="value" as="xs:integer"/>
    <xsl:param name="counted" as="xs:boolean"/>
    <xsl:sequence select="if ($counted) then $value else $value + 1"/>
  </xsl:function>

  <!-- The elements of each document's text by name, for f:anchor. -->
  <xsl:key name="f:text-element" match="tei:TEI/tei:text//*" use="node-name()"/>

  <!-- A stable anchor for an element: its xml:id, else the document prefix, its name and its number in the text
       (among the elements of its name). -->
  <xsl:function name="f:anchor" as="xs:string">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="tei" select="$el/ancestor::tei:TEI[1]"/>
    <xsl:sequence select="if ($el/@xml:id) then string($el/@xml:id)
      else ($tei/@xml:id, 'd')[1] || '-' || local-name($el) || '-n'
        || (count($tei ! key('f:text-element', node-name($el), .)[. &lt;&lt; $el]) + 1)"/>
  </xsl:function>

  <!-- A speaker label as a name: without the colon or full stop that ends it as written ("Kissinger:" →
       "Kissinger", "NGUYEN DUY TRINH." → "NGUYEN DUY TRINH"; an initial keeps its stop: "A. A. Gromyko." →
       "A. A. Gromyko"). The label itself stays as written in the text. -->
  <xsl:function name="f:speaker-name" as="xs:string">
    <xsl:param name="speaker" as="element()?"/>
    <xsl:sequence select="replace(replace(normalize-space(string($speaker)), '\s*:$', ''), '(\w\w)\.$', '$1')"/>
  </xsl:function>

  <!-- The number of a turn (sp) in its document, from 1. -->
  <xsl:function name="f:turn-number" as="xs:integer">
    <xsl:param name="sp" as="element(tei:sp)"/>
    <xsl:sequence select="f:ordinal($sp ! accumulator-before('f:turns'), exists($sp/ancestor::tei:text/parent::tei:TEI))"/>
  </xsl:function>

  <!-- A note's number: its @n, else its place among the document's notes. -->
  <xsl:function name="f:note-number" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="($note/@n[normalize-space()]/normalize-space(),
      string(f:ordinal($note ! accumulator-before('f:footnotes'),
        exists($note/ancestor::tei:text/parent::tei:TEI) and not($note/@type = 'summary'))))[1]"/>
  </xsl:function>

  <!-- The number of a paragraph (p outside notes) in its document's text, from 1; for another element, the
       number of the next paragraph. -->
  <xsl:function name="f:paragraph-number" as="xs:integer">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="f:ordinal($el ! accumulator-before('f:paragraphs'),
      exists($el/self::tei:p[not(ancestor::tei:note)]/ancestor::tei:text/parent::tei:TEI))"/>
  </xsl:function>

  <!-- Notes printed as footnotes: those in the text (not the summaries of a listing). -->
  <xsl:function name="f:is-footnote" as="xs:boolean">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:sequence select="exists($note/ancestor::tei:text) and not($note/@type = ('summary'))"/>
  </xsl:function>

  <!-- ===== persons ===== -->

  <!-- The participants (particDesc//person) by xml:id. -->
  <xsl:key name="f:participant" match="tei:particDesc//tei:person" use="@xml:id"/>

  <!-- The register key of a person reference: persName/@ref "persons.xml#key" → key; for sp, its @who resolved
       through the document's particDesc (person/@sameAs), else @who less the document prefix. -->
  <xsl:function name="f:person-key" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:variable name="who" select="tokenize(normalize-space($el/self::tei:sp/@who))[1] ! replace(., '^#', '')"/>
    <xsl:variable name="tei" select="$el/ancestor::tei:TEI[1]"/>
    <xsl:variable name="person" select="$tei ! key('f:participant', $who, .)"/>
    <xsl:sequence select="if (not($el/self::tei:sp)) then $el/@ref ! f:ref-key(.)
      else if (empty($who)) then ()
      else if ($person/@sameAs) then f:ref-key($person[1]/@sameAs)
      else replace($who, '^' || $tei/@xml:id || '-', '')"/>
  </xsl:function>

  <!-- "persons.xml#key" or "#key" → key; () for a pointer that is not one of ours. -->
  <xsl:function name="f:ref-key" as="xs:string?">
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:variable name="r" select="tokenize(normalize-space($ref))[1]"/>
    <xsl:variable name="key" select="substring-after($r, '#')"/>
    <!-- a plain test and a cast, not a regular expression: this runs for every name and turn of every page -->
    <xsl:sequence select="if ((starts-with($r, '#') or starts-with($r, 'persons.xml#')) and $key castable as xs:NCName)
      then $key else ()"/>
  </xsl:function>

  <!-- ===== the registers' pages (persons, places, orgs) ===== -->

  <!-- Each register is published as one page per initial (persons-a.html, places-p.html …) and an index of the
       initials (persons.html). An entry's initial is its key's first letter: a person's key starts with the family
       name, as the sort form does (kissinger-henry: "Kissinger, Henry"), a place's or organisation's with its
       name. So a link needs the key only, never the register: a document's page stays the same when the register
       changes. These two functions are the only place that knows the pages' names. -->
  <xsl:function name="f:register-initial" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:variable name="c" select="lower-case(substring($key, 1, 1))"/>
    <xsl:sequence select="if (string-length($c) eq 1 and contains('abcdefghijklmnopqrstuvwxyz', $c)) then $c else '0'"/>
  </xsl:function>

  <!-- The page of a register's entry: f:register-page('persons', 'le-duc-tho') = 'persons-l.html'. -->
  <xsl:function name="f:register-page" as="xs:string">
    <xsl:param name="register" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="$register || '-' || f:register-initial($key) || '.html'"/>
  </xsl:function>

  <!-- The link to a register's entry: f:register-href('persons', 'le-duc-tho') = 'persons-l.html#le-duc-tho'. -->
  <xsl:function name="f:register-href" as="xs:string">
    <xsl:param name="register" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="f:register-page($register, $key) || '#' || $key"/>
  </xsl:function>

  <!-- The register and key of a place's or organisation's @ref: "places.xml#paris" → ('places', 'paris');
       () for a pointer that is not one of ours. -->
  <xsl:function name="f:named-ref" as="xs:string*">
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:variable name="r" select="tokenize(normalize-space($ref))[1]"/>
    <xsl:variable name="register" select="substring-before($r, '.xml#')"/>
    <xsl:variable name="key" select="substring-after($r, '#')"/>
    <xsl:sequence select="if ($register = ('places', 'orgs') and $key castable as xs:NCName) then ($register, $key) else ()"/>
  </xsl:function>

  <!-- The register's persons (listPerson/person) by xml:id. -->
  <xsl:key name="f:register-person" match="tei:listPerson/tei:person" use="@xml:id"/>

  <!-- The register's entry for a key ($register//tei:listPerson/tei:person[@xml:id = $key][1]): in each
       listPerson below the $register nodes, the first person with that xml:id (one in a valid register). -->
  <xsl:function name="f:register-entry" as="element(tei:person)*">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="register" as="node()*"/>
    <xsl:sequence select="($register/key('f:register-person', $key, .) except $register)
      [not(preceding-sibling::tei:person[@xml:id = $key])]"/>
  </xsl:function>

  <!-- The name to print for a register key: the register's preferred (or main) persName, else the key. -->
  <xsl:function name="f:person-name" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="register" as="node()*"/>
    <xsl:variable name="p" select="f:register-entry($key, $register)"/>
    <xsl:sequence select="(($p/tei:persName[@type = ('preferred', 'main')], $p/tei:persName[not(@type = 'sort')])[normalize-space()][1]/normalize-space(), $key)[1]"/>
  </xsl:function>

  <!-- ===== bracket printing rules (docs/brackets.md: the source's brackets are printed back exactly) ===== -->

  <!-- Text printed before and after the content of a wrapping intervention; ('', '') for other elements.
       supplied, foreign: [ ]; sic inside foreign: " – SIC" after; sic: " [SIC]" (" [sic]" with rend="lowercase")
       after; unclear: "[?]" after. -->
  <xsl:function name="f:brackets" as="xs:string+">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="
      if ($el/self::tei:supplied or $el/self::tei:foreign) then ('[', ']')
      else if ($el/self::tei:sic[parent::tei:foreign]) then ('', ' &#x2013; SIC')
      else if ($el/self::tei:sic[node()]) then ('', ' ' || f:sic-mark($el))
      else if ($el/self::tei:unclear[node()]) then ('', '[?]')
      else ('', '')"/>
  </xsl:function>

  <xsl:function name="f:sic-mark" as="xs:string">
    <xsl:param name="sic" as="element()"/>
    <xsl:sequence select="if ($sic/@rend = 'lowercase') then '[sic]' else '[SIC]'"/>
  </xsl:function>

  <!-- The whole printed form of an empty marker: gap and incident "[desc]" (a gap without desc "[…]"),
       empty sic "[SIC]", empty unclear "[?]", pb the page label; () for any other element. -->
  <xsl:function name="f:marker-text" as="xs:string?">
    <xsl:param name="el" as="element()"/>
    <xsl:sequence select="
      if ($el/self::tei:gap or $el/self::tei:incident)
        then '[' || (if ($el/tei:desc) then string($el/tei:desc[1]) else '&#x2026;') || ']'
      else if ($el/self::tei:sic[not(node())][not(parent::tei:foreign)]) then f:sic-mark($el)
      else if ($el/self::tei:unclear[not(node())]) then '[?]'
      else if ($el/self::tei:pb) then f:label('page', string($el/@n))
      else ()"/>
  </xsl:function>

  <!-- Words describing why the editor intervened (for a tooltip or a legend). -->
  <xsl:function name="f:reason-text" as="xs:string">
    <xsl:param name="reason" as="xs:string?"/>
    <xsl:sequence select="if ($reason) then f:label-or('reason-' || $reason, $reason) else ''"/>
  </xsl:function>

  <!-- Text without diacritics, for search: NFD less combining marks, then the letters NFD leaves whole. -->
  <xsl:function name="f:fold" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="translate(replace(normalize-unicode($text, 'NFD'), '\p{Mn}+', ''),
      'đĐðÐøØłŁıþÞ', 'dDdDoOlLitT') => replace('ß', 'ss') => replace('æ', 'ae') => replace('Æ', 'AE')
      => replace('œ', 'oe') => replace('Œ', 'OE')"/>
  </xsl:function>

  <!-- Only links that cannot run script: http(s), mailto, or a fragment. -->
  <xsl:function name="f:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($url)"/>
    <xsl:sequence select="$u[matches(., '^(https?://|mailto:|#)[^\s&quot;&lt;&gt;]*$', 'i')]"/>
  </xsl:function>

  <!-- The archive that holds the original, as the encoder writes it (sourceDesc/msDesc/msIdentifier: the repository,
       then its settlement), '' when the header names none. Every edition reads it here; the deposit reads the same
       elements in pipeline/deposit/records.py (archive_of). -->
  <xsl:function name="f:archive" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:variable name="ms" select="$tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc/tei:msIdentifier"/>
    <xsl:sequence select="string-join(($ms/tei:repository, $ms/tei:settlement) ! normalize-space()[.], ', ')"/>
  </xsl:function>

  <!-- The original's shelfmark in that archive (msIdentifier/idno), '' when none. -->
  <xsl:function name="f:shelfmark" as="xs:string">
    <xsl:param name="tei" as="element(tei:TEI)"/>
    <xsl:sequence select="string-join($tei/tei:teiHeader/tei:fileDesc/tei:sourceDesc/tei:msDesc/tei:msIdentifier/tei:idno
                                      ! normalize-space()[.], ', ')"/>
  </xsl:function>

</xsl:stylesheet>
