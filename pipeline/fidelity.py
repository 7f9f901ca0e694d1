"""The fidelity check: nothing of a source was lost or invented on the way to its plain-text edition.

For each source ``S`` (document id = its stem), with its TEI ``<tei_dir>/<id>.xml`` and text ``<text_dir>/<id>.txt``:

* the source's words: the source read as the encoder reads it (:func:`pipeline.source.read_source`: NFC, LF),
  less the lines the encoder recorded as left out (``encodingDesc/samplingDecl//list[@type='omitted']/item/@n``,
  1-based line numbers; each item's ``quote`` must match its line, or that is reported too);
* the edition's words: the text file after its header (everything after the first line of ``=``), less what the
  edition adds: the line ``Notes`` that follows the rule of ``-`` before the notes.
  Everything else the edition prints comes from the source: speaker labels as written, ``[Page N]``
  (the source's page marker), note numbers (the source's markers) with the notes' texts, item numbers, and the
  source's brackets printed back by docs/brackets.md;

and the two must be the same sequence of words.

A **word** is a maximal run of letters (Unicode L*, with the combining marks M* that follow them) or a maximal run
of numbers (N*), after NFC normalisation. Everything else (spaces, punctuation, symbols, brackets) separates
words and is not compared, so ``don’t`` is the words ``don`` ``t`` on both sides, and ``meeting.2`` is ``meeting``
``2``. A letter next to a digit is a boundary too: a note marker glued to its word in the source
(``Conversation1``) is printed apart from it by the edition (``Conversation[1]``), and both are ``Conversation``
``1``; no letter or digit is ever left out of the comparison. Case counts. The check assumes the text was rendered with the defaults (page breaks shown, notes at the end).

Each difference is an error Diagnostic at the source's path:line:col, naming the text edition's line
(rule ``fidelity``).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from .diagnostics import Diagnostic, sort_diagnostics
from .errors import PipelineError
from .source import read_source
from .xmlsafe import parse_untrusted

TEI_NS = {"tei": "http://www.tei-c.org/ns/1.0"}
OMITTED_ITEMS = "tei:teiHeader/tei:encodingDesc/tei:samplingDecl//tei:list[@type='omitted']/tei:item"
HEADER_RULE = re.compile(r"^=+$")
NOTES_RULE = re.compile(r"^-+$")
NOTES_HEADING = "Notes"
RULE = "fidelity"
SHOWN = 8  # words quoted in a message


class Word(NamedTuple):
    """A word and where it stands (1-based line and column). A named tuple: a document has tens of thousands."""

    text: str
    line: int
    col: int


def _word_class(ch: str) -> str:
    """"L" for a letter or mark, "N" for a number, "" for a separator."""
    c = unicodedata.category(ch)[0]
    return "L" if c in "LM" else "N" if c == "N" else ""


#: Runs of letters, runs of decimal digits: the words by the definition above for a line whose every character is
#: classed the same way by Python's regex classes (see :func:`_same_class`).
_ALNUM_RUN = re.compile(r"[^\W\d_]+|\d+")


@functools.lru_cache(maxsize=4096)
def _same_class(ch: str) -> bool:
    """True when ``ch`` is a word character exactly when Python counts it alphanumeric, and a number exactly when
    it is a decimal digit (no marks, no other numbers: those take the slow path)."""
    cat = unicodedata.category(ch)[0]
    return cat != "M" and (cat in "LN") == ch.isalnum() and (cat != "N" or ch.isdecimal())


def words_of_line(line: str, lineno: int) -> list[Word]:
    """The words of one line (see the module docstring), with their columns."""
    line = unicodedata.normalize("NFC", line)
    if all(_same_class(ch) for ch in set(line)):  # one regex pass, the usual case
        return [Word(m.group(), lineno, m.start() + 1) for m in _ALNUM_RUN.finditer(line)]
    found, start, kind = [], None, ""
    for i, ch in enumerate(line + " "):
        cls = _word_class(ch) if i < len(line) else ""
        if cls == "L" and kind == "L" or cls == "N" and kind == "N" or cls == "L" and kind == "N" and \
                unicodedata.category(ch)[0] == "M":
            continue  # the run goes on (a mark after a number stays with it)
        if start is not None:
            found.append(Word(line[start:i], lineno, start + 1))
        start, kind = (i, cls) if cls else (None, "")
    return found


def word_texts(lines: list[str], skip: set[int] = frozenset()) -> list[str]:
    """The words of ``lines`` as strings only (what :func:`words_of_lines` finds, without positions), less the lines
    numbered (from 1) in ``skip``."""
    texts: list[str] = []
    for n, line in enumerate(lines, start=1):
        if n in skip:
            continue
        line = unicodedata.normalize("NFC", line)
        if all(_same_class(ch) for ch in set(line)):
            texts += _ALNUM_RUN.findall(line)
        else:
            texts += [w.text for w in words_of_line(line, n)]
    return texts


def words_of_lines(lines: list[str], skip: set[int] = frozenset(), first: int = 1) -> list[Word]:
    """The words of ``lines`` (numbered from ``first``), less the lines numbered in ``skip``."""
    return [w for n, line in enumerate(lines, start=first) if n not in skip for w in words_of_line(line, n)]


def omitted_lines(tei_path: Path, root: etree._Element | None = None) -> dict[int, str]:
    """The source lines the encoder left out of the text: {line number: the line as quoted}."""
    root = parse_untrusted(tei_path).getroot() if root is None else root
    found: dict[int, str] = {}
    for item in root.xpath(OMITTED_ITEMS, namespaces=TEI_NS):
        n = item.get("n", "")
        if not n.isdigit():
            raise PipelineError(f"{tei_path}:{item.sourceline}:1: error: an omitted-line item needs @n, the "
                                f"source line number; found n={n!r} [{RULE}]")
        quote = item.find("tei:quote", TEI_NS)
        found[int(n)] = " ".join("".join(quote.itertext()).split()) if quote is not None else ""
    return found


def edition_body(text: str) -> tuple[list[str], int]:
    """The lines of a text edition after its header, the ``Notes`` heading blanked; and the first line's number."""
    lines = text.split("\n")
    start = next((i + 1 for i, line in enumerate(lines) if HEADER_RULE.match(line)), 0)
    body = lines[start:]
    for i in range(1, len(body)):
        if body[i] == NOTES_HEADING and NOTES_RULE.match(body[i - 1]):
            body[i] = ""
    return body, start + 1


