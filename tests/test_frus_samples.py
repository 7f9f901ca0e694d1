"""The encoder on real FRUS documents, compared with the Office of the Historian's own TEI (gold).

For each sample: the notes (number and the word each follows), the page breaks (number and the words around them),
the dateline's date, and the speaker labels of memoranda and telephone conversations (FRUS writes them as
``<p>President: …</p>``; we write ``sp``: every such gold paragraph must be one of our turns, as
../shared/tools/score_samples.py counts them: a line-up of views after a dash, ``—Clark Clifford: …``, is not a turn). Skipped when
../shared (beside the repository) is absent. ``python tests/test_frus_samples.py`` prints the agreement figures."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from pipeline.encode import encode_text
from pipeline.encode.names.registry import load_registry
from shared import FRUS_SAMPLES, SKIP_REASON

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = FRUS_SAMPLES
TEXTS = sorted((SAMPLES / "text").glob("*.txt")) if SAMPLES.is_dir() else []
LABEL = re.compile(r"^((?:[A-Z][\w.’'-]*\s){0,3}[A-Z][\w.’'-]*):\s+(?=\S)")
WORD = re.compile(r"\w+")

pytestmark = pytest.mark.skipif(not TEXTS, reason=SKIP_REASON)


def local(el) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def gold_of(text_path: Path) -> Path:
    """frus-v07-d104.txt → gold/frus1964-68v07_d104.xml."""
    vol, doc = re.fullmatch(r"frus-(v\d+)-(d\d+)", text_path.stem).groups()
    return SAMPLES / "gold" / f"frus1964-68{vol}_{doc}.xml"


def stream(el, out=None) -> list[tuple[str, str]]:
    """The element's content in reading order as ('w', word), ('note', n), ('pb', n); note texts skipped."""
    out = [] if out is None else out
    out.extend(("w", w) for w in WORD.findall(el.text or ""))
    for child in el:
        name = local(child)
        if name in ("note", "pb"):
            out.append((name, child.get("n")))
        elif name:
            stream(child, out)
        out.extend(("w", w) for w in WORD.findall(child.tail or ""))
    return out


def anchors(div) -> dict[str, list[tuple]]:
    """{'note': [(n, word before)], 'pb': [(n, word before, word after)]} in reading order."""
    items = stream(div)
    out: dict[str, list[tuple]] = {"note": [], "pb": []}
    for i, (kind, value) in enumerate(items):
        if kind == "w":
            continue
        before = next((v for k, v in reversed(items[:i]) if k == "w"), "")
        after = next((v for k, v in items[i + 1:] if k == "w"), "")
        out[kind].append((value, before) if kind == "note" else (value, before, after))
    return out


def plain(el) -> str:
    return " ".join("".join(el.xpath(".//text()[not(ancestor::*[local-name()='note'])]")).split())


def gold_turns(div) -> list[tuple[str, str]]:
    """(label, first five words of the speech) of each gold paragraph that opens with a speaker label."""
    out = []
    for p in div.iter("{*}p"):
        m = LABEL.match(plain(p))
        if m:
            out.append((m.group(1), " ".join(WORD.findall(plain(p)[m.end():])[:5])))
    return out


def gold_speaker_ids(div) -> list[tuple[str, str, str]]:
    """(label, first words, person id of the label's persName or the label itself) for each gold labelled p."""
    out = []
    for p in div.iter("{*}p"):
        m = LABEL.match(plain(p))
        if m:
            ref = p.xpath("string(.//*[local-name()='persName'][1]/@corresp)")
            name = p.xpath("string(.//*[local-name()='persName'][1])")
            ident = ref if ref and name and name in m.group(1) else m.group(1)
            out.append((m.group(1), " ".join(WORD.findall(plain(p)[m.end():])[:5]), ident))
    return out


