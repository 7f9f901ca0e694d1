"""Kept for callers of the former kind-dispatch: the analysis of a document is ``pipeline.analysis``; the kind is
a conclusion it draws (``pipeline.analysis.kind``), never a choice of parser."""

from __future__ import annotations

from .analysis import analyse as parse_document
from .analysis.text import WHITESPACE_RUN, folded_spaces, to_lines
from .model import Line


def detect_kind(lines: list[Line]) -> str:
    """The kind the analysis concludes for ``lines`` (with a key function that keys names as they are)."""
    text = "\n".join(line.text for line in lines)
    return parse_document("x", text, lambda name: name.lower().replace(" ", "-")).kind


__all__ = ["parse_document", "detect_kind", "to_lines", "folded_spaces", "WHITESPACE_RUN"]
