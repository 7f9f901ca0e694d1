"""Saxon (saxonche) for the publishing stages: one processor per process, each stylesheet compiled once; and the
worker processes the stages run their per-document work in.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..errors import PipelineError
from ..resources import data_dir

XSLT_DIR = data_dir("xslt")


@functools.lru_cache(maxsize=None)
def processor():
    """The process's one Saxon processor (created on first use)."""
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@functools.lru_cache(maxsize=None)
def compiled(name: str):
    """The compiled stylesheet ``xslt/<name>`` (compiled on first use, then reused)."""
    path = XSLT_DIR / name
    xslt = processor().new_xslt30_processor()
    try:
        executable = xslt.compile_stylesheet(stylesheet_file=str(path))
    except Exception as exc:  # saxonche raises PySaxonApiError with the compiler's messages
        raise PipelineError(f"{path}: error: the stylesheet does not compile: {exc}") from None
    if executable is None:
        raise PipelineError(f"{path}: error: the stylesheet does not compile")
    return executable


#: Saxon's XML parser (JAXP) counts every predefined entity reference (&lt; &amp; &gt; &quot; &apos;) towards
#: jdk.xml.maxGeneralEntitySizeLimit (100,000 per document) and refuses the document past it: a corpus with many
#: "&" or "<" in its texts would not parse. Character references do not count, and mean the same.
_PREDEFINED = ((b"&lt;", b"&#60;"), (b"&gt;", b"&#62;"), (b"&amp;", b"&#38;"), (b"&quot;", b"&#34;"),
               (b"&apos;", b"&#39;"))


def without_entity_refs(xml: bytes) -> bytes:
    """Serialised XML (from lxml or Saxon: no CDATA sections) with the predefined entity references written as
    character references, so that Saxon's parser has no entity to count."""
    if b"&" in xml:
        for ref, char in _PREDEFINED:
            xml = xml.replace(ref, char)
    return xml


def make_value(value):
    """A Python bool/int/str as a typed XDM value for ``xsl:param ... as="xs:…"``."""
    p = processor()
    if isinstance(value, bool):
        return p.make_boolean_value(value)
    if isinstance(value, int):
        return p.make_integer_value(value)
    return p.make_string_value(str(value))


def _rule(rule: str) -> str:
    return f" [{rule}]" if rule else ""


@contextlib.contextmanager
def _saxon_errors(message: str, rule: str = ""):
    """What Saxon raises inside (saxonche's PySaxonApiError) as a one-line PipelineError: ``message``, then Saxon's
    words and ``rule``."""
    try:
        yield
    except Exception as exc:
        raise PipelineError(f"{message}: {exc}{_rule(rule)}") from None


def parse_checked(root, label: str, rule: str = ""):
    """A safely parsed tree (lxml's ``root``) as a Saxon tree, handed over serialised; PipelineError naming
    ``label`` (and ``rule``) on failure."""
    from lxml import etree

    with _saxon_errors(f"{label}: error: Saxon cannot read the XML", rule):
        return processor().parse_xml(xml_text=without_entity_refs(etree.tostring(root, encoding="utf-8")).decode())


def parse_file(path: str, label: str, rule: str = ""):
    """A file the pipeline wrote itself (no DOCTYPE, well-formed) as a Saxon tree, read by Saxon from disk;
    PipelineError naming ``label`` (and ``rule``) on failure."""
    with _saxon_errors(f"{label}: error: Saxon cannot read the XML", rule):
        # absolute: Saxon resolves a relative name against the folder the process was in when Saxon started
        return processor().parse_xml(xml_file_name=str(Path(path).absolute()))


def _with_params(name: str, params: dict | None):
    """The compiled stylesheet ``name`` with ``params`` (and no other) set."""
    executable = compiled(name)
    executable.clear_parameters()
    for key, value in (params or {}).items():
        executable.set_parameter(key, make_value(value))
    return executable


def transform_to_file(name: str, node, target: str, label: str, params: dict | None = None, rule: str = "") -> None:
    """Run stylesheet ``name`` on a tree and let Saxon write the result to ``target`` (ending with a newline):
    a large page never becomes a Python string."""
    executable = _with_params(name, params)
    with _saxon_errors(f"{label}: error: {name} failed", rule):
        executable.transform_to_file(xdm_node=node, output_file=str(Path(target).absolute()))
    end_with_newline(target, label, name, rule)


def end_with_newline(target: str | Path, label: str, name: str, rule: str = "") -> None:
    """Make a file Saxon wrote (``name``: the stylesheet) end with a newline; PipelineError when it is empty."""
    with open(target, "rb+") as fh:
        if fh.seek(0, 2) == 0:
            raise PipelineError(f"{label}: error: {name} produced no output{_rule(rule)}")
        fh.seek(-1, 2)
        if fh.read(1) != b"\n":
            fh.write(b"\n")


def transform_tree(name: str, node, label: str, params: dict | None = None, rule: str = "") -> str:
    """Run stylesheet ``name`` on a tree from :func:`parse_checked`; the serialised result ("" when none)."""
    executable = _with_params(name, params)
    with _saxon_errors(f"{label}: error: {name} failed", rule):
        return executable.transform_to_string(xdm_node=node) or ""


@contextlib.contextmanager
def workers(jobs: int = 1, mapper=None):
    """A map for a stage's per-document work, ``run(fn, items)`` (results in order): an engine's ``mapper`` when
    given (pipeline/engines.py), else a pool of ``jobs`` worker processes kept for the whole stage (each compiles a
    stylesheet once, whichever step needs it), else this process. Workers are forked while this process has not
    started Saxon (so, with jobs > 1, the stages never start it here), spawned once it has: a forked copy of a
    running Saxon is not safe."""
    if mapper is not None:
        yield lambda fn, items: list(mapper(fn, items))
    elif jobs <= 1:
        yield lambda fn, items: [fn(item) for item in items]
    else:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() and not processor.cache_info().currsize \
            else "spawn"
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method)) as pool:
            yield lambda fn, items: list(pool.map(fn, items, chunksize=max(1, min(8, len(items) // (4 * jobs)))))
