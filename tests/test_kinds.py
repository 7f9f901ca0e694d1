"""Kinds of source, regions, header facts and omissions, on invented documents (no seed's words)."""

from __future__ import annotations

from lxml import etree

from pipeline.encode import encode_text
from pipeline.encode.recognise import analyse
from pipeline.encode.names.registry import Registry

NS = {"t": "http://www.tei-c.org/ns/1.0"}

WILSON = """Skip to content

March 3, 1972

Record of a Conversation between Cde. A. B. Petrov and Cde. Nguyen Van Hai

This document was made possible with support from The Example Foundation

4 March 1972

Present were: Cdes. A. B. Petrov and C. D. Ivanov.

Nguyen Van Hai We have come to discuss the supply [of] rice.

A. B. Petrov. This is understood. We will study the question.

C. D. Ivanov Agreed.

Nguyen Van Hai Thank you.

The conversation was recorded by E. F. Sidorov

three copies




Nguyen Van Hai asks for rice.

Document Information


GARF, f. 5446, op. 2, d. 10, ll. 1-5. Contributed by Jane Roe and translated by John Doe.

Rights

Reuse is welcome for research; some documents may be subject to copyright.

Original Uploaded Date

2015-06-01

Type

Memorandum of Conversation

Record ID

123456

Donors

The Example Foundation"""

BLOG = """In June 1975 the minister met the envoy twice in Geneva.
The record shows how far apart they were:
Minister Dupont (Foreign Minister): We cannot accept this.
Mr Smith: Then we have nothing to discuss.
Later that day the tone changed:
Minister Dupont: Perhaps we can.
Record of the conversation of 12 June, Foreign Office Archives
Great post, thanks!
Where can I read the rest?"""

FRUS = """12. Memorandum of Conversation 1

Geneva, June 12, 1975, 3 p.m.

President: Good afternoon.2
Brown: Good afternoon, Mr. President.
Smith
  1. Source: Example Library, Papers of Somebody, Box 3. Secret.
  2. The meeting began late."""

LISTING = """Search in

Digital Archive International History Declassified

  • January 05, 1970

    Letter from Tran Van Anh to Pham Quoc Bao

    A letter about rice.

  • 1971

    Discussion between Zhou Enlai and Tran Van Anh

    A discussion.

  • March 09, 1972

    Cable from Tam [Pham Quoc Bao]

    A cable."""


def tei(text: str, doc_id: str = "x1", side: dict | None = None):
    res = encode_text(text, doc_id, registry=Registry(), side=side or {})
    return etree.fromstring(res.xml), res


def kind_of(text: str) -> str:
    """The kind the analysis concludes (names keyed as they are)."""
    return analyse("x", text, lambda name: name.lower().replace(" ", "-")).kind


def test_detect_kind_by_form():
    assert kind_of(WILSON) == "wilson-record"
    assert kind_of(BLOG) == "blog-quote"
    assert kind_of(FRUS) == "frus"
    assert kind_of(LISTING) == "listing"
    assert kind_of("Just a paragraph.\nAnother one.") == "unknown"


def test_wilson_header_and_omissions():
    root, res = tei(WILSON)
    h = root.find("t:teiHeader", NS)
    assert h.findtext(".//t:creation/t:date", namespaces=NS) == "March 3, 1972"
    assert h.find(".//t:creation/t:date", NS).get("when") == "1972-03-03"
    assert h.findtext(".//t:msIdentifier/t:repository", namespaces=NS) == "GARF"
    assert h.findtext(".//t:msIdentifier/t:idno", namespaces=NS) == "f. 5446, op. 2, d. 10, ll. 1-5"
    resps = {r.findtext("t:resp", namespaces=NS): r.findtext("t:persName", namespaces=NS)
             for r in h.iterfind(".//t:titleStmt/t:respStmt", NS)}
    assert resps["Translated by"] == "John Doe" and resps["Contributed by"] == "Jane Roe"
    assert h.findtext(".//t:idno[@type='record']", namespaces=NS) == "123456"
    assert h.findtext(".//t:note[@type='genre']", namespaces=NS) == "Memorandum of Conversation"
    assert h.find(".//t:date[@type='uploaded']", NS).get("when") == "2015-06-01"
    assert h.findtext(".//t:funder", namespaces=NS) == "The Example Foundation"
    assert h.findtext(".//t:abstract/t:p", namespaces=NS) == "Nguyen Van Hai asks for rice."
    omitted = {int(i.get("n")): i.findtext("t:label", namespaces=NS)
               for i in h.iterfind(".//t:samplingDecl//t:item", NS)}
    assert omitted[1] == "site-furniture" and omitted[3] == "metadata" and omitted[7] == "site-furniture"
    assert "summary" in omitted.values()
    body_text = "".join(root.find("t:text", NS).itertext())
    assert "Skip to content" not in body_text and "Reuse is welcome" not in body_text


