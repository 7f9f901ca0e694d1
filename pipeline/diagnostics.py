"""One message format for every stage: ``path:line:col: severity: message [rule-id]`` (jing's format)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Iterable

SEVERITIES = ("error", "warning", "info")


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
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}{rule}"

    def to_dict(self) -> dict:
        return asdict(self)


def sort_diagnostics(diags: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sorted by file, line, column, then the rest, duplicates removed."""
    return sorted(set(diags))


def summary_line(diags: list[Diagnostic], files: int) -> str:
    errors = sum(d.severity == "error" for d in diags)
    warnings = sum(d.severity == "warning" for d in diags)
    return f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)"


def to_json(diags: list[Diagnostic], files: int) -> str:
    return json.dumps(
        {
            "files": files,
            "errors": sum(d.severity == "error" for d in diags),
            "warnings": sum(d.severity == "warning" for d in diags),
            "diagnostics": [d.to_dict() for d in diags],
        },
        ensure_ascii=False,
        indent=2,
        sort_keys=True,
    )
