"""The edition's settings (``edition.toml`` at the top of the project): title, editors, publisher, base URL,
licence, identifier, language. One reader for every stage, so the encoder, both editions and the deposit cite the
edition the same way; without the file, the defaults below (a build works with what the project ships)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PipelineError

DEFAULT_PATH = Path("edition.toml")


@dataclass(frozen=True)
class Editor:
    name: str
    orcid: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class Licence:
    id: str = "CC-BY-4.0"  # an SPDX identifier
    name: str = "Creative Commons Attribution 4.0 International"
    url: str = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Edition:
    title: str = "A TEI Edition of Historical Documents"
    editors: tuple[Editor, ...] = (Editor("The Editors"),)
    publisher: str = "The Editors"
    base_url: str = ""
    licence: Licence = field(default_factory=Licence)
    identifier: str = ""
    language: str = "en"
    version: str = "0.1.0"
    description: str = ""
    keywords: tuple[str, ...] = ()


_STRINGS = ("title", "publisher", "base_url", "identifier", "language", "version", "description")


def _fail(path: Path, message: str) -> PipelineError:
    return PipelineError(f"{path}: error: {message}")


def parse_edition(data: dict, path: Path = DEFAULT_PATH) -> Edition:
    """An ``Edition`` from the parsed TOML ``data``; unknown keys and wrong types are one-line errors."""
    known = set(_STRINGS) | {"editors", "licence", "keywords"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise _fail(path, f"unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(known))}")
    values: dict = {}
    for key in _STRINGS:
        if key in data:
            if not isinstance(data[key], str):
                raise _fail(path, f"{key} must be a string, not {type(data[key]).__name__}")
            values[key] = data[key].strip()
    if "editors" in data:
        eds = data["editors"]
        if not isinstance(eds, list) or not all(isinstance(e, dict) and isinstance(e.get("name"), str) for e in eds):
            raise _fail(path, 'editors must be a list of tables with a name: editors = [{ name = "…" }]')
        values["editors"] = tuple(Editor(str(e["name"]).strip(), str(e.get("orcid", "")).strip(),
                                         str(e.get("affiliation", "")).strip()) for e in eds)
    if "licence" in data:
        lic = data["licence"]
        if not isinstance(lic, dict) or not all(isinstance(v, str) for v in lic.values()):
            raise _fail(path, 'licence must be a table: licence = { id = "CC-BY-4.0", name = "…", url = "…" }')
        extra = sorted(set(lic) - {"id", "name", "url"})
        if extra:
            raise _fail(path, f"licence: unknown key(s) {', '.join(extra)}; allowed: id, name, url")
        values["licence"] = Licence(**{k: v.strip() for k, v in lic.items()})
    if "keywords" in data:
        kws = data["keywords"]
        if not isinstance(kws, list) or not all(isinstance(k, str) for k in kws):
            raise _fail(path, "keywords must be a list of strings")
        values["keywords"] = tuple(k.strip() for k in kws)
    return Edition(**values)


def load_edition(path: Path | None = None) -> Edition:
    """The settings in ``path`` (default ``edition.toml`` in the working folder); the defaults when it is absent."""
    path = path or DEFAULT_PATH
    if not path.is_file():
        if path.exists():
            raise _fail(path, "is not a file")
        return Edition()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _fail(path, f"not valid TOML: {exc}") from None
    return parse_edition(data, path)