def test_wilson_turns_participants_and_closer():
    root, _ = tei(WILSON)
    sps = root.findall(".//t:sp", NS)
    assert ["".join(sp.find("t:speaker", NS).itertext()) for sp in sps] == [
        "Nguyen Van Hai", "A. B. Petrov.", "C. D. Ivanov", "Nguyen Van Hai"]  # labels as written
    ids = {p.get("{http://www.w3.org/XML/1998/namespace}id") for p in root.iterfind(".//t:particDesc//t:person", NS)}
    assert all(sp.get("who")[1:] in ids for sp in sps)
    closer = root.find(".//t:closer", NS)
    assert closer.findtext("t:signed", namespaces=NS).startswith("The conversation was recorded by")
    assert closer.find("t:seg[@type='distribution']", NS).text == "three copies"
    assert root.find(".//t:dateline/t:date", NS).get("when") == "1972-03-04"


def test_blog_excerpts_citation_and_comments():
    root, _ = tei(BLOG)
    quotes = root.findall(".//t:quote[@type='excerpt']", NS)
    assert [len(q.findall("t:sp", NS)) for q in quotes] == [2, 1]
    bibl = root.find(".//t:body//t:bibl", NS)
    assert bibl.get("{http://www.w3.org/XML/1998/namespace}id") == quotes[0].get("source")[1:]
    reasons = [i.findtext("t:label", namespaces=NS) for i in root.iterfind(".//t:samplingDecl//t:item", NS)]
    assert reasons == ["reader-comment", "reader-comment"]
    assert root.findtext(".//t:msIdentifier/t:repository", namespaces=NS) == "Foreign Office Archives"
    person = root.find(".//t:person[@sameAs='persons.xml#dupont']", NS)
    assert person is not None and person.findtext("t:occupation", namespaces=NS) == "Foreign Minister"


def test_frus_head_notes_signature_and_title_speakers():
    root, res = tei(FRUS)
    head = root.find(".//t:head", NS)
    assert head.find("t:note", NS).get("n") == "1" and head.get("n") == "12"
    assert root.find(".//t:div", NS).get("n") == "12"
    assert root.findtext(".//t:closer/t:signed", namespaces=NS) == "Smith"
    assert root.find(".//t:dateline//t:date", NS).get("when").startswith("1975-06-12")
    assert [n.get("n") for n in root.iterfind(".//t:note[@place='foot']", NS)] == ["1", "2"]
    assert "Example Library" in root.findtext(".//t:note[@type='source-note']", namespaces=NS)
    assert root.find(".//t:availability[@status='free']", NS) is not None


def test_listing_entries():
    root, _ = tei(LISTING)
    entries = root.findall(".//t:listBibl/t:bibl", NS)
    assert len(entries) == 3
    assert [e.find("t:date", NS).get("when") for e in entries] == ["1970-01-05", "1971", "1972-03-09"]
    assert entries[0].findtext("t:note[@type='summary']", namespaces=NS) == "A letter about rice."
    refs = {p.get("ref") for p in root.iterfind(".//t:persName", NS)}
    assert {"persons.xml#zhou-enlai", "persons.xml#tran-van-anh", "persons.xml#pham-quoc-bao"} <= refs
    creation = root.find(".//t:creation/t:date", NS)
    assert (creation.get("from"), creation.get("to"), creation.get("resp")) == ("1970-01-05", "1972-03-09", "#encoder")


def test_unknown_kind_title_is_marked_as_made_by_the_encoder():
    root, res = tei("Some words of a page with no known form at all, and more words after them.\nA second line.")
    title = root.find(".//t:titleStmt/t:title", NS)
    assert title.get("resp") == "#encoder" and title.text.endswith("…")
    assert len(root.findall(".//t:body//t:p", NS)) == 2
    assert any(d.rule == "doc-date" for d in res.diagnostics)


def test_sidecar_facts_are_marked_as_the_editors():
    root, _ = tei("A line.\nAnother line.", side={"title": "An invented title", "date": "1970-01-02",
                                                   "archive": "Some Archive", "shelfmark": "Box 1"})
    assert root.find(".//t:titleStmt/t:title", NS).get("resp") == "#editor"
    d = root.find(".//t:creation/t:date", NS)
    assert (d.get("when"), d.get("resp")) == ("1970-01-02", "#editor")
    assert root.find(".//t:msIdentifier", NS).get("resp") == "#editor"


def test_same_input_same_bytes():
    assert encode_text(WILSON, "x1").xml == encode_text(WILSON, "x1").xml


def test_a_list_of_those_present_gives_participants_and_silent_ones():
    text = """7. Notes of Meeting 1

Lisbon, May 2, 1971.

PERSONS PRESENT
The Chairman
Minister Costa
Colonel Lima
Ana Pereira
The Chairman: We begin.
Minister Costa: Agreed.
  1. Source: Invented Archive, Box 1."""
    root, _ = tei(text)
    lst = root.find(".//t:list[@type='participants']", NS)
    assert lst is not None and lst.findtext("t:head", namespaces=NS) == "PERSONS PRESENT"
    assert len(lst.findall("t:item", NS)) == 4
    persons = {p.findtext("t:persName", namespaces=NS): p.get("role") for p in root.iterfind(".//t:particDesc//t:person", NS)}
    assert persons["Costa"] is None and persons["Lima"] == "silent" and persons["Ana Pereira"] == "silent"
    whos = [sp.get("who") for sp in root.iterfind(".//t:sp", NS)]
    assert whos == ["#dx1-chairman", "#dx1-costa"]
