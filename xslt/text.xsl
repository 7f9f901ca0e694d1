<?xml version="1.0" encoding="UTF-8"?>
<!--
  text.xsl: one TEI document of the edition -> its plain-text reading edition (UTF-8, LF, final newline).

  The rules are written down in docs/text-edition.md. In short: a header (one "Label: value" line per field),
  a rule of "=", then one block per paragraph-like element separated by blank lines; "Speaker: text" for turns;
  [Page N] where a page turns; [N] for a note, with the notes after a rule of "-" and the line "Notes"; the
  editor's interventions printed back with the source's brackets.

  Modes:  tx:block  (element -> xs:string*, one string per block, lines already wrapped)
          tx:inline (node -> text; the running text of a block, whitespace normalised by tx:inline())
  text-turns.xsl imports this stylesheet for build/text/turns.tsv.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tx="urn:tei-edition:text"
  xmlns:f="urn:tei-edition:functions"
  exclude-result-prefixes="#all">

  <xsl:import href="common.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- Wrap lines at this many characters (0: one line per paragraph). Words are never broken. -->
  <xsl:param name="width" as="xs:integer" select="0"/>
  <!-- Print [Page N] where the source's page turns. -->
  <xsl:param name="show-page-breaks" as="xs:boolean" select="true()"/>
  <!-- 'end': [N] markers in the text and the notes after the text; 'omit': neither. -->
  <xsl:param name="notes" as="xs:string" select="'end'"/>

  <!-- The header's fields, in order; their labels come from the shared table (xslt/labels.xml). -->
  <xsl:variable name="tx:fields" as="xs:string+" select="'title', 'date', 'source', 'archive', 'translator', 'rights', 'source-rights'"/>
  <xsl:variable name="tx:header-indent" as="xs:integer" select="max($tx:fields ! string-length(f:label(.))) + 2"/>
  <xsl:variable name="tx:rule-width" as="xs:integer" select="if ($width gt 0) then $width else 72"/>
  <xsl:variable name="tx:NL" as="xs:string" select="'&#10;'"/>

  <!-- ================================================================== document -->

  <xsl:template match="/">
    <xsl:if test="not($notes = ('end', 'omit'))">
      <xsl:message terminate="yes">parameter notes is '<xsl:value-of select="$notes"/>'; allowed: 'end', 'omit'</xsl:message>
    </xsl:if>
    <xsl:if test="not(tei:TEI/tei:text)">
      <xsl:message terminate="yes">not a TEI document with a text: the root element is <xsl:value-of select="name(*)"/></xsl:message>
    </xsl:if>
    <xsl:variable name="body" as="xs:string*">
      <xsl:apply-templates select="tei:TEI/tei:text" mode="tx:block"/>
    </xsl:variable>
    <xsl:variable name="footnotes" select="if ($notes = 'end') then tx:footnotes(/) else ()"/>
    <xsl:variable name="notes-part" as="xs:string*" select="if (empty($footnotes)) then ()
      else ('', tx:rule('-'), f:label('notes'), '', string-join($footnotes ! tx:endnote(.), $tx:NL || $tx:NL))"/>
    <xsl:value-of select="string-join((tx:header(tei:TEI/tei:teiHeader), '', tx:rule('='), '',
                                       string-join($body[. ne ''], $tx:NL || $tx:NL), $notes-part), $tx:NL)
                          || $tx:NL"/>
  </xsl:template>

  <!-- ================================================================== header -->

  <xsl:function name="tx:header" as="xs:string*">
    <xsl:param name="h" as="element(tei:teiHeader)?"/>
    <xsl:variable name="fd" select="$h/tei:fileDesc"/>
    <xsl:variable name="src" select="$fd/tei:sourceDesc/tei:bibl[@type = 'source'][1]"/>
    <xsl:variable name="date" select="$h/tei:profileDesc/tei:creation/tei:date[1]"/>
    <xsl:variable name="ms" select="$fd/tei:sourceDesc/tei:msDesc/tei:msIdentifier"/>
    <xsl:sequence select="
      tx:field('title', normalize-space(($fd/tei:titleStmt/tei:title[@type = 'main'], $fd/tei:titleStmt/tei:title)[1])),
      tx:field('date', tx:date-value($date)),
      tx:field('source', string-join(($src/tei:publisher, $src/tei:idno[@type = 'record'] ! ('Record ID ' || .),
                                      $src/tei:idno[@type = 'URL']) ! normalize-space(), ', ')),
      tx:field('archive', if ($ms) then string-join((f:archive($h/..), f:shelfmark($h/..))[.], ', ')
                          else normalize-space(($src/tei:note[@type = ('source-note', 'citation')])[1])),
      tx:field('translator', string-join($fd/tei:titleStmt/tei:respStmt[tei:resp/@key = 'trl']
                                         /(tei:persName | tei:name | tei:orgName) ! normalize-space(), '; ')),
      tx:field('rights', normalize-space($fd/tei:publicationStmt/tei:availability)),
      tx:field('source-rights', normalize-space($src/tei:availability))"/>
  </xsl:function>

  <!-- "Label:     value", wrapped under the value; nothing when the value is empty. -->
  <xsl:function name="tx:field" as="xs:string?">
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="value" as="xs:string"/>
    <xsl:variable name="label" select="f:label($key) || ':'"/>
    <xsl:if test="$value ne ''">
      <xsl:sequence select="tx:wrap($value, tx:pad($label, $tx:header-indent), tx:pad('', $tx:header-indent))"/>
    </xsl:if>
  </xsl:function>

  <!-- The date as written (else formatted), then its ISO form and who inferred or supplied it, in parentheses:
       "21 February (1970-02-21; inferred by the encoder, medium certainty)". -->
  <xsl:function name="tx:date-value" as="xs:string">
    <xsl:param name="date" as="element(tei:date)?"/>
    <xsl:variable name="when" select="string($date/@when)"/>
    <xsl:variable name="text" select="normalize-space($date)"/>
    <xsl:variable name="shown" select="if ($text ne '' and $text ne $when) then $text
                                       else if ($when) then f:format-date($when) else $text"/>
    <xsl:variable name="by" select="$tx:provenance(string($date/@resp))"/>
    <xsl:variable name="about" select="string-join(($when[.][. ne $shown],
        string-join(($by, $date/@cert ! (. || ' certainty')), ', ')[.]), '; ')"/>
    <xsl:sequence select="if ($about) then $shown || ' (' || $about || ')' else $shown"/>
  </xsl:function>

  <!-- Who made a value the source does not state (@resp), as the header says it. -->
  <xsl:variable name="tx:provenance" as="map(xs:string, xs:string)"
                select="map{'#encoder': 'inferred by the encoder', '#editor': 'supplied by the editors', '': ''}"/>

  <!-- ================================================================== blocks -->

  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:div | tei:group | tei:floatingText"
                mode="tx:block" as="xs:string*">
    <xsl:apply-templates select="*" mode="tx:block"/>
  </xsl:template>

  <xsl:template match="tei:head | tei:p | tei:ab | tei:dateline | tei:bibl | tei:trailer | tei:byline | tei:docAuthor
                       | tei:salute | tei:signed | tei:argument | tei:epigraph | tei:stage | tei:l | tei:addrLine
                       | tei:address | tei:docDate | tei:postscript | tei:label | tei:cit" mode="tx:block" as="xs:string*">
    <xsl:param name="lead" as="xs:string" select="''"/>
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:sequence select="tx:wrap(tx:inline(node()), $indent || $lead, $indent)"/>
  </xsl:template>

  <!-- A turn: "Label first paragraph", the label exactly as the source wrote it (its colon or full stop is in
       the speaker element: "Kissinger:", "A. A. Gromyko.", or none: "Le Duc Tho"), further paragraphs as blocks
       of their own. -->
  <xsl:template match="tei:sp" mode="tx:block" as="xs:string*">
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:variable name="label" select="tx:inline(tei:speaker/node())"/>
    <xsl:sequence select="tx:led-blocks(node() except tei:speaker, if ($label) then $label || ' ' else '', $indent)"/>
  </xsl:template>

  <!-- The blocks of $content after $lead (a speaker's label): its running text as one block when it has text of its
       own or no elements, else its elements as blocks, the first after $lead. -->
  <xsl:function name="tx:led-blocks" as="xs:string*">
    <xsl:param name="content" as="node()*"/>
    <xsl:param name="lead" as="xs:string"/>
    <xsl:param name="indent" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$content[self::text()[normalize-space()]] or empty($content/self::*)">
        <xsl:sequence select="tx:wrap(tx:inline($content), $indent || $lead, $indent)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="$content/self::*">
          <xsl:apply-templates select="." mode="tx:block">
            <xsl:with-param name="lead" select="if (position() = 1) then $lead else ''"/>
            <xsl:with-param name="indent" select="$indent" tunnel="yes"/>
          </xsl:apply-templates>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A list: one line per item, "N. text" (the item's own number), continuation lines hung under the text. -->
  <xsl:template match="tei:list" mode="tx:block" as="xs:string*">
    <xsl:param name="lead" as="xs:string" select="''"/>
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:variable name="lines" as="xs:string*">
      <xsl:sequence select="normalize-space($lead)[.] ! ($indent || .)"/>
      <xsl:sequence select="tei:head ! tx:wrap(tx:inline(node()), $indent, $indent)"/>
      <xsl:for-each select="tei:item">
        <xsl:variable name="marker" select="tx:item-marker(.)"/>
        <xsl:sequence select="tx:wrap(tx:inline(node()), $indent || $marker, $indent || tx:pad('', string-length($marker)))"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="string-join($lines, $tx:NL)"/>
  </xsl:template>

  <xsl:function name="tx:item-marker" as="xs:string">
    <xsl:param name="item" as="element(tei:item)"/>
    <xsl:variable name="label" select="$item/preceding-sibling::*[1][self::tei:label]"/>
    <xsl:sequence select="if ($label) then tx:inline($label/node()) || ' '
                          else if ($item/@n) then (if (matches($item/@n, '[.):]$')) then $item/@n || ' ' else $item/@n || '. ')
                          else '• '"/>
  </xsl:function>

  <!-- Opener and closer: one line per part (addrLine, salute, signed, dateline...). -->
  <xsl:template match="tei:opener | tei:closer" mode="tx:block" as="xs:string*">
    <xsl:param name="lead" as="xs:string" select="''"/>
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:sequence select="string-join(tx:led-blocks(node(), $lead, $indent), $tx:NL)"/>
  </xsl:template>

  <!-- A quoted passage set off from the text: its blocks indented by four spaces. -->
  <xsl:template match="tei:quote[*]" mode="tx:block" as="xs:string*">
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:apply-templates select="*" mode="tx:block">
      <xsl:with-param name="indent" select="$indent || '    '" tunnel="yes"/>
    </xsl:apply-templates>
  </xsl:template>
  <xsl:template match="tei:lg" mode="tx:block" as="xs:string*" priority="2">
    <xsl:variable name="inner" as="xs:string*"><xsl:apply-templates select="*" mode="tx:block"/></xsl:variable>
    <xsl:sequence select="string-join($inner, $tx:NL)"/>
  </xsl:template>

  <!-- A list of documents (a listing page): "• date", then title and summary lines under it. -->
  <xsl:template match="tei:listBibl" mode="tx:block" as="xs:string*">
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:sequence select="tei:head ! tx:wrap(tx:inline(node()), $indent, $indent)"/>
    <xsl:for-each select="tei:bibl | tei:biblStruct | tei:msDesc">
      <xsl:variable name="lines" as="xs:string*">
        <xsl:for-each-group select="node()" group-starting-with="tei:title | tei:note">
          <xsl:sequence select="tx:wrap(tx:inline(current-group()), $indent || (if (position() = 1) then '• ' else '  '), $indent || '  ')"/>
        </xsl:for-each-group>
      </xsl:variable>
      <xsl:sequence select="string-join($lines[normalize-space()], $tx:NL)"/>
    </xsl:for-each>
  </xsl:template>

  <!-- A table: one line per row, cells separated by " | ". -->
  <xsl:template match="tei:table" mode="tx:block" as="xs:string*">
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:sequence select="string-join((tei:head ! tx:wrap(tx:inline(node()), $indent, $indent),
      tei:row ! tx:wrap(string-join(tei:cell ! tx:inline(node()), ' | '), $indent, $indent || '  ')), $tx:NL)"/>
  </xsl:template>

  <!-- A page break between blocks is a block of its own; a milestone or anchor prints nothing. -->
  <xsl:template match="tei:pb" mode="tx:block" as="xs:string*">
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:sequence select="tx:inline(.)[.] ! ($indent || .)"/>
  </xsl:template>
  <xsl:template match="tei:milestone | tei:anchor | tei:lb | tei:cb | tei:fw" mode="tx:block" as="xs:string*"/>

  <!-- A footnote standing between blocks: its marker as a block. -->
  <xsl:template match="tei:note" mode="tx:block" as="xs:string*">
    <xsl:sequence select="tx:inline(.)[.]"/>
  </xsl:template>
  <!-- A note whose marker the encoder did not find: the source had no marker, so none is printed here; the note
       itself is printed with the others after the text. -->
  <xsl:template match="tei:note[@type = 'unanchored']" mode="tx:block" as="xs:string*"/>

  <!-- Anything else: its blocks if it holds blocks, else its text as one paragraph (nothing is dropped). -->
  <xsl:template match="*" mode="tx:block" as="xs:string*">
    <xsl:param name="lead" as="xs:string" select="''"/>
    <xsl:param name="indent" as="xs:string" select="''" tunnel="yes"/>
    <xsl:choose>
      <xsl:when test="tei:p | tei:ab | tei:sp | tei:div | tei:list | tei:lg">
        <xsl:apply-templates select="*" mode="tx:block"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="tx:wrap(tx:inline(node()), $indent || $lead, $indent)"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ================================================================== inline -->

  <!-- The running text of nodes, white space normalised; $plain: without note markers and page breaks (turns.tsv). -->
  <xsl:function name="tx:inline" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:sequence select="tx:inline($nodes, false())"/>
  </xsl:function>
  <xsl:function name="tx:inline" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:param name="plain" as="xs:boolean"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$nodes" mode="tx:inline">
        <xsl:with-param name="plain" select="$plain" tunnel="yes"/>
      </xsl:apply-templates>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts))"/>
  </xsl:function>

  <xsl:template match="text()" mode="tx:inline" as="xs:string">
    <xsl:sequence select="string(.)"/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()" mode="tx:inline"/>

  <xsl:template match="*" mode="tx:inline" as="xs:string*">
    <xsl:apply-templates mode="tx:inline"/>
  </xsl:template>

  <!-- Elements that hold a block's parts: a space between them, so words never run together (items: below). -->
  <xsl:template match="tei:p | tei:ab | tei:l | tei:addrLine | tei:signed | tei:salute | tei:dateline
                       | tei:head | tei:list | tei:sp | tei:speaker | tei:opener | tei:closer | tei:row | tei:cell
                       | tei:bibl | tei:quote[*]" mode="tx:inline" as="xs:string*">
    <xsl:text> </xsl:text>
    <xsl:apply-templates mode="tx:inline"/>
    <xsl:text> </xsl:text>
  </xsl:template>
  <xsl:template match="tei:item" mode="tx:inline" as="xs:string*" priority="2">
    <xsl:sequence select="' ' || tx:item-marker(.)"/>
    <xsl:apply-templates mode="tx:inline"/>
    <xsl:text> </xsl:text>
  </xsl:template>
  <xsl:template match="tei:list/tei:label" mode="tx:inline"/>

  <xsl:template match="tei:lb | tei:cb" mode="tx:inline" as="xs:string">
    <xsl:sequence select="' '"/>
  </xsl:template>
  <xsl:template match="tei:milestone | tei:anchor | tei:fw | tei:figure" mode="tx:inline"/>

  <xsl:template match="tei:pb" mode="tx:inline" as="xs:string?">
    <xsl:param name="plain" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:if test="$show-page-breaks and @n and not($plain)">
      <!-- a page turning inside a word: the marker with a space on each side, as the copy has it -->
      <xsl:sequence select="if (@break = 'no') then ' [Page ' || @n || '] ' else '[Page ' || @n || ']'"/>
    </xsl:if>
  </xsl:template>

  <!-- Footnotes: a marker [N] here, the note after the text. -->
  <xsl:template match="tei:note" mode="tx:inline" as="xs:string?">
    <xsl:param name="plain" as="xs:boolean" select="false()" tunnel="yes"/>
    <xsl:if test="$notes = 'end' and not($plain)">
      <xsl:sequence select="'[' || f:note-number(.) || ']'"/>
    </xsl:if>
  </xsl:template>
  <!-- Notes that are part of the text where they stand (a listing's summary, an inline note). -->
  <xsl:template match="tei:note[not(f:is-footnote(.))]" mode="tx:inline" as="xs:string*">
    <xsl:apply-templates mode="tx:inline"/>
  </xsl:template>

  <!-- The footnotes in the order of their numbers (the order of the source's note list), so a note whose marker
       the encoder did not find (kept at the end of the text) is printed in its place among the others; notes
       without a number keep document order (the sort is stable). -->
  <xsl:function name="tx:footnotes" as="element(tei:note)*">
    <xsl:param name="doc" as="document-node()"/>
    <!-- a note the copy has no text for (type text-missing) is only its marker: nothing to print here -->
    <xsl:perform-sort select="$doc/tei:TEI/tei:text//tei:note[f:is-footnote(.)][not(ancestor::tei:note)][not(@type = 'text-missing')]">
      <xsl:sort select="if (@n castable as xs:integer) then xs:integer(@n) else 0" data-type="number"/>
    </xsl:perform-sort>
  </xsl:function>

  <xsl:function name="tx:endnote" as="xs:string">
    <xsl:param name="note" as="element(tei:note)"/>
    <xsl:variable name="marker" select="'[' || f:note-number($note) || '] '"/>
    <xsl:sequence select="tx:wrap(tx:inline($note/node()), $marker, tx:pad('', string-length($marker)))"/>
  </xsl:function>

  <!-- ================================================================== the editor's interventions -->
  <!-- Printed back with the source's brackets (docs/brackets.md), by the rules of common.xsl, as in the HTML. -->

  <xsl:template match="tei:supplied | tei:foreign | tei:sic | tei:unclear" mode="tx:inline" as="xs:string*">
    <xsl:variable name="brackets" select="f:brackets(.)"/>
    <xsl:sequence select="$brackets[1]"/>
    <xsl:apply-templates mode="tx:inline"/>
    <xsl:sequence select="$brackets[2], f:marker-text(.)"/>
  </xsl:template>

  <xsl:template match="tei:gap | tei:incident" mode="tx:inline" as="xs:string">
    <xsl:sequence select="'[' || (if (tei:desc) then normalize-space(tei:desc) else '…') || ']'"/>
  </xsl:template>

  <!-- ================================================================== helpers -->

  <xsl:function name="tx:rule" as="xs:string">
    <xsl:param name="char" as="xs:string"/>
    <xsl:sequence select="string-join((1 to $tx:rule-width) ! $char)"/>
  </xsl:function>

  <xsl:function name="tx:pad" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="$s || string-join((string-length($s) + 1 to $n) ! ' ')"/>
  </xsl:function>

  <!-- $text (one line, normalised) after $first; wrapped at $width with $rest before each further line. -->
  <xsl:function name="tx:wrap" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="first" as="xs:string"/>
    <xsl:param name="rest" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="$text eq ''">
        <xsl:sequence select="replace($first, '\s+$', '')"/>
      </xsl:when>
      <xsl:when test="$width le 0">
        <xsl:sequence select="$first || $text"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="words" select="tokenize($text, ' ')"/>
        <xsl:iterate select="tail($words)">
          <xsl:param name="done" as="xs:string*" select="()"/>
          <xsl:param name="line" as="xs:string" select="$first || head($words)"/>
          <xsl:on-completion select="string-join(($done, $line), $tx:NL)"/>
          <xsl:variable name="fits" select="string-length($line) + 1 + string-length(.) le $width"/>
          <xsl:next-iteration>
            <xsl:with-param name="done" select="if ($fits) then $done else ($done, $line)"/>
            <xsl:with-param name="line" select="if ($fits) then $line || ' ' || . else $rest || ."/>
          </xsl:next-iteration>
        </xsl:iterate>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>
</xsl:stylesheet>
