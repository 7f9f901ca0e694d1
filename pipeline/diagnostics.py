"""One message format for every stage: ``path:line:col: severity: message [rule-id]`` (jing's format)."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from typing import Iterable

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _escape(m: re.Match) -> str:
    return repr(m.group())[1:-1]


def one_line(message: str) -> str:
    """``message`` with its control characters written as escapes: a file name with a newline in an error message
    cannot forge a second line."""
    return _CONTROL.sub(_escape, message)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found in a file, at a line and column (1-based; 0 when unknown)."""

    path: str
    line: int
    col: int
    severity: str
    message: str
    rule: str = ""

    def format(self) -> str:
        """The one line; control characters (a file name with a newline) written as escapes, so no name or message
        can forge or break a line of the report."""
        rule = f" [{self.rule}]" if self.rule else ""
        return _CONTROL.sub(_escape, f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}{rule}")


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line, column, then the rest, duplicates removed."""
    return sorted(set(diags))


def _counts(diags: list[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)"""
    return sum(d.severity == "error" for d in diags), sum(d.severity == "warning" for d in diags)


def summary_line(diags: list[Diagnostic], files: int) -> str:
    errors, warnings = _counts(diags)
    return f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)"


def to_json(diags: list[Diagnostic], files: int) -> str:
    errors, warnings = _counts(diags)
    return json.dumps({"files": files, "errors": errors, "warnings": warnings,
                       "diagnostics": [asdict(d) for d in diags]}, ensure_ascii=False, indent=2, sort_keys=True)
