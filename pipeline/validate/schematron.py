"""Layer 3: the Schematron (schema/edition.sch), compiled once per process, with the registers' keys as
parameters."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

from lxml import etree, isoschematron

from ..diagnostics import Diagnostic
from ..xmlsafe import read_untrusted
from .documents import Doc, REGISTER_NAME, SCHEMATRON, TEI_NS, attribute_position, start_tag_position


_SVRL = "{http://purl.oclc.org/dsdl/svrl}"
_XSL = "{http://www.w3.org/1999/XSL/Transform}"
_SCH = "{http://purl.oclc.org/dsdl/schematron}"
_PREDICATES = re.compile(r"\[[^\[\]]*\]")
_ATTR_FIRST = re.compile(r"^@([\w:.-]+)=")
_REGISTER_POINTERS = etree.XPath("//@*[contains(., 'persons.xml#')]", smart_strings=False)
_REGISTER_KEY = re.compile(r"persons\.xml#(.*)")
_SPACE = re.compile(r"\s")


def _may_match_attributes(context: str) -> bool:
    """True when a rule context could match an attribute node (an @ or attribute:: outside its predicates)."""
    while _PREDICATES.search(context):
        context = _PREDICATES.sub("", context)
    return "@" in context or "attribute::" in context


def lean_validator(sch: etree._ElementTree, validator: etree._ElementTree) -> etree._Element:
    """The Schematron's generated XSLT without the work its report does not need (diagnostics come only from
    svrl:failed-assert and svrl:successful-report): no svrl:fired-rule for every rule fired, no default-mode walk
    of the document inside each svrl:active-pattern and, when no rule context can match an attribute, no visit of
    every attribute in each pattern's walk. The same diagnostics: the report reads only those two elements."""
    xslt = etree.fromstring(etree.tostring(validator))
    for fired in list(xslt.iter(_SVRL + "fired-rule")):
        fired.getparent().remove(fired)
    for active in xslt.iter(_SVRL + "active-pattern"):
        for walk in active.findall(_XSL + "apply-templates"):
            active.remove(walk)
    if not any(_may_match_attributes(rule.get("context", "")) for rule in sch.iter(_SCH + "rule")):
        for walk in xslt.iter(_XSL + "apply-templates"):
            if walk.get("select") == "@*|*":
                walk.set("select", "*")
        _select_rule_contexts(xslt)
    return xslt


