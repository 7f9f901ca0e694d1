"""The TEI document as bytes, the same for the same tree: UTF-8, an XML declaration, element-only content
indented, mixed content exactly as it is."""

from __future__ import annotations

from lxml import etree

from ..inline import TEI_NS


# Elements whose content is only elements: the only ones indented (mixed content is never touched).
STRUCTURAL = {"TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt", "availability",
              "sourceDesc", "msDesc", "msIdentifier", "encodingDesc", "projectDesc", "samplingDecl", "editorialDecl",
              "normalization", "classDecl", "taxonomy", "category", "profileDesc", "creation", "abstract",
              "langUsage", "textClass", "particDesc", "listPerson", "person", "text", "body", "div", "sp", "list",
              "listBibl", "opener", "closer", "quote", "back", "front", "listPrefixDef", "bibl"}


def indent(el: etree._Element, level: int = 0) -> None:
    """Indent element-only content by two spaces per level; leave mixed content exactly as it is."""
    local = el.tag.rpartition("}")[2]
    children = list(el) if local in STRUCTURAL else []
    if (not children or (el.text or "").strip() or any((c.tail or "").strip() for c in children)
            or (local == "quote" and el.get("type") != "excerpt")):
        return  # not element-only content (or none): left exactly as it is
    pad = "\n" + "  " * (level + 1)
    el.text = pad
    for c in children:
        c.tail = pad
        indent(c, level + 1)
    children[-1].tail = "\n" + "  " * level


def serialise(root: etree._Element) -> bytes:
    """UTF-8 bytes with an XML declaration, structural elements indented, ending in a newline."""
    etree.cleanup_namespaces(root, top_nsmap={None: TEI_NS})
    indent(root)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
