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
    language = "en"             # language of the text (default en)
    original_language = "ru"    # language of the original, for transliterated words
    note = "…"                  # anything else worth saying in the header

    [[participant]]             # persons present who are not named in the text's own lists
    name = "…"
    role = "…"
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from .errors import PipelineError

KNOWN_KEYS = {"title", "date", "date_evidence", "kind", "publisher", "source_title", "url", "archive", "shelfmark",
              "translator", "language", "original_language", "note", "participant"}
KINDS = ("frus", "wilson-record", "blog-quote", "listing", "unknown")


def sidecar_path(source: Path) -> Path:
    return source.with_suffix(".toml")


def load_sidecar(source: Path) -> dict:
    """The sidecar of ``source`` as a dict (empty without one); a clear error when it is malformed."""
    path = sidecar_path(source)
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PipelineError(f"{path}: error: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise PipelineError(f"{path}: error: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(KNOWN_KEYS))}")
    if "kind" in data and data["kind"] not in KINDS:
        raise PipelineError(f"{path}: error: kind {data['kind']!r} is not one of {', '.join(KINDS)}")
    if "date" in data:
        try:
            dt.date.fromisoformat(str(data["date"]))
        except ValueError:
            raise PipelineError(f"{path}: error: date {data['date']!r} is not an ISO date (YYYY-MM-DD)") from None
        data["date"] = str(data["date"])
    return data
