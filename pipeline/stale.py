"""Nothing stale (issue 19): what decides that a TEI is up to date with its source, and what a build removes when a
source is gone.

Up to date. ``pipeline encode`` skips a source (without --force) only when its TEI exists, is newer than the source,
its sidecar, the register data and edition.toml (make's rule), AND was made with the same reading: the same
``--encoding`` and the same sidecar (its SHA-256; none when there is none). The reading of every TEI written is kept
in ``<out>/.encode-inputs.json`` ({document id: {"encoding": …, "sidecar": …}}); a TEI without an entry there (a
fresh checkout) is encoded again, which changes nothing but its time (the encoder is deterministic). So deleting or
replacing a sidecar, even by an older file, or another ``--encoding``, re-encodes the source.

Gone. The outputs of a source that is no longer there are removed with a one-line note each: its TEI
(``<tei>/<id>.xml``, registers excepted), its pages (``<build>/html/<id>.html``, ``<build>/text/<id>.txt``) and their
kept parts (``<build>/html/.parts/<id>.xml``, ``<build>/text/.parts/<id>.tsv``). ``pipeline build`` and ``make`` do
this before encoding, so the register, the corpus pages and the deposit follow the sources.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

from .fsutil import write_atomic
from .encode.names.register import is_register
from .sidecar import MAX_SIDECAR_BYTES, sidecar_path

RECORD = ".encode-inputs.json"


def reading_of(source: Path, encoding: str | None) -> dict:
    """How ``source`` is read: the ``--encoding`` given and the digest of its sidecar (None without one)."""
    path = sidecar_path(source)
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_SIDECAR_BYTES:
            return {"encoding": encoding, "sidecar": "not a sidecar"}  # never opened (a FIFO would block); encode says why
        side = hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        side = None
    except OSError:
        side = "unreadable"  # encode says why, at the sidecar
    return {"encoding": encoding, "sidecar": side}


def load_record(out_dir: Path) -> dict:
    """The readings kept in ``out_dir`` ({} when none, or not readable: then every source is encoded again)."""
    try:
        record = json.loads((Path(out_dir) / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def save_record(out_dir: Path, record: dict) -> None:
    write_atomic(Path(out_dir) / RECORD, json.dumps(record, sort_keys=True, indent=1) + "\n", durable=False)


def gone_outputs(source_ids: set[str], tei_dir: Path, build_dir: Path) -> list[tuple[Path, str]]:
    """(output, id) for every output of a document whose source is not among ``source_ids``."""
    gone = sorted(p.stem for p in Path(tei_dir).glob("*.xml") if not is_register(p) and p.stem not in source_ids)
    found = []
    for doc_id in gone:
        for path in (Path(tei_dir) / f"{doc_id}.xml", Path(build_dir) / "html" / f"{doc_id}.html",
                     Path(build_dir) / "html" / ".parts" / f"{doc_id}.xml", Path(build_dir) / "text" / f"{doc_id}.txt",
                     Path(build_dir) / "text" / ".parts" / f"{doc_id}.tsv"):
            if path.is_file():
                found.append((path, doc_id))
    return found


def remove_gone(sources: list[Path], tei_dir: Path, build_dir: Path, seeds_dir: Path = Path("seeds")) -> list[str]:
    """Remove the outputs of documents whose source is not among ``sources`` (``seeds_dir/*.txt``); one note per
    file removed."""
    ids = {Path(s).stem for s in sources}
    notes = []
    record = load_record(tei_dir)
    for path, doc_id in gone_outputs(ids, tei_dir, build_dir):
        path.unlink()
        notes.append(f"{path}: removed: its source {Path(seeds_dir) / doc_id}.txt is gone")
        record.pop(doc_id, None)
    if notes and (Path(tei_dir) / RECORD).is_file():
        save_record(tei_dir, record)
    return notes
