"""Kept results of per-document checks (validation, fidelity), so that ``make`` after one changed document checks
that document again, not the whole corpus.

An entry is a file ``<cache>/<key>.json`` holding the diagnostics of one document, less its path. Its key is a
digest of everything the result depends on: the checker's own code and schemas (``inputs``) and the document's
bytes (with whatever else the caller adds). A changed byte in any of them gives another key, so an entry is never
stale: it is only unused. Entries are written atomically; a missing, unreadable or malformed entry is a miss.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from .diagnostics import Diagnostic
from .fsutil import write_atomic


@functools.lru_cache(maxsize=None)
def files_digest(paths: tuple[str, ...]) -> bytes:
    """A digest of the names and bytes of ``paths`` (a missing file counts as empty): the checker's code."""
    digest = hashlib.sha256()
    for path in paths:
        p = Path(path)
        digest.update(p.name.encode() + b"\0" + (p.read_bytes() if p.is_file() else b"") + b"\0")
    return digest.digest()


def key_of(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:40]


def load(cache_dir: Path, key: str, path: str) -> tuple[list[Diagnostic], dict] | None:
    """The kept diagnostics under ``key`` (given the path ``path``) and what else was kept with them; None when
    there is no usable entry."""
    try:
        entry = json.loads((Path(cache_dir) / f"{key}.json").read_text(encoding="utf-8"))
        diags = [Diagnostic(path, int(line), int(col), str(sev), str(msg), str(rule))
                 for line, col, sev, msg, rule in entry["diagnostics"]]
        return diags, dict(entry.get("extra", {}))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def store(cache_dir: Path, key: str, diags: list[Diagnostic], extra: dict | None = None) -> None:
    entry = {"diagnostics": [[d.line, d.col, d.severity, d.message, d.rule] for d in diags], "extra": extra or {}}
    write_atomic(Path(cache_dir) / f"{key}.json", json.dumps(entry, ensure_ascii=False), durable=False)