def _alternatives(pattern: str) -> list[str]:
    """The alternatives of an XSLT match pattern: split at each ``|`` outside brackets, parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, c in enumerate(pattern):
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in "[(":
            depth += 1
        elif c in "])":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i].strip())
            start = i + 1
    return parts + [pattern[start:].strip()]


_RELATIVE = re.compile(r"^(?:[A-Za-z_][\w.-]*:)?(?:[A-Za-z_][\w.-]*|\*)(?![\w.:(-])")


def _select_rule_contexts(xslt: etree._Element) -> None:
    """Each pattern's rules applied to the elements their contexts select (one XPath per pattern, in document
    order), instead of a walk of the whole document that tries every element against every rule: the same rule
    fires for the same elements, in the same order (a rule's template still wins by its priority). Only where
    every context is a relative path of elements (``tei:note``, ``*[@ref]``, ``tei:text//*[…]``), whose
    expression is ``//`` and the pattern; a pattern of another form keeps its walk."""
    templates: dict[str, list[etree._Element]] = {}
    for template in xslt.iter(_XSL + "template"):
        if template.get("mode", "").startswith("M") and template.get("priority") not in ("-1", "-2"):
            templates.setdefault(template.get("mode"), []).append(template)
    for start in xslt.iter(_XSL + "apply-templates"):
        mode = start.get("mode", "")
        if start.get("select") != "/" or mode not in templates:
            continue
        contexts = [alt for t in templates[mode] for alt in _alternatives(t.get("match", ""))]
        if not contexts or not all(_RELATIVE.match(c) for c in contexts):
            continue
        start.set("select", " | ".join(f"//{c}" for c in contexts))
        for template in templates[mode]:
            for walk in template.findall(_XSL + "apply-templates"):
                if walk.get("select") == "*" and walk.get("mode") == mode:
                    template.remove(walk)


@functools.lru_cache(maxsize=None)
def schematron_xslt(path: Path = SCHEMATRON) -> etree.XSLT:
    """edition.sch compiled to XSLT once per process; it may read no file and no URL."""
    sch = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    validator = isoschematron.Schematron(sch, store_xslt=True).validator_xslt
    return etree.XSLT(lean_validator(sch, validator), access_control=etree.XSLTAccessControl.DENY_ALL)


@functools.lru_cache(maxsize=None)
def register_keys(register: Path, stamp: tuple | None = None) -> tuple[str, ...] | None:
    """The persons' xml:ids in the register beside a document, or None when there is none (or it cannot be read).
    ``stamp`` (the file's modification time, size and inode) makes a changed register a new cache entry."""
    if not register.is_file():  # none, or no regular file (a FIFO would block)
        return None
    tree, _ = read_untrusted(register)
    if tree is None:
        return None
    return tuple(sorted(tree.getroot().xpath("//tei:person/@xml:id | //tei:place/@xml:id | //tei:org/@xml:id",
                                             namespaces={"tei": TEI_NS})))


def register_keys_param(doc: Doc, keys: tuple[str, ...] | None) -> str:
    """edition.sch's ``register-keys``: the register's keys, space-separated with a space at each end, cut down to
    the keys this document names in a ``persons.xml#key`` pointer (the Schematron's contains() scans the string for
    every pointer; the whole register is long). The same answer for every key the document can name (the rest of
    an attribute after ``persons.xml#`` or after its first ``#``); the whole list when one is empty or has a space."""
    everything = _spaced(keys)
    named = set()
    for value in _REGISTER_POINTERS(doc.tree):
        named.update(_REGISTER_KEY.findall(value), value.partition("#")[2:])
    if "" in named or _SPACE.search("|".join(named)):
        return everything
    return " " + " ".join(sorted(key for key in named if f" {key} " in everything)) + " "


@functools.lru_cache(maxsize=None)
def _spaced(keys: tuple[str, ...] | None) -> str:
    return " " + " ".join(keys or ()) + " "


#: The registers of places and organisations beside the documents: {file: (element, Schematron parameters)}
NAMED_REGISTERS = {"places.xml": ("placeName", "place-keys", "places-found"),
                   "orgs.xml": ("orgName", "org-keys", "orgs-found")}


def named_keys_param(doc: Doc, file: str, keys: tuple[str, ...] | None) -> str:
    """edition.sch's ``place-keys`` (``org-keys``): the register's keys that this document points to, spaced as
    ``register-keys`` is (the keys named and not in the register are left out, so that the assert fails)."""
    element = NAMED_REGISTERS[file][0]
    named = {ref.partition("#")[2] for ref in doc.tree.xpath(f"//tei:{element}/@ref", namespaces={"tei": TEI_NS})
             if ref.startswith(file + "#")}
    have = set(keys or ())
    return " " + " ".join(sorted(k for k in named if k in have)) + " "


def _register_for(folder: str, name: str = REGISTER_NAME) -> tuple[str, ...] | None:
    register = Path(folder).resolve() / name
    try:
        st = register.stat()
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    except OSError:
        stamp = None
    return register_keys(register, stamp)


def schematron_diagnostics(doc: Doc) -> list[Diagnostic]:
    folder = os.path.dirname(doc.path) or "."
    keys = _register_for(folder)
    params = {
        "register-keys": etree.XSLT.strparam(register_keys_param(doc, keys)),
        "register-found": etree.XSLT.strparam("no" if keys is None else "yes"),
    }
    for file, (_element, keys_param, found_param) in NAMED_REGISTERS.items():
        named = _register_for(folder, file)
        params[keys_param] = etree.XSLT.strparam(named_keys_param(doc, file, named))
        params[found_param] = etree.XSLT.strparam("no" if named is None else "yes")
    report = schematron_xslt()(doc.tree, **params)
    found = []
    for fail in report.getroot().iter(_SVRL + "failed-assert", _SVRL + "successful-report"):
        message = " ".join("".join(fail.find(_SVRL + "text").itertext()).split())
        hits = doc.tree.xpath(fail.get("location", "/"))
        el = hits[0] if hits and isinstance(hits[0], etree._Element) else doc.tree.getroot()
        attr = _ATTR_FIRST.match(message)
        line, col = attribute_position(doc, el, attr.group(1)) if attr else start_tag_position(doc, el)
        severity = "warning" if fail.get("role") == "warning" else "error"
        rule = (fail.get("id") or "schematron").split(".")[0]
        found.append(Diagnostic(doc.path, line, col, severity, message, rule))
    return found
