"""A post quoting a document: the citation line that closes its quoted excerpts, and what follows it.

Evidence: speaker labels in the text, no heading and no dateline, and after the last labelled paragraph a line
that names an archive, a collection or a record and does not end a sentence. The labelled paragraphs are then
excerpts (one paragraph a turn, inside the narrative) quoting the cited source; paragraphs after the citation are
readers' comments, left out with that reason only where a site profile names comments after a citation."""

from __future__ import annotations

import re

from ..model import Block, Document, Omission
from .labels import colon_label
from .sites import Sites

CITATION = re.compile(r"\b(?:memorand(?:um|a)|archives?|library|papers|collection|record group|source|"
                      r"foreign relations|national security|file)\b", re.I)
SENTENCE_END = re.compile(r"[.!?]$")


def find_citation(doc: Document, blocks: list[Block]) -> int | None:
    """Index in ``blocks`` of the citation line closing a post's excerpts, or None."""
    if doc.head is not None or doc.dateline is not None:
        return None
    labelled = [i for i, b in enumerate(blocks) if isinstance(b, Block) and b.type == "p" and colon_label(b.text)]
    if len(labelled) < 2:
        return None
    return next((i for i in range(labelled[-1] + 1, len(blocks)) if isinstance(b := blocks[i], Block)
                 and b.type == "p" and CITATION.search(b.text) and not SENTENCE_END.search(b.text)), None)


def read_citation(doc: Document, blocks: list[Block], at: int, sites: Sites) -> list[Block]:
    """Mark the citation; leave out the comments after it (when a profile names them); returns the blocks kept."""
    cite = blocks[at]
    cite.type = "bibl"
    doc.citation = cite.text
    if not sites.any("comments_after_citation"):
        return blocks
    doc.omissions += [Omission(b.line, "reader-comment", b.text) for b in blocks[at + 1:]]
    return blocks[: at + 1]
