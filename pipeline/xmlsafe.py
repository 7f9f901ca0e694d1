"""Parse XML from anywhere without trusting it.

Untrusted TEI (from another project, a colleague, the web) may carry a DOCTYPE, external entities, entity-expansion
bombs or simply be huge. Every stage that reads XML it did not write itself calls this module first:

    from pipeline.xmlsafe import parse_untrusted
    tree = parse_untrusted(path)          # lxml ElementTree, or XMLInputError with one "path:line:col: ..." line

The parser never loads a DTD, never expands or fetches an entity, never processes XInclude, never touches the
network, refuses files larger than ``MAX_BYTES`` and keeps libxml2's limits on depth and text size
(``huge_tree=False``). Findings that do not stop the parse (an ignored DOCTYPE, an unprocessed xi:include) are
warnings.

``read_untrusted`` is the same without raising: it returns the tree (or None) and every finding as a
:class:`~pipeline.diagnostics.Diagnostic` (``validate`` uses it to report all files). ``tool_bytes`` gives the bytes
an external tool (jing) may read for a file that parsed safely: UTF-8, no DOCTYPE (the real one, not a decoy in a
comment), no other encoding declared, line and column numbers unchanged. A DOCTYPE is therefore dropped, with a
warning at its place, never refused: many TEI files carry a harmless one.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from .diagnostics import Diagnostic
from .errors import XMLInputError

MAX_BYTES = 50 * 1024 * 1024

_POSITION_SUFFIX = re.compile(r", line \d+, column \d+$")
_LIBXML_JARGON = ((re.compile(r"Excessive depth in document: (\d+),? use XML_PARSE_HUGE option"),
                   r"elements nested more than \1 levels deep (the limit for untrusted files)"),
                  (re.compile(r"Maximum entity amplification factor exceeded, see xmlCtxtSetMaxAmplification\.?"),
                   "entities that would expand to far more text than the file holds (an entity-expansion bomb); "
                   "entities of untrusted files are never expanded"))


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, dtd_validation=False, no_network=True,
                           huge_tree=False, remove_blank_text=False)


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters of UTF-8 text) of a byte offset."""
    before = data[:offset]
    line = before.count(b"\n") + 1
    col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
    return line, col


def _skip_markup(data: bytes, i: int) -> int | None:
    """The offset after a comment or processing instruction starting at ``i``; None when none starts there."""
    for opening, closing in ((b"<!--", b"-->"), (b"<?", b"?>")):
        if data.startswith(opening, i):
            end = data.find(closing, i + len(opening))
            return len(data) if end < 0 else end + len(closing)
    return None


def doctype_span(data: bytes) -> tuple[int, int] | None:
    """Byte offsets (start, end) of the document's DOCTYPE declaration, internal subset included, or None.

    Read as the XML grammar places it: in the prolog, after the XML declaration and any comments, processing
    instructions and white space. A ``<!DOCTYPE`` inside a comment or a processing instruction (a decoy) is not
    it. ``data``: bytes of an ASCII-compatible encoding (UTF-8)."""
    i = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    while i < len(data):
        if data[i:i + 1] in (b" ", b"\t", b"\r", b"\n"):
            i += 1
            continue
        after = _skip_markup(data, i)
        if after is not None:
            i = after
            continue
        if data.startswith(b"<!DOCTYPE", i):
            return i, _doctype_end(data, i)
        return None  # the root element (or something that is not XML)
    return None


def _doctype_end(data: bytes, start: int) -> int:
    """The offset after the DOCTYPE starting at ``start``: its '>' outside quotes, comments, PIs and the subset."""
    i, quote, depth = start + len(b"<!DOCTYPE"), None, 0
    while i < len(data):
        c = data[i:i + 1]
        if quote:
            if c == quote:
                quote = None
        elif depth > 0 and _skip_markup(data, i) is not None:
            i = _skip_markup(data, i)
            continue
        elif c in (b'"', b"'"):
            quote = c
        elif c == b"[":
            depth += 1
        elif c == b"]":
            depth -= 1
        elif c == b">" and depth <= 0:
            return i + 1
        i += 1
    return len(data)


def without_doctype(data: bytes) -> bytes:
    """The bytes with the DOCTYPE replaced by spaces (newlines kept), so line and column numbers do not move."""
    span = doctype_span(data)
    if span is None:
        return data
    start, end = span
    blank = re.sub(rb"[^\n]", b" ", data[start:end])
    return data[:start] + blank + data[end:]


