"""The encoder: a plain-text source in, a TEI document out.

- ``reading``: the driver (read the source and its sidecar, encode, write; in parallel for many sources);
- ``recognise``: the analysis of a source's lines (site furniture, notes, front, participants, turns, kind) into
  the ``model``;
- ``dates``, ``brackets``, ``names``: the recognisers of dates, of the editors' brackets, of persons, places and
  organisations (with the registers the edition keeps of them);
- ``facts`` (with ``document_date``): the document's facts, decided once, that the header states;
- ``tei``: the TEI document built from the analysis and the facts, its inline markup (``inline``) and its
  serialisation."""

from .reading import EncodeResult, EncodeRun, _encode_one, _init_worker, encode_file, encode_paths, encode_text

__all__ = ["EncodeResult", "EncodeRun", "encode_file", "encode_paths", "encode_text", "_encode_one", "_init_worker"]
