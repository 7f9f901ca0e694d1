"""Outputs never replace inputs: a command refuses, before it writes anything, to write over one of the files it
reads or into a folder of sources (issue 19: ``pipeline text tei/doc.xml -o seeds`` replaced seeds/doc.txt with
the text edition; ``pipeline encode --force x.xml -o .`` replaced its own input).

Rules (each a one-line :class:`~pipeline.errors.OverwriteError`, exit status 2):

- no file a command would write is one of its inputs (the same file, whatever the path spelling or link);
- the publishing stages (html, text) do not write into a folder holding one of their input files, nor into the
  project's ``seeds/`` or ``tei/``: their outputs (<id>.txt, <id>.html) would stand beside, or replace, sources
  of the same name.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import OverwriteError

#: Folders of sources, relative to the project folder (the current directory): never an output folder of html/text.
SOURCE_FOLDERS = ("seeds", "tei")


def _identity(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def refuse_overwriting_inputs(inputs, targets) -> None:
    """OverwriteError when one of ``targets`` (files about to be written) is one of ``inputs``."""
    read = {ident: path for path in inputs if (ident := _identity(Path(path))) is not None}
    for target in targets:
        ident = _identity(Path(target))
        if ident in read:
            raise OverwriteError(f"{target}: error: refusing to write over an input of this command "
                                 f"({read[ident]}); choose another output folder")


def refuse_control_characters(paths) -> None:
    """OverwriteError for a file name with a control character (a newline would give a page named "evil\\n.html"
    and forge lines of reports)."""
    for path in paths:
        if any(ord(c) < 32 or ord(c) == 127 for c in str(path)):
            raise OverwriteError(f"{str(path)!r}: error: the file name contains a control character; rename the file")


def refuse_source_folder(out_dir: Path, inputs) -> None:
    """OverwriteError when ``out_dir`` is the folder of one of ``inputs`` or one of the project's SOURCE_FOLDERS."""
    refuse_control_characters([out_dir, *inputs])
    out = _identity(out_dir)
    if out is None:
        return  # not there yet: a new folder holds nothing
    for folder in SOURCE_FOLDERS:
        if _identity(Path(folder)) == out:
            raise OverwriteError(f"{out_dir}: error: refusing to write into the source folder {folder}/; "
                                 "choose another output folder (e.g. build/)")
    for path in inputs:
        if _identity(Path(path).parent) == out:
            raise OverwriteError(f"{out_dir}: error: refusing to write into the folder of the input {path}: "
                                 "outputs would stand beside (or replace) sources; choose another output folder")
