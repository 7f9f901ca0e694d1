"""Atomic file writes: a reader sees either the old file or the whole new one, never a half.

The new content goes to a hidden temporary file ``.<name>.<random>.part`` in the same folder, is flushed to disk
(``durable=True``, the default: sources of truth such as tei/ and the deposit), then renamed over the target
(``os.replace``, atomic on POSIX). Derived outputs that ``make`` re-creates (build/html, build/text) pass
``durable=False``: the rename alone keeps "old or new, never half" for readers; only a power cut could lose the
newest version, and the next build writes it again; skipping the fsync saves a disk flush per file.

SIGINT and SIGTERM (Ctrl-C, ``kill``) are held back while a file is being written and delivered right after, so an
interrupted build leaves neither a half file nor a temporary one. Only SIGKILL or a power cut can leave a ``.part``
file behind; it is hidden, never matches ``*.xml`` and :func:`remove_partials` deletes it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
from pathlib import Path

PART_SUFFIX = ".part"
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def signals_held():
    """Hold back SIGINT and SIGTERM in this thread for the duration; they are delivered on exit."""
    if not hasattr(signal, "pthread_sigmask"):  # not POSIX
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def write_atomic(path: str | os.PathLike, data: bytes | str, *, durable: bool = True) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and an atomic rename.

    Text is written as UTF-8 with the newlines it has (no platform translation). ``durable``: fsync the file before
    the rename (skip it only for derived outputs a rebuild re-creates). Returns ``path``.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    with replaced_atomically(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        if durable:
            fh.flush()
            os.fsync(fh.fileno())
    return Path(path)


@contextlib.contextmanager
def replaced_atomically(path: str | os.PathLike):
    """A temporary file beside ``path`` for a writer (``write_atomic``, Saxon writing a page) to fill; renamed over
    ``path`` when the block ends without error, deleted otherwise; SIGINT and SIGTERM held back meanwhile."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with signals_held():
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=PART_SUFFIX, dir=path.parent)
        os.close(fd)
        try:
            yield tmp
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException as exc:
            Path(tmp).unlink(missing_ok=True)
            if isinstance(exc, OSError) and exc.filename in (None, tmp):
                # a full disk fails in write() or close(), whose errors name no file: name the one being written
                raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
            raise


def remove_partials(folder: str | os.PathLike) -> list[Path]:
    """Delete the temporary files a killed writer left in ``folder`` (``.*.part``); return them."""
    found = sorted(Path(folder).glob(f".*{PART_SUFFIX}"))
    for p in found:
        p.unlink(missing_ok=True)
    return found
