"""What a deposit holds and where: the bag's name, its folders and files, who made it."""

from __future__ import annotations

from .. import __version__

BAG_NAME = "edition"
BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"  # bagit.py writes 0.97; RFC 8493 is 1.0
SOURCES = "sources"
CORPUS_NAME = "corpus.xml"
REGISTER_NAME = "persons.xml"
CHECKSUMS = ("sha256", "sha512")
AGENT = f"tei-edition-pipeline {__version__}"