def marked_words(lines: list[str]) -> list[tuple[str, bool]]:
    """The words of edition ``lines``, each with whether it is a number followed at once by a note marker
    (``323[1]``): the TEI does not say whether the source glued that marker to the number (``Cable No. 3231``) or
    not (``1968 1``), so the source may have the two as one number or as two."""
    out: list[tuple[str, bool]] = []
    for n, line in enumerate(lines, start=1):
        words = words_of_line(line, n)
        for k, w in enumerate(words):
            end = w.col - 1 + len(w.text)
            nxt = words[k + 1] if k + 1 < len(words) else None
            glued = (nxt is not None and w.text[-1:].isdecimal() and nxt.text.isdecimal() and nxt.col - 1 == end + 1
                     and line[end:end + 1] == "[" and line[nxt.col - 1 + len(nxt.text):][:1] == "]")
            out.append((w.text, glued))
    return out


def _consume(source: list[str], pos: int, edition: list[tuple[str, bool]]) -> int | None:
    """Where ``source`` from ``pos`` stops matching all of ``edition`` (a number glued to a note marker may be one
    source word); None when it does not match."""
    j = 0
    while j < len(edition):
        text, glued = edition[j]
        if pos < len(source) and source[pos] == text:
            pos, j = pos + 1, j + 1
        elif glued and pos < len(source) and source[pos] == text + edition[j + 1][0]:
            pos, j = pos + 1, j + 2
        else:
            return None
    return pos


