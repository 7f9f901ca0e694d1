"""How a deposit describes the edition to a repository, from the edition's settings (``edition.toml``):
``CITATION.cff`` (Citation File Format 1.2.0), ``.zenodo.json`` (Zenodo's deposit metadata, DataCite terms) and the
fields of the bag's ``bag-info.txt`` (RFC 8493).

Pure functions: settings and facts in, text out. Nothing is guessed: a name is split into family and given names
only when written ``Family, Given``; an ORCID iD is used only when it has the form of one.
"""

from __future__ import annotations

import json
import re

from .edition import Edition, Editor
from .errors import PipelineError

CFF_MESSAGE = "If you use this edition, please cite it as below."
ORCID = re.compile(r"^(?:https?://orcid\.org/)?(\d{4}-\d{4}-\d{4}-\d{3}[\dX])/?$")
DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)?(10\.\d{4,9}/\S+)$", re.I)
URL = re.compile(r"^https?://\S+$")
SOURCES_RIGHTS_NOTE = ("The encoding is released under the licence named here; the source texts keep their own "
                       "rights, stated for each document in documents.tsv in the deposit.")


def orcid_id(editor: Editor, where: str = "edition.toml") -> str:
    """The bare ORCID iD (0000-0002-1825-0097) of an editor, "" when none is given; a malformed one is an error."""
    if not editor.orcid:
        return ""
    m = ORCID.match(editor.orcid)
    if not m:
        raise PipelineError(f"{where}: error: editor {editor.name!r}: orcid {editor.orcid!r} is not an ORCID iD "
                            "(0000-0000-0000-0000, or https://orcid.org/0000-0000-0000-0000)")
    return m.group(1)


def doi_of(identifier: str) -> str:
    """The DOI in ``identifier`` (bare, 10.xxxx/…), or "" when it is no DOI."""
    m = DOI.match(identifier.strip())
    return m.group(1) if m else ""


def identifier_scheme(identifier: str) -> str:
    """Zenodo's scheme name for an identifier: doi, url or urn ("" when none of them)."""
    if doi_of(identifier):
        return "doi"
    if URL.match(identifier):
        return "url"
    return "urn" if identifier.lower().startswith("urn:") else ""


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def cff_author(editor: Editor) -> list[str]:
    """One CFF author: a person when the name is written ``Family, Given``, else an entity with the name as given."""
    family, comma, given = editor.name.partition(",")
    if comma and family.strip() and given.strip():
        lines = [f"family-names: {_q(family.strip())}", f"given-names: {_q(given.strip())}"]
        if editor.affiliation:
            lines.append(f"affiliation: {_q(editor.affiliation)}")
    else:
        lines = [f"name: {_q(editor.name)}"]  # CFF entities have no affiliation: it is in .zenodo.json
    if orcid_id(editor):
        lines.append(f"orcid: {_q('https://orcid.org/' + orcid_id(editor))}")
    return ["  - " + lines[0], *("    " + line for line in lines[1:])]


def citation_cff(ed: Edition, date: str | None, commit: str = "") -> str:
    """CITATION.cff (CFF 1.2.0) of the deposit."""
    lines = ["cff-version: 1.2.0", f"message: {_q(CFF_MESSAGE)}", "type: dataset", f"title: {_q(ed.title)}",
             "authors:"]
    for editor in ed.editors or (Editor(ed.publisher),):
        lines += cff_author(editor)
    if ed.version:
        lines.append(f"version: {_q(ed.version)}")
    if date:
        lines.append(f"date-released: {_q(date)}")
    if ed.licence.id:
        lines.append(f"license: {_q(ed.licence.id)}")
    if ed.licence.url:
        lines.append(f"license-url: {_q(ed.licence.url)}")
    if doi_of(ed.identifier):
        lines.append(f"doi: {_q(doi_of(ed.identifier))}")
    elif ed.identifier:
        kind = "url" if URL.match(ed.identifier) else "other"
        lines += ["identifiers:", f"  - type: {kind}", f"    value: {_q(ed.identifier)}"]
    if ed.base_url:
        lines.append(f"url: {_q(ed.base_url)}")
    if commit:
        lines.append(f"commit: {_q(commit)}")
    abstract = " ".join(p for p in (ed.description, SOURCES_RIGHTS_NOTE) if p)
    lines.append(f"abstract: {_q(abstract)}")
    if ed.keywords:
        lines += ["keywords:", *(f"  - {_q(k)}" for k in ed.keywords)]
    return "\n".join(lines) + "\n"


def zenodo_creator(editor: Editor) -> dict:
    creator = {"name": editor.name}
    if editor.affiliation:
        creator["affiliation"] = editor.affiliation
    if orcid_id(editor):
        creator["orcid"] = orcid_id(editor)
    return creator


def related_identifiers(ed: Edition, source_urls: list[str]) -> list[dict]:
    """The edition's own identifier (an alternate identifier of the deposit: Zenodo mints the deposit's DOI), its
    published HTML edition (the same edition in another form) and each source it was made from."""
    related = []
    scheme = identifier_scheme(ed.identifier)
    if ed.identifier and scheme:
        related.append({"identifier": doi_of(ed.identifier) or ed.identifier, "relation": "isAlternateIdentifier",
                        "scheme": scheme})
    if ed.base_url and URL.match(ed.base_url):
        related.append({"identifier": ed.base_url, "relation": "isVariantFormOf", "scheme": "url"})
    for url in dict.fromkeys(u for u in source_urls if URL.match(u)):
        related.append({"identifier": url, "relation": "isDerivedFrom", "scheme": "url"})
    return related


def zenodo_json(ed: Edition, date: str | None, source_urls: list[str] = ()) -> str:
    """.zenodo.json: the deposit's metadata as Zenodo imports it (its legacy deposit schema, DataCite terms)."""
    record: dict = {
        "upload_type": "dataset",
        "title": ed.title,
        "creators": [zenodo_creator(e) for e in ed.editors or (Editor(ed.publisher),)],
        "description": " ".join(p for p in (ed.description or ed.title, SOURCES_RIGHTS_NOTE) if p),
        "access_right": "open",
        "license": ed.licence.id,
        "keywords": list(ed.keywords),
        "version": ed.version,
        "related_identifiers": related_identifiers(ed, list(source_urls)),
    }
    if date:
        record["publication_date"] = date
    if ed.publisher:
        record["imprint_publisher"] = ed.publisher
    record = {k: v for k, v in record.items() if v not in ("", [])}
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def external_identifier(ed: Edition, bag_name: str) -> str:
    """The bag's External-Identifier: the edition's identifier, else its address, else name and version."""
    return ed.identifier or ed.base_url or f"{bag_name}-{ed.version or 'unversioned'}"


def bag_info(ed: Edition, bag_name: str, agent: str, commit: str) -> dict[str, str]:
    """The sender's fields of bag-info.txt (bagit adds Payload-Oxum; the deposit adds Bagging-Date)."""
    info = {
        "Source-Organization": ed.publisher,
        "External-Description": " ".join(p for p in (ed.title + ".", ed.description) if p),
        "External-Identifier": external_identifier(ed, bag_name),
        "Contact-Name": "; ".join(e.name for e in ed.editors),
        "Bag-Software-Agent": agent,
    }
    if commit:
        info["Internal-Sender-Identifier"] = f"git commit {commit}"
    return {k: v for k, v in info.items() if v}
