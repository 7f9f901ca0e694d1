"""Shared helpers of the recogniser tests: encode an invented text, read what the TEI says."""

from __future__ import annotations

from lxml import etree

from pipeline.encode.recognise import analyse
from pipeline.encode import encode_text
from pipeline.encode.names.registry import Registry

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def key(name: str) -> str:
    return name.lower().replace(" ", "-").replace(".", "")


def doc_of(text: str):
    return analyse("t1", text, key)


def tei(text: str, side: dict | None = None):
    res = encode_text(text, "t1", registry=Registry(), side=side or {})
    return etree.fromstring(res.xml), res


def xp(root, path: str):
    return root.xpath(path, namespaces=NS)
