"""Read a source file: bytes -> NFC text with LF line ends, and a record of every change made on the way.

What is decided, and how (``--encoding`` overrides every guess; a declared encoding is never second-guessed
except that binary files are still refused):

* a byte-order mark decides: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE; the mark is removed and that is recorded;
* valid UTF-8 is UTF-8 (ASCII included);
* not UTF-8 and no UTF-8 sequence at all: Windows-1252. Latin-1 differs from it only in bytes 0x80-0x9F, which
  Latin-1 makes invisible C1 control characters that no text uses, so the two cannot be confused in practice;
  a file with one of the five bytes Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) is undecidable;
* undecidable, refused with the place and the fix (``--encoding``): a file mixing UTF-8 sequences with bytes that
  are not UTF-8; UTF-16 or UTF-32 without a byte-order mark (NUL bytes between ASCII letters); a file whose
  non-ASCII letters dominate (Cyrillic or Greek in a one-byte code page such as cp1251 or KOI8-R, which would
  decode as plausible-looking Western letters);
* binary files are refused: NUL bytes, or the signature of PDF, ZIP/DOCX/ODT, PNG, JPEG, GIF, gzip, OLE (.doc);
* files larger than ``MAX_SOURCE_BYTES`` are refused before being read; empty and white-space-only files too;
* after decoding: CR LF and CR become LF, the text is normalised to NFC, and characters XML 1.0 forbids (C0
  controls other than TAB/LF/CR, U+FFFE, U+FFFF) become U+FFFD, a visible marker; each change is recorded in
  ``SourceText.events`` with the places, for the TEI header's ``editorialDecl/normalization``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

MAX_SOURCE_BYTES = 32 * 1024 * 1024

# Characters XML 1.0 forbids (C0 controls other than TAB, LF, CR; surrogates; U+FFFE/U+FFFF).
FORBIDDEN_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
C1_CONTROLS = re.compile("[\x80-\x9f]")

BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE mark
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
BINARY_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document, which are ZIP archives)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
)
CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
SHOWN_PLACES = 5


@dataclass(frozen=True)
class SourceText:
    """A decoded source: ``text`` is what the encoder reads; ``events`` says what reading changed."""

    path: str
    text: str
    encoding: str
    events: tuple[str, ...] = ()


def position(data: bytes, offset: int) -> str:
    """'line L, column C' of a byte offset (the column in characters, a byte that is not UTF-8 counting one)."""
    start = data.rfind(b"\n", 0, offset) + 1
    col = len(data[start:offset].decode("utf-8", errors="replace")) + 1
    line = data.count(b"\n", 0, offset) + 1
    return f"line {line}, column {col}"


def text_places(text: str, offsets: list[int]) -> str:
    """'line L col C, …' of character offsets, the first few only."""
    shown = []
    for off in offsets[:SHOWN_PLACES]:
        line, col = text.count("\n", 0, off) + 1, off - text.rfind("\n", 0, off)
        shown.append(f"line {line} col {col}")
    more = f" and {len(offsets) - SHOWN_PLACES} more" if len(offsets) > SHOWN_PLACES else ""
    return ", ".join(shown) + more


def refuse_binary(data: bytes, path: str, wide: bool) -> None:
    """SourceError when ``data`` is a known binary format, or holds NUL bytes in a one-byte encoding."""
    for magic, what in BINARY_SIGNATURES:
        if data.startswith(magic):
            raise SourceError(f"{path}: error: this is {what}, not a plain-text file: save or export the document "
                              "as plain text (UTF-8) and encode that")
    nul = data.find(b"\x00")
    if nul >= 0 and not wide:
        even, odd = data[0::2].count(0), data[1::2].count(0)
        if max(even, odd) >= len(data) // 4 and min(even, odd) <= max(even, odd) // 10:
            order = "le" if odd > even else "be"
            raise SourceError(f"{path}: error: NUL bytes between the letters: this looks like UTF-16 without a "
                              f"byte-order mark, which cannot be told apart safely; give the encoding, e.g. "
                              f"--encoding utf-16-{order}, or save the file as UTF-8")
        raise SourceError(f"{path}: error: NUL byte at {position(data, nul)}: a binary file, or text in UTF-16/"
                          "UTF-32 without a byte-order mark; save the document as plain text (UTF-8) or give "
                          "--encoding")


def guess_single_byte(data: bytes, path: str) -> str:
    """Windows-1252 for a file that is not UTF-8, or SourceError when the encoding cannot be decided."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = exc.start
    if any(_is_utf8_sequence(data, m.start()) for m in re.finditer(rb"[\xc2-\xf4][\x80-\xbf]", data)):
        raise SourceError(f"{path}: error: not valid UTF-8 at {position(data, bad)} (byte 0x{data[bad]:02X}), "
                          "though other parts of the file are UTF-8: the file mixes encodings; correct that byte "
                          "(or give --encoding to read the whole file in one encoding)")
    undefined = next((i for i, b in enumerate(data) if b in CP1252_UNDEFINED), None)
    if undefined is not None:
        raise SourceError(f"{path}: error: not UTF-8, and byte 0x{data[undefined]:02X} at {position(data, undefined)} "
                          "is not Windows-1252 either: the encoding cannot be decided; give it, e.g. "
                          "--encoding latin-1 or --encoding cp1251")
    high_letters = sum(b >= 0xC0 for b in data)
    ascii_letters = sum(0x41 <= b <= 0x5A or 0x61 <= b <= 0x7A for b in data)
    if high_letters >= 20 and high_letters > ascii_letters:
        raise SourceError(f"{path}: error: not UTF-8, and most letters are outside ASCII: probably Cyrillic or "
                          "Greek in a one-byte code page, which cannot be decided from the bytes; give the "
                          "encoding, e.g. --encoding cp1251, --encoding koi8-r or --encoding cp1253")
    return "cp1252"


