"""Read a source file: bytes -> NFC text with LF line ends, and a record of every change made on the way."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

# Characters XML 1.0 forbids (C0 controls other than TAB, LF, CR; surrogates; U+FFFE/U+FFFF).
FORBIDDEN_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class SourceText:
    """A decoded source: ``text`` is what the encoder reads; ``events`` says what reading changed."""

    path: str
    text: str
    encoding: str
    events: tuple[str, ...] = ()


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """Decode ``data``; return (text, encoding used, events)."""
    events: list[str] = []
    if not data:
        raise SourceError(f"{path}: error: the file is empty; there is nothing to encode")
    if encoding:
        try:
            text = data.decode(encoding)
        except (LookupError, UnicodeDecodeError) as exc:
            raise SourceError(f"{path}: error: cannot decode as {encoding}: {exc}") from None
        enc = encoding
    elif data.startswith(b"\xef\xbb\xbf"):
        text, enc = data[3:].decode("utf-8", errors="strict"), "utf-8"
        events.append("UTF-8 byte-order mark removed")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = data.decode("utf-16"), "utf-16"
        events.append("decoded as UTF-16 (byte-order mark)")
    else:
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, enc = data.decode("cp1252", errors="strict"), "cp1252"
            events.append("not valid UTF-8: decoded as Windows-1252")
    if text.startswith("\ufeff"):
        text = text[1:]
        events.append("byte-order mark removed")
    return text, enc, events


def read_source(path: str | Path, encoding: str | None = None) -> SourceText:
    """Read ``path`` as a source document, or raise :class:`SourceError` with a message for people."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: error: cannot read: {exc.strerror}") from None
    text, enc, events = decode_bytes(data, str(path), encoding)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        events.append("line ends normalised to LF")
    nfc = unicodedata.normalize("NFC", text)
    if nfc != text:
        events.append("Unicode normalised to NFC")
        text = nfc
    bad = [m.start() for m in FORBIDDEN_XML_CHARS.finditer(text)]
    if bad:
        text = FORBIDDEN_XML_CHARS.sub(REPLACEMENT, text)
        events.append(f"{len(bad)} character(s) that XML forbids replaced by U+FFFD")
    if not text.strip():
        raise SourceError(f"{path}: error: the file holds only white space; there is nothing to encode")
    return SourceText(str(path), text, enc, tuple(events))