# --- bytes for external tools -----------------------------------------------------------------------------------------
#
# jing (Xerces) parses the files it validates itself and would load a DTD, expand external entities and follow the
# file's encoding declaration. It is only ever given bytes that cannot make it do any of that: "plain" bytes (UTF-8,
# declared so or not at all, no NUL, no "<!DOCTYPE" anywhere), either the user's file as it is or a copy made from a
# file that parsed safely here (see tool_bytes).

_DECLARATION = re.compile(rb"<\?xml[ \t\r\n][^>]*?\?>")
_ENCODING_PSEUDO = re.compile(r"""[ \t\r\n]encoding[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*')""")
_DECLARED_ENCODING = re.compile(rb"""[ \t\r\n]encoding[ \t\r\n]*=[ \t\r\n]*["']([^"']*)["']""")


def is_plain(data: bytes) -> bool:
    """True when a tool may read ``data`` as it is: strict UTF-8 (a UTF-8 byte-order mark allowed), no NUL, no
    ``<!DOCTYPE`` anywhere (even in a comment) and no encoding declared but UTF-8 (a parser that followed another
    declaration would read other characters than this check did)."""
    if b"\0" in data or b"<!DOCTYPE" in data:
        return False
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _declares_utf8(body)


def _declares_utf8(body: bytes) -> bool:
    """True when ``body`` has no XML declaration, or one with no encoding or UTF-8."""
    if not body.startswith(b"<?xml"):
        return True
    declaration = _DECLARATION.match(body)
    if declaration is None:
        return False
    encoding = _DECLARED_ENCODING.search(declaration.group())
    return encoding is None or encoding.group(1).lower() in (b"utf-8", b"utf8")