def _is_utf8_sequence(data: bytes, start: int) -> bool:
    lead = data[start]
    length = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
    try:
        data[start:start + length].decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def decode_bytes(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str, list[str]]:
    """Decode ``data``; return (text, encoding used, events). See the module docstring for the rules."""
    events: list[str] = []
    if not data:
        raise SourceError(f"{path}: error: the file is empty; there is nothing to encode")
    if encoding:
        try:
            info = codecs.lookup(encoding)
        except LookupError:
            info = None
        if info is None or not getattr(info, "_is_text_encoding", True):  # rot13, base64: not a text encoding
            raise SourceError(f"{path}: error: unknown encoding {encoding!r}: give the name of a text encoding, such "
                              "as utf-8, cp1252, latin-1, utf-16") from None
        name = info.name
        refuse_binary(data, path, wide=name.startswith(("utf-16", "utf-32")))
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            raise SourceError(f"{path}: error: cannot decode as {encoding}: byte 0x{data[exc.start]:02X} at "
                              f"{position(data, exc.start)} is not {encoding}") from None
        enc = name
        events.append(f"decoded as {encoding} (declared)")
        c1 = [m.start() for m in C1_CONTROLS.finditer(text)]
        if c1:
            events.append(f"{len(c1)} C1 control character(s) kept as decoded ({text_places(text, c1)}); "
                          "the file may be Windows-1252 rather than the declared encoding")
    else:
        bom = next(((mark, name, label) for mark, name, label in BOMS if data.startswith(mark)), None)
        if bom:
            mark, enc, label = bom
            refuse_binary(data[len(mark):], path, wide=enc != "utf-8")
            try:
                text = data[len(mark):].decode(enc)
            except UnicodeDecodeError as exc:
                off = exc.start + len(mark)
                raise SourceError(f"{path}: error: the file starts with a {label} byte-order mark but is not "
                                  f"{label} at {position(data, off)}: save it again as UTF-8") from None
            events.append(f"{label} byte-order mark removed" + ("" if enc == "utf-8" else f"; decoded as {label}"))
        else:
            refuse_binary(data, path, wide=False)
            try:
                text, enc = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                enc = guess_single_byte(data, path)
                text = data.decode(enc)
                events.append("not UTF-8: decoded as Windows-1252")
    if text.startswith("\ufeff"):
        text = text[1:]
        events.append("byte-order mark removed")
    return text, enc, events


def normalise_text(text: str) -> tuple[str, list[str]]:
    """LF line ends, NFC, forbidden characters replaced by U+FFFD; return (text, events)."""
    events = []
    if "\r" in text:
        crlf, cr = text.count("\r\n"), text.count("\r") - text.count("\r\n")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        kinds = [f"{crlf} CR LF" if crlf else "", f"{cr} CR" if cr else ""]
        events.append(f"line ends normalised to LF ({' and '.join(k for k in kinds if k)})")
    if not unicodedata.is_normalized("NFC", text):
        lines = text.split("\n")
        changed = [n for n, line in enumerate(lines, 1) if not unicodedata.is_normalized("NFC", line)]
        shown = ", ".join(map(str, changed[:SHOWN_PLACES])) + (" …" if len(changed) > SHOWN_PLACES else "")
        events.append(f"Unicode normalised to NFC on {len(changed)} line(s) (line {shown})")
        text = unicodedata.normalize("NFC", text)
    bad = [m.start() for m in FORBIDDEN_XML_CHARS.finditer(text)]
    if bad:
        codes = sorted({f"U+{ord(text[i]):04X}" for i in bad})
        events.append(f"{len(bad)} character(s) that XML forbids ({', '.join(codes)}) replaced by U+FFFD at "
                      f"{text_places(text, bad)}")
        text = FORBIDDEN_XML_CHARS.sub(REPLACEMENT, text)
    return text, events


def read_source(path: str | Path, encoding: str | None = None, max_bytes: int = MAX_SOURCE_BYTES) -> SourceText:
    """Read ``path`` as a source document, or raise :class:`SourceError` with a message for people."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"{path}: error: the file is too large: {size:,} bytes, the limit is {max_bytes:,} "
                              "bytes for one document; split it into its documents")
        data = path.read_bytes()
    except IsADirectoryError:
        raise SourceError(f"{path}: error: is a folder, not a file") from None
    except OSError as exc:
        raise SourceError(f"{path}: error: cannot read: {exc.strerror or exc}") from None
    text, enc, events = decode_bytes(data, str(path), encoding)
    text, more = normalise_text(text)
    if not text.strip():
        raise SourceError(f"{path}: error: the file holds only white space; there is nothing to encode")
    return SourceText(str(path), text, enc, tuple(events + more))
