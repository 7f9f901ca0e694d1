"""When a document's published outputs are up to date: one key for the HTML and the text edition.

A document's key is a digest of its TEI bytes, of every stylesheet (names and bytes) and of whatever else its
outputs depend on (the text edition's options). It is written into what is kept of the document (the HTML part's
``key`` attribute, the first line of the text edition's rows); an output whose kept key differs is made again.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from .saxon import XSLT_DIR

PARTS_DIR = ".parts"  # beside each edition's files: what is kept of each document, by TEI file stem


@functools.lru_cache(maxsize=None)
def stylesheets_digest() -> bytes:
    """A digest of every file in xslt/ (names and bytes)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in XSLT_DIR.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def output_key(tei: bytes, extra: str = "") -> str:
    """The key of a document's outputs: its TEI bytes, the stylesheets and ``extra``."""
    return hashlib.sha256(stylesheets_digest() + extra.encode() + b"\0" + tei).hexdigest()[:32]


def kept_path(out_dir: str | Path, tei_path: str | Path, suffix: str) -> Path:
    return Path(out_dir) / PARTS_DIR / f"{Path(tei_path).stem}{suffix}"