def _blanked_copy(data: bytes, tree: etree._ElementTree) -> bytes | None:
    """The file as UTF-8 with its encoding declaration and DOCTYPE replaced by spaces and no byte-order mark: the
    same lines and columns (in characters); None when Python cannot decode the file's encoding."""
    try:
        text = data.decode(tree.docinfo.encoding or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return None
    text = text[1:] if text.startswith("\ufeff") else text
    if text.startswith("<?xml"):
        end = text.find("?>")
        if end > 0:
            head = _ENCODING_PSEUDO.sub(lambda m: " " * len(m.group()), text[:end])
            text = head + text[end:]
    return without_doctype(text.encode("utf-8"))


def _same_document(copy: bytes, tree: etree._ElementTree) -> bool:
    """True when ``copy`` parses here, without a DOCTYPE, to the same document as ``tree`` (canonical forms)."""
    try:
        root = etree.fromstring(copy, _parser())
    except etree.XMLSyntaxError:
        return False
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        return False
    return etree.tostring(root.getroottree(), method="c14n") == etree.tostring(tree, method="c14n")


def tool_bytes(data: bytes, tree: etree._ElementTree) -> bytes:
    """The bytes an external tool (jing) may read for a file whose bytes ``data`` parsed safely to ``tree``:
    plain bytes (see :func:`is_plain`) as they are; otherwise a copy as UTF-8, without its DOCTYPE and encoding
    declaration, lines and columns unchanged, checked to parse to the same document; failing that (an encoding
    Python cannot decode, a DOCTYPE not found), the tree serialised (the tool's positions may then differ)."""
    if is_plain(data):
        return data
    copy = _blanked_copy(data, tree)
    if copy is not None and _declares_utf8(copy) and _same_document(copy, tree):
        return copy
    return etree.tostring(tree.getroot(), encoding="utf-8")


def _doctype_position(data: bytes, tree: etree._ElementTree) -> tuple[int, int]:
    """Line and column of the DOCTYPE in the file's own encoding (UTF-16 too); (1, 1) when it cannot be found."""
    span = doctype_span(data)
    if span is not None:
        return _position(data, span[0])
    try:
        utf8 = data.decode(tree.docinfo.encoding or "utf-8").lstrip("\ufeff").encode("utf-8")
    except (LookupError, UnicodeError):
        return 1, 1
    span = doctype_span(utf8)
    return _position(utf8, span[0]) if span else (1, 1)


def _doctype_findings(path: str, data: bytes, tree: etree._ElementTree) -> list[Diagnostic]:
    """A DOCTYPE is dropped (never loaded; external tools get a copy without it, see tool_bytes): a warning."""
    info = tree.docinfo
    if not (info.doctype or info.internalDTD is not None):
        return []
    line, col = _doctype_position(data, tree)
    entities = [e.name for e in info.internalDTD.iterentities()] if info.internalDTD is not None else []
    what = "DOCTYPE" + (f" (DTD {info.system_url})" if info.system_url else "")
    message = (f"{what} declares entities ({', '.join(entities)}); they are neither expanded nor fetched: untrusted "
               "files may not define text through entities" if entities else
               f"{what} ignored: no DTD is loaded; the file is validated against the schemas")
    return [Diagnostic(path, line, col, "warning", message, "doctype")]


def _entity_findings(path: str, data: bytes, tree: etree._ElementTree) -> list[Diagnostic]:
    """An entity reference that is not expanded would silently lose its text: an error, at its place."""
    if not tree.docinfo.doctype and tree.docinfo.internalDTD is None:
        return []  # no DOCTYPE, no entity declared: an undeclared one does not parse (most files)
    found = []
    lines = data.split(b"\n")
    for ent in tree.getroot().iter(etree.Entity):
        line = ent.sourceline or 1
        text = lines[line - 1] if line <= len(lines) else b""
        col = text.find(f"&{ent.name};".encode()) + 1 if text else 0
        col = len(text[:col - 1].decode("utf-8", "replace")) + 1 if col > 0 else 0
        found.append(Diagnostic(
            path, line, col, "error",
            f"entity reference &{ent.name}; is not expanded (entities of untrusted files are never expanded); "
            "write the character itself or a character reference such as &#233;", "entity"))
    return found


XINCLUDE_NS = "http://www.w3.org/2001/XInclude"


def _xinclude_findings(path: str, tree: etree._ElementTree) -> list[Diagnostic]:
    """XInclude is never processed: say so where it is used, since the included text is not in the edition."""
    return [Diagnostic(path, el.sourceline or 0, 0, "warning",
                       f"xi:include of {el.get('href')!r} is not processed: untrusted files may not pull in other "
                       "files or URLs; paste the included text into the file", "xinclude")
            for el in tree.getroot().iter(f"{{{XINCLUDE_NS}}}include")]


def read_untrusted(path: str | Path, max_bytes: int = MAX_BYTES) -> tuple[etree._ElementTree | None, list[Diagnostic]]:
    """Parse ``path`` safely. Returns (tree or None, diagnostics); the tree is None when any error was found."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > max_bytes:
            return None, [Diagnostic(name, 0, 0, "error",
                                     f"file too large: {size:,} bytes, the limit is {max_bytes:,} bytes", "too-large")]
        data = Path(path).read_bytes()
    except OSError as exc:
        return None, [Diagnostic(name, 0, 0, "error", f"cannot read file: {exc.strerror or exc}", "read")]
    return read_untrusted_bytes(name, data, max_bytes)


def read_untrusted_bytes(name: str, data: bytes, max_bytes: int = MAX_BYTES
                         ) -> tuple[etree._ElementTree | None, list[Diagnostic]]:
    """:func:`read_untrusted` of bytes already read from the file ``name``."""
    if len(data) > max_bytes:
        return None, [Diagnostic(name, 0, 0, "error",
                                 f"file too large: {len(data):,} bytes, the limit is {max_bytes:,} bytes", "too-large")]
    try:
        root = etree.fromstring(data, _parser(), base_url=name)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position if exc.position else (1, 1)
        msg = _POSITION_SUFFIX.sub("", exc.msg or "syntax error")
        for pattern, plain in _LIBXML_JARGON:
            msg = pattern.sub(plain, msg)
        return None, [Diagnostic(name, line or 1, col or 1, "error", f"not well-formed: {msg}", "well-formed")]
    tree = root.getroottree()
    found = _doctype_findings(name, data, tree) + _entity_findings(name, data, tree) + _xinclude_findings(name, tree)
    if any(d.severity == "error" for d in found):
        return None, found
    return tree, found


def parse_untrusted(path: str | Path, max_bytes: int = MAX_BYTES, data: bytes | None = None) -> etree._ElementTree:
    """Parse ``path`` safely (``data``: its bytes, when already read) or raise XMLInputError whose text is one
    ``path:line:col: error: ...`` line.

    Warnings (an ignored DOCTYPE) do not stop the parse; ``validate`` reports them.
    """
    tree, found = read_untrusted(path, max_bytes) if data is None else read_untrusted_bytes(str(path), data, max_bytes)
    if tree is None:
        first = next(d for d in found if d.severity == "error")
        raise XMLInputError(first.format())
    return tree
