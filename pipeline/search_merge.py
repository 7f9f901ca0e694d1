"""The batches' Pagefind bundles made into one bundle, so that a word costs one index chunk, not one per batch.

Pagefind holds 10-15 times the HTML it indexes, so a large edition is indexed in batches (pipeline/search.py), each
its own bundle. A browser searching N bundles loads an index chunk (about 22 KB) of every bundle for each word of a
query: 12 bundles at 10,000 documents made a phrase of three words cost 1.4 MB (docs/bench.md, issue 23). Merged,
a word's chunk holds its places in every page, as Pagefind makes it for an edition indexed at once.

Pagefind 1.5 writes its files as gzip of b"pagefind_dcd" + CBOR. The metadata and the filters are small and decoded
whole. The word chunks are read word by word in sorted order from every bundle at once (a few chunks in memory): a
word's entry per page is copied as bytes and only its page number (coded as the difference to the previous page's)
is renumbered, so the merge does not decode the 30 million locations of 10,000 documents. The pages' fragments are
linked, not copied. A bundle of another format raises Unmergeable (search.py then keeps the bundles apart).
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import itertools
import json
import os
import re
import shutil
from pathlib import Path

from .fsutil import write_atomic

SIGNATURE = b"pagefind_dcd"
#: the uncompressed bytes of a word chunk (Pagefind's own: 20,000 locations, about 45 KB). At 10,000 documents this
#: gives 1,464 chunks (about 10 KB as gzip; a word alone may be larger: "the" 280 KB): against 45,000, 7 KB more of
#: metadata and 30-60 KB less a query (docs/bench.md, issue 23)
CHUNK_BYTES = 20_000
_INT = rb"(?:[\x00-\x17\x20-\x37]|[\x18\x38][\x00-\xff]|[\x19\x39][\x00-\xff]{2}|[\x1a\x3a][\x00-\xff]{4})"
_ARRAY = rb"(?:[\x80-\x97]|\x98[\x00-\xff]|\x99[\x00-\xff]{2}|\x9a[\x00-\xff]{4})"
#: a word's entry for one page: [page number (minus the previous entry's), [locations], [locations in metadata]]
_ENTRY = rb"\x83(" + _INT + rb")" + _ARRAY + _INT + rb"*" + _ARRAY + _INT + rb"*"
_ENTRIES = re.compile(rb"(?:" + _ENTRY + rb")*")
_ENTRY_DELTA = re.compile(_ENTRY)
_ENTRY_META = re.compile(rb"\x83" + _INT + _ARRAY + _INT + rb"*(" + _ARRAY + _INT + rb"*)")


class Unmergeable(Exception):
    """A bundle this module does not know how to read (another Pagefind format)."""


def _head(data: bytes, i: int) -> tuple[int, int, int]:
    """CBOR item head at ``i``: (major type, argument, where its content starts)."""
    major, info = data[i] >> 5, data[i] & 31
    if info < 24:
        return major, info, i + 1
    if info > 26:
        raise Unmergeable(f"CBOR head {data[i]:#x}")
    width = 1 << (info - 24)
    return major, int.from_bytes(data[i + 1:i + 1 + width], "big"), i + 1 + width


def _decode(data: bytes, i: int = 0):
    """(value, end): the CBOR integers, strings and arrays Pagefind writes."""
    major, arg, i = _head(data, i)
    if major in (0, 1):
        return (arg if major == 0 else -1 - arg), i
    if major == 3:
        return data[i:i + arg].decode("utf-8"), i + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    raise Unmergeable(f"CBOR major type {major}")


def _head_bytes(major: int, arg: int) -> bytes:
    if arg < 24:
        return bytes([major << 5 | arg])
    for info, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if arg < 1 << (8 * width):
            return bytes([major << 5 | info]) + arg.to_bytes(width, "big")
    raise ValueError(arg)


def _encode(value) -> bytes:
    if isinstance(value, int):
        return _head_bytes(0, value) if value >= 0 else _head_bytes(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head_bytes(3, len(raw)) + raw
    return _head_bytes(4, len(value)) + b"".join(map(_encode, value))


def _read(path: Path):
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise Unmergeable(f"{path}: not a Pagefind file")
    return data


def _name(language: str, data: bytes, taken: set[str], length: int = 7) -> str:
    """A file name from the content's hash, longer while it is taken (as Pagefind names its files)."""
    digest = hashlib.sha256(data).hexdigest()
    while f"{language}_{digest[:length]}" in taken:
        length += 1
    taken.add(f"{language}_{digest[:length]}")
    return f"{language}_{digest[:length]}"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, gzip.compress(SIGNATURE + data, 6, mtime=0), durable=False)


