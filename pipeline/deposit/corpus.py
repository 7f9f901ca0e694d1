"""The corpus file (tei/corpus.xml): every document in one teiCorpus, ids made unique across documents."""

from __future__ import annotations

from collections import Counter

from lxml import etree

from .layout import AGENT
from .records import TEI_NS, XML_ID


def shared_ids(roots: list[etree._Element]) -> set[str]:
    """The xml:ids that occur in more than one of the files."""
    seen = Counter(i for r in roots for i in set(r.xpath("//@xml:id")))
    return {i for i, n in seen.items() if n > 1}


def with_unique_ids(root: etree._Element, clashing: set[str]) -> etree._Element:
    """A copy of a TEI root whose clashing xml:ids are prefixed with its own TEI/@xml:id and a dash, and every
    same-document pointer (``#id`` in any attribute) to them rewritten."""
    copy = etree.fromstring(etree.tostring(root))
    prefix = copy.get(XML_ID, "")
    renamed = {}
    for el in copy.iter(etree.Element):
        old = el.get(XML_ID)
        if old in clashing and el is not copy:
            renamed[old] = el.attrib[XML_ID] = f"{prefix}-{old}"
    for el in copy.iter(etree.Element):
        for name, value in el.attrib.items():
            tokens = value.split(" ")
            new = [f"#{renamed[t[1:]]}" if t.startswith("#") and t[1:] in renamed else t for t in tokens]
            if new != tokens:
                el.set(name, " ".join(new))
    return copy


def corpus_tree(roots: list[etree._Element], meta: dict, licence_url: str = "") -> etree._Element:
    """A teiCorpus: a header describing the edition, then each document and the register, ids made unique."""
    def sub(parent, tag, text=None, **attrs):
        el = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}", attrs)
        el.text = text
        return el

    corpus = etree.Element(f"{{{TEI_NS}}}teiCorpus", nsmap={None: TEI_NS})
    corpus.set(XML_ID, "corpus")
    file_desc = sub(sub(corpus, "teiHeader"), "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", meta["title"], type="main")
    resp_stmt = sub(title_stmt, "respStmt")
    sub(resp_stmt, "resp", "Gathered from the edition's files by")
    sub(resp_stmt, "name", AGENT)
    pub = sub(file_desc, "publicationStmt")
    sub(pub, "publisher", meta["publisher"])
    sub(pub, "idno", "corpus", type="document")
    availability = sub(pub, "availability")
    if licence_url:
        sub(availability, "licence", target=licence_url)
    sub(availability, "p", meta["encoding_rights"] + " The rights in each source text are stated in "
        "the sourceDesc of its document.")
    sub(sub(file_desc, "sourceDesc"), "p", "The documents of the edition and its register of persons, each also "
        "in its own file beside this one: " + ", ".join(meta["files"]) + ".")
    clashing = shared_ids(roots)
    for root in roots:
        corpus.append(with_unique_ids(root, clashing))
    etree.indent(corpus[0], "  ")  # the corpus header indented like the documents; they keep their own layout
    corpus.text = "\n"
    for el in corpus:  # the header, each document and each register on lines of their own
        el.tail = "\n"
    return corpus


def xml_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"
