"""Site profiles: what a web site adds around a document, as data (``profiles/*.toml`` beside this module, one file
per site).

A profile names the site's furniture lines (navigation, empty field headings), its sponsor line, its metadata
fields and trailer, whether the page shows a date and a title first, and its note style. A profile applies to a
document when one of its evidence lines or patterns is there (a ``default`` profile applies to every document).
Only lines an applying profile names may be omitted from the text; supporting another site is adding a file."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from ..model import Line


@dataclass(frozen=True)
class Profile:
    name: str
    default: bool = False
    publisher: str = ""
    evidence_lines: frozenset = frozenset()
    evidence_patterns: tuple = ()
    furniture_lines: frozenset = frozenset()
    support_pattern: re.Pattern | None = None
    page_date_first: bool = False
    title_first: bool = False
    trailer_start: frozenset = frozenset()
    fields: tuple = ()
    rights_pattern: re.Pattern | None = None
    summary_before_trailer: bool = False
    note_style: str = ""
    comments_after_citation: bool = False

    def evidence(self, texts: list[str]) -> str:
        """The first line of ``texts`` that shows this site ('' when none)."""
        for t in texts:
            if t in self.evidence_lines or any(p.search(t) for p in self.evidence_patterns):
                return t
        return ""


def profile_of(data: dict) -> Profile:
    def rx(key):
        return re.compile(data[key], re.I if key == "rights_pattern" else 0) if data.get(key) else None

    return Profile(
        name=data["name"], default=bool(data.get("default")), publisher=data.get("publisher", ""),
        evidence_lines=frozenset(data.get("evidence_lines", ())),
        evidence_patterns=tuple(re.compile(p) for p in data.get("evidence_patterns", ())),
        furniture_lines=frozenset(data.get("furniture_lines", ())), support_pattern=rx("support_pattern"),
        page_date_first=bool(data.get("page_date_first")), title_first=bool(data.get("title_first")),
        trailer_start=frozenset(data.get("trailer_start", ())), fields=tuple(data.get("fields", ())),
        rights_pattern=rx("rights_pattern"), summary_before_trailer=bool(data.get("summary_before_trailer")),
        note_style=data.get("note_style", ""), comments_after_citation=bool(data.get("comments_after_citation")))


@functools.lru_cache(maxsize=1)
def load_profiles() -> tuple[Profile, ...]:
    """Every profile shipped in ``profiles/`` beside this module, in file-name order."""
    folder = resources.files(__package__) / "profiles"
    return tuple(profile_of(tomllib.loads(entry.read_text(encoding="utf-8")))
                 for entry in sorted(folder.iterdir(), key=lambda p: p.name) if entry.name.endswith(".toml"))


@dataclass
class Sites:
    """The profiles that apply to one document, with the line that showed each site."""

    applying: list = field(default_factory=list)   # [(Profile, evidence line)]

    @property
    def site(self) -> Profile | None:
        """The one named site (not the default profile) that applies, if any."""
        return next((p for p, _e in self.applying if not p.default), None)

    def any(self, attr: str) -> bool:
        return any(getattr(p, attr) for p, _e in self.applying)

    def is_furniture(self, text: str) -> bool:
        return any(text in p.furniture_lines for p, _e in self.applying)


def sites_of(lines: list[Line], profiles: tuple[Profile, ...] | None = None) -> Sites:
    texts = [line.text.strip() for line in lines if not line.blank]
    out = Sites()
    for p in load_profiles() if profiles is None else profiles:
        ev = "" if p.default else p.evidence(texts)
        if p.default or ev:
            out.applying.append((p, ev))
    return out