def _postings(data: bytes, i: int, fields: dict[int, int]):
    """((entries, first page, last page, the entries' bytes), end) of a list of a word's entries per page; the
    entries' places in the page's metadata name their field by a marker (-1 - the field's number), renumbered by
    ``fields`` when the bundle numbers its fields otherwise than the merged bundle."""
    major, count, i = _head(data, i)
    end = _ENTRIES.match(data, i).end()
    deltas = _ENTRY_DELTA.findall(data, i, end)
    if major != 4 or len(deltas) != count:
        raise Unmergeable("a word's pages are not as Pagefind 1.5 writes them")
    pages = [d[0] if len(d) == 1 else int.from_bytes(d[1:], "big") for d in deltas] or [0]  # none: only variants
    raw = data[i:end]
    if fields:
        raw = b"".join(raw[m.start():m.start(1)] + _encode([fields.get(n, n) for n in _decode(raw, m.start(1))[0]])
                       for m in _ENTRY_META.finditer(raw))
    return (count, pages[0], sum(pages), raw), end


def _words(bundle: Path, chunks: list, offset: int, fields: dict[int, int]):
    """(word, offset, postings, [(variant, postings)]) of a bundle's chunks, in the chunks' (sorted) order;
    ``offset`` is the number of the bundle's first page in the merged bundle (it orders a word's bundles too)."""
    for _, _, chunk in chunks:
        data = _read(bundle / "index" / f"{chunk}.pf_index")
        major, one, i = _head(data, len(SIGNATURE))
        major2, count, i = _head(data, i)
        if (major, one, major2) != (4, 1, 4):
            raise Unmergeable(f"{chunk}: not a word chunk of Pagefind 1.5")
        for _ in range(count):
            if data[i] != 0x83:
                raise Unmergeable(f"{chunk}: a word is not [word, pages, variants]")
            word, i = _decode(data, i + 1)
            postings, i = _postings(data, i, fields)
            _, n_variants, i = _head(data, i)
            variants = []
            for _ in range(n_variants):
                if data[i] != 0x82:
                    raise Unmergeable(f"{chunk}: a variant is not [word, pages]")
                variant, i = _decode(data, i + 1)
                variant_postings, i = _postings(data, i, fields)
                variants.append((variant, variant_postings))
            yield word, offset, postings, variants


def _joined(parts: list) -> bytes:
    """One list of entries from (page offset, postings) of the bundles in order: each bundle's first entry is
    renumbered from the previous bundle's last page."""
    out, total, previous = [], 0, 0
    for offset, (count, first, last, raw) in filter(lambda part: part[1][0], parts):
        width = 1 if raw[1] < 24 else 1 + (1 << (raw[1] - 24))  # the first entry's page number (unsigned)
        out.append(b"\x83" + _head_bytes(0, offset + first - previous) + raw[1 + width:])
        previous, total = offset + last, total + count
    return _head_bytes(4, total) + b"".join(out)


def _prefixes(a: str, b: str) -> tuple[str, str]:
    """Pagefind's chunk bounds: the shortest prefixes of the last word of a chunk and the first of the next that
    differ."""
    common = len(os.path.commonprefix([a, b]))
    return a[:common + 1], b[:common + 1]


