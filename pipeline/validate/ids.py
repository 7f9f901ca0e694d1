"""``id-unique-edition``: an xml:id used in more than one document of the edition."""

from __future__ import annotations

from collections import Counter
from typing import Iterable

from lxml import etree

from ..diagnostics import Diagnostic
from .documents import Doc, FILE_LOCAL_ID_PARENTS, XML_ID, _load, attribute_position, start_tag_position


_ALL_IDS = etree.XPath("//*[@xml:id]")
_ID_VALUES = etree.XPath("//@xml:id", smart_strings=False)


def _local_ids(tree: etree._ElementTree) -> dict[etree._Element, str]:
    """The elements with an xml:id under FILE_LOCAL_ID_PARENTS, and their ids."""
    return {el: el.get(XML_ID) for top in tree.getroot().iter(*(f"{{*}}{name}" for name in FILE_LOCAL_ID_PARENTS))
            for el in top.iterdescendants(etree.Element) if el.get(XML_ID) is not None}


def _edition_ids(tree: etree._ElementTree) -> list[etree._Element]:
    """The elements whose xml:id must be unique across the edition (not under FILE_LOCAL_ID_PARENTS), in order."""
    local = _local_ids(tree)
    return [el for el in _ALL_IDS(tree) if el not in local]


def _edition_id_values(tree: etree._ElementTree) -> set[str]:
    """The values of :func:`_edition_ids`, without visiting every element (the local ids counted out)."""
    counts = Counter(_ID_VALUES(tree))
    counts.subtract(_local_ids(tree).values())
    return {value for value, n in counts.items() if n > 0}


def id_unique_edition(docs: list[Doc]) -> list[Diagnostic]:
    """An xml:id used in more than one file of the run (the header's #encoder/#editor apparatus excepted)."""
    owner: dict[str, Doc] = {}
    if all(owner.setdefault(value, doc) is doc for doc in docs for value in _edition_id_values(doc.tree)):
        return []  # the usual case, found without looking at elements
    first: dict[str, tuple[Doc, etree._Element]] = {}
    found = []
    for doc in sorted(docs, key=lambda d: d.path):
        for el in _edition_ids(doc.tree):
            xml_id = el.get(XML_ID)
            if xml_id in first and first[xml_id][0] is not doc:
                other, other_el = first[xml_id]
                line, col = attribute_position(doc, el, "xml:id")
                where = f"{other.path}:{start_tag_position(other, other_el)[0]}"
                found.append(Diagnostic(doc.path, line, col, "error",
                                        f'xml:id="{xml_id}" is already used in {where}; ids must be unique across '
                                        "the edition: start every id with the document's TEI/@xml:id and a dash",
                                        "id-unique-edition"))
            first.setdefault(xml_id, (doc, el))
    return found


def ids_across(paths, ids_of: dict[str, Iterable[str]]) -> list[Diagnostic]:
    """id-unique-edition from each document's edition ids (``ids_of``, by path): only documents whose ids clash are
    read again."""
    owners: dict[str, list[str]] = {}
    for path in map(str, paths):
        for value in ids_of.get(path, ()):
            owners.setdefault(value, []).append(path)
    shared = sorted({path for owned in owners.values() if len(owned) > 1 for path in owned})
    return id_unique_edition([doc for doc in (_load(path)[0] for path in shared) if doc is not None])
