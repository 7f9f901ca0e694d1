"""The closer: the record-keeper's line and what follows it ('The conversation was recorded by …', '[signed]',
'two copies'), or a signature ('Rusk', 'W.E. Colby') as the last line of the text."""

from __future__ import annotations

import re

from ..model import Block, Document
from .text import CLOSER_START, ends_terminal

COPIES = re.compile(r"^(?:\w+|\d+) cop(?:y|ies)\b|^Copy (?:No\.|number)", re.I)
NAME_WORD = re.compile(r"^(?:[A-ZÀ-ÝĐ][\w’'.-]*|(?:[A-Z]\.)+[A-Z]?[\w’'-]*|and|&)$")


def is_signature(text: str) -> bool:
    """A short closing line that is only a name or two ('Rusk', 'Harriman and Vance', 'W.E. Colby')."""
    words = text.split()
    return (0 < len(words) <= 4 and not ends_terminal(text) and all(NAME_WORD.match(w) for w in words)
            and not re.search(r"\d", text))


def read_closer(doc: Document, blocks: list, note_numbers: set[str]) -> list:
    """Move the closing blocks into ``doc.closer``; returns the rest of ``blocks``."""
    for idx, b in enumerate(blocks):
        if isinstance(b, Block) and b.type == "p" and CLOSER_START.match(b.text):
            tail = blocks[idx:]
            if all(isinstance(c, Block) and len(c.text.split()) <= 25 for c in tail[1:]) and len(tail) <= 6:
                for c in tail:
                    c.type = "seg" if COPIES.match(c.text) else "signed"
                    doc.closer.append(c)
                return blocks[:idx]
    if blocks and isinstance(blocks[-1], Block) and blocks[-1].type == "p":
        text = re.sub(r"\s?(\d{1,4})$", lambda m: "" if m.group(1) in note_numbers else m.group(0), blocks[-1].text)
        if is_signature(text) and len(blocks) > 1:
            sig = blocks.pop()
            sig.type = "signed"
            doc.closer.append(sig)
    return blocks
