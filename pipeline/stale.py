"""Nothing stale (issue 19): what decides that a TEI is up to date with its source, and what a build removes when a
source is gone.

Up to date. ``pipeline encode`` skips a source (without --force) only when its TEI exists and was made from the same
inputs: a digest (pipeline/resultcache.py, as validate and check key their kept results) of the source's bytes, its
sidecar's (none when there is none), the ``--encoding`` given, the register data and edition.toml. The digest of
every TEI written is kept in ``<out>/.encode-inputs.json`` ({document id: digest}); a TEI without an entry there (a
fresh checkout) is encoded again, which changes nothing but its time (the encoder is deterministic). Times play no
part: a touched but unchanged source is up to date, a sidecar deleted or replaced by an older file is not. The
encoder's own code is make's business (it passes --force when the code changed).

Gone. The outputs of a source that is no longer there are removed with a one-line note each: its TEI
(``<tei>/<id>.xml``, registers excepted), its pages (``<build>/html/<id>.html``, ``<build>/text/<id>.txt``) and their
kept parts (``<build>/html/.parts/<id>.xml``, ``<build>/text/.parts/<id>.tsv``). ``pipeline build`` and ``make`` do
this before encoding, so the register, the corpus pages and the deposit follow the sources.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from .fsutil import write_atomic
from .encode.names.register import is_register
from .resultcache import files_digest, key_of
from .sidecar import MAX_SIDECAR_BYTES, sidecar_path

RECORD = ".encode-inputs.json"


def shared_key(paths: list[Path]) -> bytes:
    """The digest of the inputs every source shares (the register data, edition.toml), read now (not cached: they
    may change between two encodes in one process)."""
    return files_digest.__wrapped__(tuple(map(str, paths)))


def inputs_key(source: Path, encoding: str | None, shared: bytes) -> str:
    """The digest of what ``source``'s TEI is made from: its bytes, its sidecar's, ``encoding`` and ``shared`` (the
    digest of the register data and edition.toml). A source or sidecar that is no regular file is never opened here
    (a FIFO would block): it gets a marker, and encode says what is wrong with it."""
    def content(path: Path, limit: int | None) -> bytes:
        try:
            st = os.stat(path)
            if stat.S_ISREG(st.st_mode) and (limit is None or st.st_size <= limit):
                return b"file " + path.read_bytes()
            return b"not a regular file of its size"
        except OSError as exc:  # none (FileNotFoundError), or unreadable
            return type(exc).__name__.encode()

    return key_of(shared, repr(encoding).encode(), content(source, None),
                  content(sidecar_path(source), MAX_SIDECAR_BYTES))


def load_record(out_dir: Path) -> dict:
    """The digests kept in ``out_dir`` ({} when none, or not readable: then every source is encoded again)."""
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
    tei, html, text = Path(tei_dir), Path(build_dir) / "html", Path(build_dir) / "text"
    return [(path, doc_id) for doc_id in gone
            for path in (tei / f"{doc_id}.xml", html / f"{doc_id}.html", html / ".parts" / f"{doc_id}.xml",
                         text / f"{doc_id}.txt", text / ".parts" / f"{doc_id}.tsv") if path.is_file()]


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
