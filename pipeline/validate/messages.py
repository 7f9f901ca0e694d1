"""jing's report turned into diagnostics a person can act on."""

from __future__ import annotations

import re

from ..diagnostics import Diagnostic


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
