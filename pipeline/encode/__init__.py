"""The encoder: a plain-text source in, a TEI document out.

- ``reading``: the driver (read the source and its sidecar, encode, write; in parallel for many sources);
- ``recognise``: the analysis of a source's lines (site furniture, notes, front, participants, turns, kind);
- ``dates``, ``brackets``, ``names``: the recognisers of dates, of the editors' brackets, of persons, places and
  organisations (with the registers the edition keeps of them);
- ``tei``: the TEI document built from the analysis, its inline markup (``inline``) and its serialisation;
- ``model``: what the analysis hands the TEI building."""

from .reading import EncodeResult, EncodeRun, _encode_one, _init_worker, encode_file, encode_paths, encode_text

__all__ = ["EncodeResult", "EncodeRun", "encode_file", "encode_paths", "encode_text", "_encode_one", "_init_worker"]
