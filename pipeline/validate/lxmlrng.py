"""The RELAX NG layers without jing: lxml's RelaxNG, the same report format."""

from __future__ import annotations

import functools
from pathlib import Path

from lxml import etree

from ..diagnostics import Diagnostic
from .documents import Doc, start_tag_position


@functools.lru_cache(maxsize=None)
def relaxng(schema: Path) -> etree.RelaxNG:
    """The schema compiled by lxml, once per process (tei_all takes several seconds)."""
    return etree.RelaxNG(etree.parse(str(schema), etree.XMLParser(no_network=True, resolve_entities=False)))


def lxml_relaxng_diagnostics(doc: Doc, schema: Path, rule: str) -> list[Diagnostic]:
    validator = relaxng(schema)
    if validator.validate(doc.tree):
        return []
    found = []
    for entry in validator.error_log:
        line, col = entry.line, entry.column
        if entry.path:
            try:
                hits = doc.tree.xpath(entry.path)
            except etree.XPathError:
                hits = []
            if hits and isinstance(hits[0], etree._Element):
                line, col = start_tag_position(doc, hits[0])
        found.append(Diagnostic(doc.path, line, col, "error", entry.message, rule))
    return found