def same_but_markers_and_note_order(source_words: list[str], body: list[str]) -> bool:
    """True when the source's words are the edition's (``body``) but for two things the TEI does not record:
    a note marker glued to a number (see :func:`marked_words`), and the order of a note list that is not in the
    order of its numbers (``1 3 2``, which the encoder warns of; the edition prints notes by number). The text
    before the notes must match word for word; then each of the edition's notes, whole, each once, in any order:
    nothing lost, added, or reordered within a note."""
    start = next((i for i in range(len(body) - 2, 0, -1) if body[i] == "" and NOTES_RULE.match(body[i - 1])
                  and body[i + 1] == ""), None)
    if start is None:
        return _consume(source_words, 0, marked_words(body)) == len(source_words)
    pos = _consume(source_words, 0, marked_words(body[:start]))
    units, current = [], []
    for line in body[start + 1:] + [""]:
        if line.strip():
            current.append(line)
        elif current:
            units.append(marked_words(current))
            current = []
    while units and pos is not None:
        taken = next(((k, end) for k, unit in enumerate(units)
                      if (end := _consume(source_words, pos, unit)) is not None), None)
        if taken is None:
            return False
        del units[taken[0]]
        pos = taken[1]
    return pos == len(source_words)


def quote_words(words: list[Word]) -> str:
    shown = " ".join(w.text for w in words[:SHOWN])
    return f"'{shown}{' …' if len(words) > SHOWN else ''}'"


def compare_words(source: list[Word], edition: list[Word], source_path: str, text_path: str) -> list[Diagnostic]:
    """Diagnostics for every difference between the two word sequences."""
    a, b = [w.text for w in source], [w.text for w in edition]
    if a == b:
        return []  # the common case, and difflib is quadratic on long runs of one word
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if op[0] != "equal"]
    deleted = {tuple(a[i1:i2]): (i1, j1) for tag, i1, i2, j1, j2 in ops if tag == "delete"}
    inserted = {tuple(b[j1:j2]): (i1, j1) for tag, i1, i2, j1, j2 in ops if tag == "insert"}
    moved = set(deleted) & set(inserted)

    def at_source(i: int) -> tuple[int, int]:
        w = source[i] if i < len(source) else (source[-1] if source else Word("", 0, 0))
        return w.line, w.col

    def at_text(j: int) -> str:
        w = edition[j] if j < len(edition) else (edition[-1] if edition else Word("", 0, 0))
        return f"{text_path}:{w.line}"

    diags = []
    for tag, i1, i2, j1, j2 in ops:
        src, ed = source[i1:i2], edition[j1:j2]
        if tag == "delete" and tuple(a[i1:i2]) in moved:
            msg = (f"{len(src)} word(s) out of place: {quote_words(src)} stand at "
                   f"{at_text(inserted[tuple(a[i1:i2])][1])} in the text edition, not at {at_text(j1)}")
        elif tag == "insert" and tuple(b[j1:j2]) in moved:
            continue  # reported where the words left the source
        elif tag == "delete":
            msg = f"{len(src)} word(s) of the source missing from the text edition ({at_text(j1)}): {quote_words(src)}"
        elif tag == "insert":
            msg = f"the text edition adds {len(ed)} word(s) not in the source here ({at_text(j1)}): {quote_words(ed)}"
        else:
            msg = (f"the source has {quote_words(src)} where the text edition ({at_text(j1)}) has "
                   f"{quote_words(ed)}")
        diags.append(Diagnostic(source_path, *at_source(i1), "error", msg, RULE))
    return diags


# numbered notes: the source's list (a marker whose text the copy lacks is not in the list)
FOOTNOTES = "tei:text//tei:note[@n][not(ancestor::tei:note)][not(@type = 'text-missing')]"


