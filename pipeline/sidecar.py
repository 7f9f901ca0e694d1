"""Sidecar files: what an editor knows about a source that its text does not say.

``seeds/NAME.toml`` beside ``seeds/NAME.txt``. Every key is optional; everything taken from it is marked in the
TEI as the editor's (``resp="#editor"``). Keys:

    title = "…"                 # the document's title
    date = "1968-10-02"         # the document's date (ISO 8601)
    date_evidence = "…"         # why: where the date comes from
    kind = "frus"               # force the kind of source (frus, wilson-record, blog-quote, listing, unknown)
    publisher = "…"             # who published the page the text was copied from
    source_title = "…"          # the publication (FRUS volume, blog name)
    url = "https://…"
    archive = "…"               # repository of the original
    shelfmark = "…"
    translator = "…"
    original_language = "ru"    # language of the original, for transliterated words
    note = "…"                  # anything else worth saying in the header

    [[participant]]             # persons present who are not named in the text's own lists
    name = "…"
    role = "…"
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import tomllib
from pathlib import Path

from .errors import PipelineError

KNOWN_KEYS = {"title", "date", "date_evidence", "kind", "publisher", "source_title", "url", "archive", "shelfmark",
              "translator", "original_language", "note", "participant"}
#: Keys once documented but never acted on: refused with the reason, so a sidecar does not seem to say what it cannot.
RETIRED = {"language": "the edition's text is English (xml:lang=\"en\"); only original_language (of transliterated "
                       "words) is read: remove the key"}
KINDS = ("frus", "wilson-record", "blog-quote", "listing", "unknown")
#: A sidecar is a few lines; anything larger is not one.
MAX_SIDECAR_BYTES = 1024 * 1024
#: Control characters (tab and line breaks excepted): XML cannot carry most of them, none belongs in a header.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: The noncharacters XML 1.0 cannot carry at all (TOML's \uFFFE; surrogates are no TOML).
NOT_XML = re.compile("[\ufffe\uffff]")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def sidecar_path(source: Path) -> Path:
    return source.with_suffix(".toml")


def key_line(text: str, key: str) -> int:
    """The line (1-based) where ``key`` is set in the TOML ``text``; 1 when it cannot be found."""
    found = re.search(rf"^[ \t]*(?:{re.escape(key)}|\"{re.escape(key)}\")[ \t]*=", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def load_sidecar(source: Path) -> dict:
    """The sidecar of ``source`` as a dict (empty without one); a clear error, at the line of the sidecar, when it
    is malformed."""
    path = sidecar_path(source)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):  # a folder, a FIFO (reading it would block): never opened
            raise PipelineError(f"{path}: error: the sidecar is not a regular file; remove it or make it a TOML file")
        if st.st_size > MAX_SIDECAR_BYTES:
            raise PipelineError(f"{path}: error: the sidecar is {st.st_size:,} bytes; the limit is "
                                f"{MAX_SIDECAR_BYTES:,}")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as exc:
        raise PipelineError(f"{path}: error: not UTF-8: {exc}") from None
    except OSError as exc:
        raise PipelineError(f"{path}: error: cannot read the sidecar: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        at = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{path}:{at.group(1)}:{at.group(2)}" if at else f"{path}"
        message = re.sub(r" \(at line \d+, column \d+\)", "", str(exc)) if at else str(exc)
        raise PipelineError(f"{where}: error: not valid TOML: {message}") from None
    check_types(path, data)

    def error_at(key: str, message: str) -> PipelineError:
        return PipelineError(f"{path}:{key_line(text, key)}:1: error: {message}")

    retired = sorted(set(data) & set(RETIRED))
    if retired:
        raise error_at(retired[0], f"key {retired[0]} is not read: {RETIRED[retired[0]]}")
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise error_at(unknown[0], f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(KNOWN_KEYS))}")
    if "kind" in data and data["kind"] not in KINDS:
        raise error_at("kind", f"kind {data['kind']!r} is not one of {', '.join(KINDS)}")
    if "date" in data:
        try:
            if not ISO_DATE.fullmatch(str(data["date"])):
                raise ValueError
            dt.date.fromisoformat(str(data["date"]))
        except ValueError:
            raise error_at("date", f"date {data['date']!r} is not an ISO date (YYYY-MM-DD)") from None
        data["date"] = str(data["date"])
    return data


def _text_error(key: str, value) -> str | None:
    """Why ``value`` cannot be the text of ``key`` (None when it can)."""
    if not isinstance(value, str):
        return f"{key} must be a quoted string; found {type(value).__name__} {value!r}"
    bad = CONTROL.search(value)
    if bad:
        return f"{key} contains the control character U+{ord(bad.group()):04X}; remove it"
    bad = NOT_XML.search(value)
    if bad:
        return f"{key} contains U+{ord(bad.group()):04X}, which is not a character (XML cannot carry it); remove it"
    return None


def check_types(path: Path, data: dict) -> None:
    """PipelineError when a value is not of its key's type: every key a string (``date`` also a TOML date),
    ``participant`` a list of tables of strings; no control characters."""
    problems = []
    for key, value in data.items():
        if key == "participant":
            if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
                problems.append("participant must be a list of [[participant]] tables")
                continue
            for i, person in enumerate(value, 1):
                if "name" not in person:
                    problems.append(f"participant #{i} has no name")
                problems += [e for k, v in person.items() if (e := _text_error(f"participant #{i} {k}", v))]
        elif key == "date" and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            continue
        elif key in KNOWN_KEYS and (problem := _text_error(key, value)):
            problems.append(problem)
    if problems:
        raise PipelineError(f"{path}: error: {problems[0]}" + (f" (and {len(problems) - 1} more)"
                                                                 if len(problems) > 1 else ""))
