<?xml version="1.0" encoding="UTF-8"?>
<!--
  text-turns.xsl: one TEI document -> its rows of build/text/turns.tsv (no header row: pipeline/publish/text.py writes it).

  One row per sp in document order, six tab-separated fields:
    document  date  turn  speaker  label  text
  document: $document-id (the file's stem); date: creation/date/@when; turn: 1, 2, ... within the document;
  speaker: the register keys of @who (persons.xml#KEY via the participant's @sameAs), space-separated;
  label: the speaker label as written; text: the turn's reading text as in the text edition, without note
  markers and page breaks. Tabs, line ends and runs of white space in any field become one space.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:tei="http://www.tei-c.org/ns/1.0"
  xmlns:tx="urn:tei-edition:text"
  xmlns:f="urn:tei-edition:functions"
  exclude-result-prefixes="#all">

  <xsl:import href="text.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>

  <!-- The document id written in the first column (default: the edition's idno of type "document"). -->
  <xsl:param name="document-id" as="xs:string" select="''"/>

  <xsl:template match="/">
    <xsl:variable name="tei" select="tei:TEI"/>
    <xsl:variable name="id" select="if ($document-id) then $document-id
                                    else f:doc-id($tei)"/>
    <xsl:variable name="date" select="string($tei/tei:teiHeader/tei:profileDesc/tei:creation/tei:date[1]/@when)"/>
    <xsl:for-each select="$tei/tei:text//tei:sp">
      <xsl:value-of select="string-join(($id, $date, string(position()), tx:speaker-keys(.),
                                         tx:inline(tei:speaker/node(), true()), tx:inline(node() except tei:speaker, true()))
                                        ! normalize-space(), '&#9;') || '&#10;'"/>
    </xsl:for-each>
  </xsl:template>

  <!-- The register key of each participant in @who (or the pointer itself when it does not resolve). -->
  <xsl:function name="tx:speaker-keys" as="xs:string">
    <xsl:param name="sp" as="element(tei:sp)"/>
    <xsl:sequence select="string-join(
        for $ref in tokenize(normalize-space($sp/@who), ' ')
        return let $person := key('f:participant', substring-after($ref, '#'), root($sp))[1]
        return if (contains($person/@sameAs, '#')) then substring-after($person/@sameAs, '#')
               else replace($ref, '^#', ''), ' ')"/>
  </xsl:function>
</xsl:stylesheet>