def link_or_copy(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (no bytes written twice), or a copy where links are refused."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def clear_bundle(out: Path) -> None:
    """Remove a published bundle's files and folders, not its dot-files (search.py keeps the batches there)."""
    for item in out.iterdir() if out.is_dir() else ():
        if not item.name.startswith("."):
            shutil.rmtree(item) if item.is_dir() else item.unlink()


def merge_bundles(bundles: list[Path], out: Path) -> int:
    """Write into ``out`` (cleared: clear_bundle) one Pagefind bundle of the ``bundles`` (Pagefind 1.5, one language
    each, the same), their fragments linked; return the number of pages. Sorts (data-pagefind-sort) are left out:
    the bundles' orders cannot be merged without the values, which Pagefind does not keep; search.js ranks by
    relevance."""
    entries = [json.loads((b / "pagefind-entry.json").read_text(encoding="utf-8")) for b in bundles]
    languages = {lang for e in entries for lang in e["languages"]}
    if len(languages) != 1 or any(not e["version"].startswith("1.5.") for e in entries):
        raise Unmergeable("not one language of Pagefind 1.5")
    language = languages.pop()
    metas = []
    for bundle, entry in zip(bundles, entries):
        meta, _ = _decode(_read(bundle / f"pagefind.{entry['languages'][language]['hash']}.pf_meta"), len(SIGNATURE))
        if len(meta) != 6:
            raise Unmergeable("metadata not as Pagefind 1.5 writes it")
        metas.append(meta)
    # the metadata fields (data-pagefind-meta) the pages have: a bundle of register pages has a title, no date
    fields = list(max((m[5] for m in metas), key=len))
    fields += sorted({f for m in metas for f in m[5]} - set(fields))
    renumbered = [{} if m[5] == fields else {-1 - n: -1 - fields.index(f) for n, f in enumerate(m[5])}
                  for m in metas]
    clear_bundle(out)
    (out / "fragment").mkdir(parents=True)
    for item in bundles[0].iterdir():  # Pagefind's scripts, wasm and styles
        if item.is_file() and not item.name.startswith(".") and item.suffix in (".js", ".css", ".pagefind"):
            shutil.copyfile(item, out / item.name)
    taken: set[str] = set()
    pages, offsets = [], []
    for bundle, meta in zip(bundles, metas):
        offsets.append(len(pages))
        for fragment, word_count in meta[1]:
            name = fragment
            for n in itertools.count(1):
                if name not in taken:
                    break
                name = f"{fragment}-{n}"  # the same hash in two bundles (7 hex digits: likely at 10,000 pages)
            taken.add(name)
            link_or_copy(bundle / "fragment" / f"{fragment}.pf_fragment", out / "fragment" / f"{name}.pf_fragment")
            pages.append([name, word_count])

    chunks, words, size = [], [], 0

    def flush():
        nonlocal words, size
        data = _head_bytes(4, 1) + _head_bytes(4, len(words)) + b"".join(w for _, w in words)
        name = _name(language, data, taken)
        _write(out / "index" / f"{name}.pf_index", data)
        chunks.append([words[0][0], words[-1][0], name])
        words, size = [], 0

    streams = [_words(bundle, meta[2], offset, renumber)
               for bundle, meta, offset, renumber in zip(bundles, metas, offsets, renumbered)]
    for word, group in itertools.groupby(heapq.merge(*streams), key=lambda w: w[0]):
        group = list(group)
        variants: dict[str, list] = {}
        for _, offset, _, bundle_variants in group:
            for variant, postings in bundle_variants:
                variants.setdefault(variant, []).append((offset, postings))
        entry = (b"\x83" + _encode(word) + _joined([(offset, postings) for _, offset, postings, _ in group])
                 + _head_bytes(4, len(variants))
                 + b"".join(b"\x82" + _encode(v) + _joined(parts) for v, parts in variants.items()))
        words.append((word, entry))
        size += len(entry)
        if size >= CHUNK_BYTES:
            flush()
    if words:
        flush()
    for before, after in zip(chunks, chunks[1:]):
        before[1], after[0] = _prefixes(before[1], after[0])

    values: dict[str, dict[str, list[int]]] = {}
    for bundle, meta, offset in zip(bundles, metas, offsets):
        for name, chunk in meta[3]:
            (filter_name, filter_values), _ = _decode(_read(bundle / "filter" / f"{chunk}.pf_filter"), len(SIGNATURE))
            for value, numbers in filter_values:
                values.setdefault(filter_name, {}).setdefault(value, []).extend(n + offset for n in numbers)
    filters = []
    for filter_name, by_value in values.items():
        data = _encode([filter_name, [[v, by_value[v]] for v in sorted(by_value)]])
        name = _name(language, data, taken)
        _write(out / "filter" / f"{name}.pf_filter", data)
        filters.append([filter_name, name])

    meta_data = _encode([metas[0][0], pages, chunks, filters, [], fields])
    meta_hash = f"{language}_{hashlib.sha256(meta_data).hexdigest()[:10]}"
    _write(out / f"pagefind.{meta_hash}.pf_meta", meta_data)
    entry = dict(entries[0], languages={language: dict(entries[0]["languages"][language], hash=meta_hash,
                                                        page_count=len(pages))})
    write_atomic(out / "pagefind-entry.json", json.dumps(entry, ensure_ascii=False), durable=False)
    write_atomic(out / "filters.json", json.dumps({f: sorted(v) for f, v in sorted(values.items())},
                                                  ensure_ascii=False) + "\n", durable=False)
    return len(pages)
