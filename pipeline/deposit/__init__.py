"""``pipeline deposit``: the edition as a BagIt bag and a reproducible zip that a repository accepts and a curator
can verify.

The bag (BagIt 1.0, RFC 8493: ``<out>/edition/``, zip ``<out>/edition.zip``) holds under ``data/``: ``sources/``
(the plain-text sources and their sidecars), ``registry/`` (the editors' register data), ``tei/`` (documents,
register, ``corpus.xml``), ``schema/``, ``html/``, ``text/``, ``documents.tsv`` (source, archive, rights as given,
SHA-256), ``omissions.tsv`` (boilerplate left out, with reasons), ``validation.txt``, ``fidelity.txt`` (the proof
that the text edition has every word of the sources), ``environment.txt`` (commit, clean tree, tool versions),
``metadata/dublin-core.xml``, ``CITATION.cff``, ``.zenodo.json`` and ``README.md``. Who made the edition and under
which licence comes from ``edition.toml``; facts about the documents from their TEI headers; nothing about rights is
invented.

Reproducible: no clock is read. Dates come only from ``SOURCE_DATE_EPOCH`` (or ``epoch=``); without it the bag has
no Bagging-Date and zip entries carry 1980-01-01, the earliest time a zip can hold.

The package, one module per job: ``layout`` (what the bag holds and where), ``records`` (the TEI headers read into
one record per document), ``corpus`` (tei/corpus.xml), ``metadata`` (CITATION.cff, .zenodo.json, bag-info,
Dublin Core, README), ``provenance`` (environment.txt), ``validation``, ``bag`` (the bag and its reproducible zip),
``build`` (:func:`build_deposit`) and ``check`` (:func:`check_deposit`).

Public API: ``build_deposit(tei_dir, build_dir, out_dir, *, sources_dir, registry_dir, project_dir, edition,
allow_dirty, epoch, layers) -> list[Path]``, ``check_sections(path) -> list[CheckSection]`` and
``check_deposit(path) -> list[Diagnostic]``.
"""

from .bag import source_date_epoch, unzip_bag
from .build import build_deposit
from .check import CheckSection, check_deposit, check_sections
from .corpus import shared_ids, with_unique_ids
from .layout import BAG_NAME
from .records import archive_of, document_record, omission_rows, rights_of

__all__ = ["BAG_NAME", "CheckSection", "archive_of", "build_deposit", "check_deposit", "check_sections",
           "document_record", "omission_rows", "rights_of", "shared_ids", "source_date_epoch", "unzip_bag",
           "with_unique_ids"]
