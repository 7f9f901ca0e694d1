"""The benchmark's corpus generator (scripts/synth.py): deterministic, varied, and its documents encode.

No timing here: `make bench` measures, tests only check the generator."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

from pipeline.encode import encode_text
from pipeline.encode.names.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("synth", ROOT / "scripts" / "synth.py")
synth = sys.modules.setdefault("synth", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(synth)

SEEDS_ONLY = (ROOT / "seeds",)


def test_same_seed_same_bytes_other_seed_other_corpus(tmp_path):
    first = synth.write_corpus(tmp_path / "a", 12, seed=3)
    again = synth.write_corpus(tmp_path / "b", 12, seed=3)
    other = synth.write_corpus(tmp_path / "c", 12, seed=4)
    assert [p.name for p in first] == [p.name for p in again]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, again))
    assert [p.name for p in first] != [p.name for p in other]
    assert len(first) == 12 and len({p.name[6:] for p in first}) == 12  # no two documents alike


def test_rewriting_a_corpus_leaves_unchanged_files_alone(tmp_path):
    paths = synth.write_corpus(tmp_path, 5, seed=1)
    stamps = [p.stat().st_mtime_ns for p in paths]
    (tmp_path / "stray.txt").write_text("old")
    assert synth.write_corpus(tmp_path, 5, seed=1) == paths
    assert [p.stat().st_mtime_ns for p in paths] == stamps
    assert not (tmp_path / "stray.txt").exists()


def test_dates_shift_in_every_written_form():
    text = "On October 15, 1968 and 16 December 1966 (1968-10-02); not 31 February 1968 or 16 March."
    assert synth.shift_dates(text, 20) == ("On November 4, 1968 and 5 January 1967 (1968-10-22); "
                                           "not 31 February 1968 or 16 March.")


def test_names_are_renamed_consistently_and_whole_words_only():
    text = "Thuy met Xuân Thùy and Le Duc Tho; Tho spoke. Thursday, Thuyen."
    mapping = synth.name_mapping(text, random.Random(1))
    assert set(mapping) == {"Thuy", "Xuân Thùy", "Le Duc Tho", "Tho"}
    out = synth.rename(text, mapping)
    assert out.count(mapping["Thuy"]) == 1 and out.count(mapping["Tho"]) >= 1
    assert "Thursday, Thuyen." in out and len(mapping["Le Duc Tho"].split()) == 2


def test_lines_with_note_markers_and_notes_survive_variation():
    line = "We said the speech was important to the talks and we would make one available. " * 2
    text = "\n".join(["45. Telegram 1", "", "x", *[line.strip()] * 20, "They left.2", "  1. Source: x.",
                      "  2. See Document 40."])
    for seed in range(5):
        out = synth.vary_lines(text, random.Random(seed)).split("\n")
        assert "They left.2" in out and out[0] == "45. Telegram 1"
        assert sum(1 for line in out if synth.NOTE_LINE.match(line)) == 2


def test_synthetic_documents_of_every_template_encode_without_errors():
    templates = synth.load_templates(SEEDS_ONLY + synth.TEMPLATE_DIRS[1:])
    registry = load_registry(ROOT / "registry" / "persons.toml")
    used = set()
    for i in range(3 * len(templates)):
        doc_id, text, sidecar = synth.synth_document(templates, 7, i)
        used.add(text.split("\n", 1)[0][:20])
        result = encode_text(text, doc_id, registry=registry)
        assert result.xml.startswith(b"<?xml") and f'xml:id="d{doc_id}"'.encode() in result.xml
        assert not [d for d in result.diagnostics if d.severity == "error"]
    assert len(used) >= 4  # several kinds of source, not one template


def test_templates_in_turn_give_each_template_equally_often(tmp_path):
    templates = [synth.Template("a", "Alpha memorandum.\nIt was agreed.\nTalks go on.\n", None),
                 synth.Template("b", "Beta telegram.\n", None),
                 synth.Template("c", "Gamma record.\n", None)]
    texts = [synth.synth_document(templates, 0, i, in_turn=True)[1] for i in range(9)]
    assert [t.split()[0] for t in texts] == ["Alpha", "Beta", "Gamma"] * 3
    drawn = [synth.synth_document(templates, 0, i)[1].split()[0] for i in range(30)]
    assert set(drawn) == {"Alpha", "Beta", "Gamma"}  # drawn at random otherwise, every template met
    paths = synth.write_corpus(tmp_path, 6, seed=0, templates=templates, in_turn=True)
    assert [p.read_text().split()[0] for p in paths] == ["Alpha", "Beta", "Gamma"] * 2
    assert texts[0] == texts[3] == "Alpha memorandum.\nIt was agreed.\nTalks go on.\n"  # lines as they are


def _bench_module():
    spec = importlib.util.spec_from_file_location("bench_for_tests", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return module


def test_bench_runs_two_corpora_alternately_and_keeps_each_ones_fastest_run(tmp_path, monkeypatch):
    """The warm-CPU slope compares two corpora: their runs alternate stage by stage (a slow minute falls on both),
    and each row holds the fastest of its runs. Commands are recorded, not run."""
    bench = _bench_module()
    calls = []
    walls = iter([5.0, 2.0, 4.0, 1.0, 3.0, 6.0] * 20)

    def fake_measure(cmd, log=None, **kw):
        calls.append((cmd[1], cmd[cmd.index("-o") + 1] if "-o" in cmd else cmd[-1]))
        wall = next(walls)
        return {"wall_s": wall, "cpu_s": wall * 2, "peak_tree_rss_mib": 1.0, "max_process_rss_mib": 1.0, "exit": 0}

    monkeypatch.setattr(bench, "measure", fake_measure)
    monkeypatch.setattr(bench, "tei_files", lambda work: [str(work / "tei" / "a.xml")])
    works = {100: tmp_path / "small", 500: tmp_path / "large"}
    rows = bench.run_stages_alternately({100: [Path("s.txt")], 500: [Path("l.txt")]}, works, 1, repeat=3)
    encode_calls = [out for stage, out in calls if stage == "encode"]
    assert encode_calls == [str(works[100] / "tei"), str(works[500] / "tei")] * 3  # a, b, a, b, a, b
    assert [c[0] for c in calls[:6]] == ["encode"] * 6 and calls[6][0] == "validate"  # stage by stage
    assert rows[100][0]["wall_s"] == 3.0 and rows[500][0]["wall_s"] == 1.0  # 5, 4, 3 and 2, 1, 6
    assert rows[100][0]["cpu_s"] == 6.0 and rows[100][0]["runs"] == 3
    assert [r["stage"] for r in rows[500]][-1] == "end-to-end"
    assert rows[500][-1]["cpu_s"] == round(sum(r["cpu_s"] for r in rows[500][:-1]), 3)