def speaker_agreement(ours_div, gold_div) -> tuple[int, int]:
    """Turns whose speaker identity agrees: each gold identity maps to one of our @who and back (the pairing
    most turns support); (agreeing, gold turns)."""
    ours = {}
    for sp in ours_div.iter("{*}sp"):
        speech = [c for c in sp if local(c) != "speaker"]
        k = (speaker_label(sp), " ".join(WORD.findall(plain(speech[0]) if speech else "")[:5]))
        ours.setdefault(k, []).append(sp.get("who"))
    pairs = Counter()
    for label, words, ident in gold_speaker_ids(gold_div):
        whos = ours.get((label, words))
        if whos:
            pairs[(ident, whos.pop(0))] += 1
    best_for_gold: dict[str, tuple[str, int]] = {}
    for (ident, who), n in pairs.most_common():
        best_for_gold.setdefault(ident, (who, n))
    taken: dict[str, str] = {}
    agree = 0
    for ident, (who, n) in sorted(best_for_gold.items(), key=lambda x: -x[1][1]):
        if who not in taken:
            taken[who] = ident
            agree += n
    return agree, len(gold_speaker_ids(gold_div))


def speaker_label(sp) -> str:
    """Our label as the gold's LABEL gives it: without a leading dash and the colon that ends it as written."""
    return plain(sp.find("{*}speaker")).lstrip("—– ").removesuffix(":").rstrip()


def our_turns(div) -> list[tuple[str, str]]:
    out = []
    for sp in div.iter("{*}sp"):
        speech = [c for c in sp if local(c) != "speaker"]
        first = plain(speech[0]) if speech else ""
        out.append((speaker_label(sp), " ".join(WORD.findall(first)[:5])))
    return out


def dateline_when(div) -> str:
    date = div.find("{*}dateline//{*}date")
    if date is None:
        return ""
    return date.get("when") or (date.get("from") or "")[:10]


_REGISTRY = None


def encode_sample(path: Path):
    global _REGISTRY
    _REGISTRY = _REGISTRY or load_registry(ROOT / "registry" / "persons.toml")
    res = encode_text(path.read_text(encoding="utf-8"), path.stem, registry=_REGISTRY)
    div = etree.fromstring(res.xml).find(".//{*}body/{*}div")
    return div, res.diagnostics


def compare(path: Path) -> dict[str, tuple[int, int]]:
    """{aspect: (agreeing, gold total)} for one sample."""
    ours, _ = encode_sample(path)
    gold = etree.parse(str(gold_of(path))).getroot()
    a, g = anchors(ours), anchors(gold)
    figures = {}
    for kind in ("note", "pb"):
        figures[kind] = (sum((Counter(a[kind]) & Counter(g[kind])).values()), len(g[kind]))
    figures["date"] = (int(dateline_when(ours) == dateline_when(gold)), 1)
    gt = gold_turns(gold)
    figures["turns"] = (sum((Counter(our_turns(ours)) & Counter(gt)).values()), len(gt))
    figures["speakers"] = speaker_agreement(ours, gold)
    return figures


def differences(path: Path) -> list[str]:
    ours, _ = encode_sample(path)
    gold = etree.parse(str(gold_of(path))).getroot()
    a, g = anchors(ours), anchors(gold)
    out = []
    for kind in ("note", "pb"):
        for x in Counter(g[kind]) - Counter(a[kind]):
            out.append(f"{kind} gold {x} ours {[y for y in a[kind] if y[0] == x[0]]}")
    if dateline_when(ours) != dateline_when(gold):
        out.append(f"date gold {dateline_when(gold)!r} ours {dateline_when(ours)!r}")
    for x in Counter(gold_turns(gold)) - Counter(our_turns(ours)):
        out.append(f"turn gold {x}")
    for x in Counter(our_turns(ours)) - Counter(gold_turns(gold)):
        out.append(f"turn ours only {x}")
    agree, total = speaker_agreement(ours, gold)
    if agree != total:
        out.append(f"speakers: {agree}/{total} turns name the same person as the gold")
    return out


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_sample_agrees_with_the_gold(path):
    assert differences(path) == []


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_sample_encodes_without_warnings_about_notes(path):
    _, diags = encode_sample(path)
    assert [d for d in diags if d.rule.startswith("note")] == []


def totals() -> dict[str, tuple[int, int]]:
    out: dict[str, list[int]] = {}
    for path in TEXTS:
        for k, (agree, total) in compare(path).items():
            out.setdefault(k, [0, 0])
            out[k][0] += agree
            out[k][1] += total
    return {k: tuple(v) for k, v in out.items()}


if __name__ == "__main__":
    for path in TEXTS:
        print(path.stem, compare(path))
        for line in differences(path):
            print("   ", line)
    print("total", {k: f"{a}/{t}" for k, (a, t) in totals().items()})