def check_notes(lines: list[str], root: etree._Element, tei_path: Path, source_path: str) -> list[Diagnostic]:
    """The notes of the source's note list are all in the TEI, once each (a lost footnote is an error)."""
    from .encode.recognise import note_list_of

    listed = note_list_of("\n".join(lines))
    notes = root.xpath(FOOTNOTES, namespaces=TEI_NS)
    if len(notes) == len(listed):
        return []
    have = {n.get("n") for n in notes}
    lost = [(num, line) for num, _text, line in listed if num not in have]
    line = lost[0][1] if lost else (listed[0][2] if listed else 1)
    which = f"; not in the TEI: {', '.join(num for num, _l in lost[:SHOWN])}" if lost else ""
    return [Diagnostic(source_path, line, 1, "error", f"the source lists {len(listed)} note(s), {tei_path} has "
                       f"{len(notes)}{which}", RULE)]


def check_document(source_path: Path, tei_path: Path, text_path: Path, encoding: str | None = None) -> list[Diagnostic]:
    """The fidelity diagnostics of one source (empty when its text edition has exactly its words)."""
    src = str(source_path)
    for needed, stage in ((tei_path, "pipeline encode"), (text_path, "pipeline text")):
        if not needed.is_file():
            return [Diagnostic(src, 0, 0, "error", f"{needed} does not exist; run `{stage}` first", RULE)]
    try:
        lines = read_source(source_path, encoding).text.split("\n")
        root = parse_untrusted(tei_path).getroot()  # the hardened parser: XMLInputError is one line
        omitted = omitted_lines(tei_path, root)
        text = text_path.read_text(encoding="utf-8")
    except PipelineError as exc:
        return [Diagnostic(src, 0, 0, "error", str(exc), RULE)]
    except (OSError, UnicodeDecodeError) as exc:
        return [Diagnostic(src, 0, 0, "error", f"{text_path}: cannot read as UTF-8 text: {exc}", RULE)]
    diags = []
    for n, quoted in sorted(omitted.items()):
        actual = " ".join(lines[n - 1].split()) if 0 < n <= len(lines) else None
        if actual is None:
            diags.append(Diagnostic(src, n, 0, "error", f"{tei_path} lists line {n} as left out, but the source "
                                    f"has {len(lines)} line(s)", RULE))
        elif unicodedata.normalize("NFC", actual) != unicodedata.normalize("NFC", quoted):
            diags.append(Diagnostic(src, n, 1, "error", f"{tei_path} lists line {n} as left out quoting "
                                    f"{quoted[:60]!r}, but the line reads {actual[:60]!r}", RULE))
    diags += check_notes(lines, root, tei_path, src)
    body, first = edition_body(text)
    skip = set(omitted)
    source_words = word_texts(lines, skip)
    if source_words == word_texts(body) or same_but_markers_and_note_order(source_words, body):
        return diags  # the usual case: positions are only needed for a report
    diags += compare_words(words_of_lines(lines, skip), words_of_lines(body, first=first), src, str(text_path))
    return diags


def check_fidelity(source_paths, tei_dir, text_dir, encoding: str | None = None,
                   cache_dir: Path | None = None) -> list[Diagnostic]:
    """Check every source against ``<tei_dir>/<id>.xml`` and ``<text_dir>/<id>.txt``; all differences, sorted.

    With ``cache_dir``, a source whose bytes, TEI, text and checker are those of a kept result is not read again."""
    from . import resultcache

    code = resultcache.files_digest(tuple(str(Path(__file__).with_name(n)) for n in ("fidelity.py", "source.py")))
    diags = []
    for path in source_paths:
        path = Path(path)
        tei, text = Path(tei_dir) / f"{path.stem}.xml", Path(text_dir) / f"{path.stem}.txt"
        key = None
        if cache_dir is not None:
            try:
                key = resultcache.key_of(code, repr(encoding).encode(), path.read_bytes(), tei.read_bytes(),
                                         text.read_bytes())
            except OSError:
                key = None  # a missing file: checked (and reported) below
        kept = resultcache.load(cache_dir, key, str(path)) if key else None
        found = kept[0] if kept else check_document(path, tei, text, encoding)
        if key and kept is None:
            resultcache.store(cache_dir, key, found)
        diags += found
    return sort_diagnostics(diags)
