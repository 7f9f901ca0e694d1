"""A note whose marker the copy lost is kept (type="unanchored") and the text edition prints it among the others in
the order of the source's note list, so the fidelity check still finds every word in its place."""

from __future__ import annotations

from pathlib import Path

from pipeline.encode import encode_file
from pipeline.fidelity import check_fidelity
from pipeline.encode.names.registry import Registry
from pipeline.publish.text import render_text

SOURCE = """3. Telegram From the Embassy to the Department 1

Rome, May 2, 1971.

Nothing to report today.3
Smith
  1. Source: Invented Archive, Box 1.
  2. A note whose marker the copy lost.
  3. A note with its marker.
"""


def test_unanchored_note_keeps_its_place_in_the_text_edition(tmp_path: Path):
    src = tmp_path / "x3.txt"
    src.write_text(SOURCE, encoding="utf-8")
    res = encode_file(src, Registry())
    assert b'type="unanchored"' in res.xml and any(d.rule == "note-marker" for d in res.diagnostics)
    (tmp_path / "tei").mkdir()
    tei = tmp_path / "tei" / "x3.xml"
    tei.write_bytes(res.xml)
    render_text([tei], tmp_path / "text", progress=False)
    text = (tmp_path / "text" / "x3.txt").read_text(encoding="utf-8")
    assert text.index("[2] A note whose marker") < text.index("[3] A note with its marker")
    assert check_fidelity([src], tmp_path / "tei", tmp_path / "text") == []
