"""`make bench`: speed and scaling of the pipeline on synthetic corpora, with the floors it is measured against.

For each corpus size (synthetic sources from scripts/synth.py, in build/bench/corpus-N/) and each --jobs value, runs
the stage commands one after the other, as `make` does (encode, validate, html, text; all forced), and records
per stage: wall time, documents per second, CPU time of the whole process tree, and peak memory (the sum of the
resident sets of the process tree, sampled every 50 ms, and the largest single process). Then the floors on the
same TEI files: lxml parsing and serialising them, and jing with tei_all.rng. Then `make` in a scratch copy of
the project: from scratch, with nothing changed, and after touching one source. Finally the marginal CPU per
document once warm (the slope between the two largest sizes) as a ratio to the lxml floor.

Prints a table; writes build/bench/bench.json. Wall times depend on what else the machine runs (the load average
is recorded); CPU times much less so.

Example:
    .venv/bin/python scripts/bench.py --sizes 100,1000 --jobs 1,2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PIPELINE = BIN / "pipeline"
BENCH_DIR = ROOT / "build" / "bench"
STAGES = ("encode", "validate", "html", "text documents", "text corpus")
PAGE = os.sysconf("SC_PAGE_SIZE")
MIB = 1024 * 1024
TARGETS = {"e2e_1000_jobs2_s": 20.0, "e2e_10000_jobs2_s": 200.0, "peak_rss_mib": 1024.0, "validate_vs_jing": 1.5,
           "tei_all_layer_vs_jing": 1.5, "make_noop_s": 0.5, "make_touch_s": 3.0, "warm_cpu_ms_per_doc": 25.0}
#: validate_vs_jing: our whole validation (tei_all, the project schema, Schematron; --jobs 2) against jing on tei_all
#: alone; tei_all_layer_vs_jing: the same work as jing (validate --layer tei_all, one thread), the like-for-like figure.


# --- measuring one command -------------------------------------------------------------------------------------------

def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> tuple[int, int]:
    """Bytes resident now in ``pid`` and all its descendants together, and in the largest of them."""
    tree, todo, total, largest = _children(), [pid], 0, 0
    while todo:
        p = todo.pop()
        todo += tree.get(p, [])
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                rss = int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        total += rss
        largest = max(largest, rss)
    return total, largest


TIMEOUT = [0.0]  # seconds a command may run (0: no limit); set by --timeout


def measure(cmd: list[str], cwd: Path = ROOT, log: Path | None = None, interval: float = 0.05) -> dict:
    """Run ``cmd``; its wall time, CPU time (user+system of it and every descendant it waited for), peak RSS of the
    process tree and of its largest single process (both sampled every ``interval`` seconds: wait4's ru_maxrss is
    not used, as Linux counts in it the bench's own memory, copied into the child before it execs the command), and
    exit status ("timeout" when stopped)."""
    out = open(log, "wb") if log else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    peak, largest, timed_out = 0, 0, False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        total, one = tree_rss(proc.pid)
        peak, largest = max(peak, total), max(largest, one)
        if TIMEOUT[0] and not timed_out and time.perf_counter() - start > TIMEOUT[0]:
            os.killpg(proc.pid, 9)  # the command's own process group (start_new_session), nothing else
            timed_out = True
        time.sleep(interval)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if log:
        out.close()
    return {"wall_s": round(wall, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
            "peak_tree_rss_mib": round(peak / MIB, 1), "max_process_rss_mib": round(largest / MIB, 1),
            "exit": "timeout" if timed_out else proc.returncode}




def best_of(cmd: list[str], repeat: int, **kw) -> dict:
    """:func:`measure` ``repeat`` times; the fastest run (its own figures) and how many runs were made. The machine
    is shared and its speed drifts by a third from minute to minute; the fastest run is the least disturbed."""
    runs = [measure(cmd, **kw) for _ in range(max(1, repeat))]
    return {**min(runs, key=lambda r: r["wall_s"]), "runs": len(runs)}


# --- the stages ------------------------------------------------------------------------------------------------------

def stage_commands(sources: list[Path], work: Path, jobs: int) -> dict[str, list[str]]:
    """The commands `make` runs, forced, writing into ``work`` (tei/, validation.txt, html/, text/); the text stage
    split in two: one output per document, then turns.tsv, which `make` rebuilds whenever any document changed.
    The HTML stage is one, as make runs it: a page shows its neighbours in date order, which only the corpus gives, so pages made alone
    (``--pages documents``) are made again by the corpus pages; a whole build makes each page once."""
    tei = work / "tei"
    j = ["--jobs", str(jobs)]
    return {
        "encode": [str(PIPELINE), "encode", "--quiet", "--force", *j, *map(str, sources), "-o", str(tei)],
        "validate": [str(PIPELINE), "validate", "--quiet", *j, "--report", str(work / "validation.txt")],
        "html": [str(PIPELINE), "html", "--quiet", "--force", *j, "-o", str(work / "html")],
        "text documents": [str(PIPELINE), "text", "--quiet", "--force", "--pages", "documents", *j,
                           "-o", str(work / "text")],
        "text corpus": [str(PIPELINE), "text", "--quiet", "--pages", "corpus", *j, "-o", str(work / "text")],
    }


def tei_files(work: Path) -> list[str]:
    return sorted(map(str, (work / "tei").glob("*.xml")))


def run_stages(sources: list[Path], work: Path, jobs: int, repeat: int = 1) -> list[dict]:
    """Every stage (the fastest of ``repeat`` runs of it), from an empty ``work`` folder; one row per stage and one
    for the whole run (their sum)."""
    return run_stages_alternately({0: sources}, {0: work}, jobs, repeat)[0]


def run_stages_alternately(corpora: dict, works: dict, jobs: int, repeat: int = 1) -> dict:
    """:func:`run_stages` on several corpora at once ({key: sources}, each into its own folder of ``works``): stage
    by stage, and for each stage its runs alternate between the corpora (a, b, a, b…), so that a slower minute of
    the machine falls on every corpus alike and differences between them (slopes) are not skewed by it. The
    figures of each row are those of the fastest of its ``repeat`` runs. {key: rows}."""
    for work in works.values():
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    commands = {key: stage_commands(sources, works[key], jobs) for key, sources in corpora.items()}
    rows: dict = {key: [] for key in corpora}
    for stage in commands[next(iter(corpora))]:
        runs: dict = {key: [] for key in corpora}
        for _ in range(max(1, repeat)):
            for key in corpora:
                cmd = commands[key][stage]
                if stage != "encode":
                    cmd = cmd + tei_files(works[key])  # the TEI (and register) that encode wrote
                if stage == "html":  # the search index from scratch: a repeat finds its pages indexed
                    shutil.rmtree(works[key] / "html" / "pagefind", ignore_errors=True)
                runs[key].append(measure(cmd, log=works[key] / f"{stage}.log"))
        for key in corpora:
            row = {"stage": stage, **min(runs[key], key=lambda r: r["wall_s"]), "runs": len(runs[key])}
            if stage == "validate":
                row["report"] = last_line(works[key] / "validation.txt")
            rows[key].append(row)
    for key, done in rows.items():
        done.append({"stage": "end-to-end", "wall_s": round(sum(r["wall_s"] for r in done), 3),
                     "cpu_s": round(sum(r["cpu_s"] for r in done), 3),
                     "peak_tree_rss_mib": max(r["peak_tree_rss_mib"] for r in done),
                     "max_process_rss_mib": max(r["max_process_rss_mib"] for r in done),
                     "exit": max((r["exit"] for r in done), key=str)})
    return rows


def last_line(path: Path) -> str:
    lines = path.read_text(encoding="utf-8").strip().splitlines() if path.is_file() else []
    return lines[-1] if lines else ""


# --- the floors ------------------------------------------------------------------------------------------------------

def lxml_floor(files: list[str], repeat: int = 1) -> dict:
    """Parse and serialise every file with lxml alone, in this process (the fastest of ``repeat`` runs)."""
    best = None
    for _ in range(max(1, repeat)):
        wall, cpu = time.perf_counter(), time.process_time()
        for f in files:
            etree.tostring(etree.parse(f), encoding="utf-8")
        run = (round(time.perf_counter() - wall, 3), round(time.process_time() - cpu, 3))
        best = run if best is None or run < best else best
    return {"stage": "floor: lxml parse+serialise", "wall_s": best[0], "cpu_s": best[1], "runs": max(1, repeat)}


def jing_floor(files: list[str], work: Path, repeat: int = 1) -> dict:
    from pipeline.validate import jing_command, tei_all_path

    row = best_of([*(jing_command() or ["jing"]), str(tei_all_path()), *files], repeat, log=work / "jing.log")
    return {"stage": "floor: jing tei_all", **row}


def tei_all_layer(files: list[str], work: Path, repeat: int = 1) -> dict:
    """Our validate with the tei_all layer only: the wrapper's cost over jing's."""
    row = best_of([str(PIPELINE), "validate", "--quiet", "--layer", "tei_all", *files], repeat,
                  log=work / "tei_all.log")
    return {"stage": "validate --layer tei_all", **row}


# --- make in a scratch copy ------------------------------------------------------------------------------------------

WRAPPER = """#!/bin/sh
# The pipeline, except that validation errors do not stop make (so html/text stamps can be timed).
"{pipeline}" "$@"; rc=$?
[ "$1" = validate ] && [ $rc = 1 ] && exit 0
exit $rc
"""


def scratch_copy(dest: Path) -> None:
    """The project's tracked and unignored files, as they are in the working tree, copied to ``dest``."""
    names = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           check=True, capture_output=True).stdout.split(b"\0")
    for name in filter(None, names):
        src = ROOT / os.fsdecode(name)
        if src.is_file():
            (dest / os.fsdecode(name)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / os.fsdecode(name))


def make_timings(sources: list[Path] | None, label: str, jobs: int = 2, repeat: int = 1) -> list[dict]:
    """`make` from scratch, with nothing changed, and after touching one source (the fastest of ``repeat`` runs of
    each of the last two), in a scratch copy of the project (its seeds replaced by ``sources`` when given). The venv
    is the project's, never reinstalled (-o)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-make-") as tmp:
        copy = Path(tmp) / "project"
        scratch_copy(copy)
        if sources is not None:
            for old in [*(copy / "seeds").glob("*"), *(copy / "tei").glob("*.xml")]:
                old.unlink()
            for src in sources:
                for f in (src, src.with_suffix(".toml")):
                    if f.is_file():
                        shutil.copy2(f, copy / "seeds" / f.name)
        wrapper = Path(tmp) / "pipeline"
        wrapper.write_text(WRAPPER.format(pipeline=PIPELINE))
        wrapper.chmod(0o755)
        make = ["make", "-s", "-C", str(copy), f"VENV={ROOT / '.venv'}", f"PIPELINE={wrapper}", f"JOBS={jobs}",
                "-o", str(ROOT / ".venv" / ".installed")]
        seeds = sorted((copy / "seeds").glob("*.txt"))
        for what in ("from scratch", "nothing changed", "one source touched"):
            tries = []
            for _ in range(1 if what == "from scratch" else max(1, repeat)):
                if what == "one source touched":
                    time.sleep(0.01)  # a later mtime than the last make's outputs
                    os.utime(seeds[len(seeds) // 2])
                tries.append(measure(make, cwd=copy, log=Path(tmp) / "make.log"))
            row = {**min(tries, key=lambda r: r["wall_s"]), "runs": len(tries)}
            if row["exit"]:
                row["log_tail"] = (Path(tmp) / "make.log").read_text(errors="replace")[-800:]
            rows.append({"corpus": label, "documents": len(seeds), "make": what, **row})
            time.sleep(0.01)  # a touch after this must give a later mtime
    return rows


# --- warm CPU per document -------------------------------------------------------------------------------------------

def warm_cpu(runs: list[dict], floors: list[dict], sizes: list[int], corpus_bytes: dict, seed_bytes: float) -> dict:
    """Marginal CPU per document between the two largest sizes (start-up and compilation cancel out), at --jobs 1,
    scaled to the seeds' mean size, and as a ratio to the lxml floor's marginal cost."""
    fewest = min((r["jobs"] for r in runs), default=1)  # CPU is counted over the whole process tree: any jobs will do
    measured = sorted({r["size"] for r in runs if r["jobs"] == fewest} & set(sizes))
    if len(measured) < 2:
        return {}
    small, large = measured[-2:]

    def cpu(size, stage):
        return next(r["cpu_s"] for r in runs if r["size"] == size and r["jobs"] == fewest and r["stage"] == stage)

    def floor(size, name):  # None: not measured (no jing on the machine)
        return next((r["cpu_s"] for r in floors if r["size"] == size and r["stage"].startswith(name)), None)

    n = large - small
    scale = seed_bytes / ((corpus_bytes[large] - corpus_bytes[small]) / n)
    per_doc = {s: 1000 * (cpu(large, s) - cpu(small, s)) / n for s in (*STAGES, "end-to-end")}
    lxml_ms = 1000 * (floor(large, "floor: lxml") - floor(small, "floor: lxml")) / n
    jing = floor(large, "floor: jing"), floor(small, "floor: jing")
    jing_ms = 1000 * (jing[0] - jing[1]) / n if None not in jing else None
    return {"between_sizes": [small, large], "source_bytes_per_doc": round((corpus_bytes[large] - corpus_bytes[small]) / n),
            "seed_mean_bytes": round(seed_bytes),
            "cpu_ms_per_doc": {k: round(v, 2) for k, v in per_doc.items()},
            "cpu_ms_per_seed_size_doc": {k: round(v * scale, 2) for k, v in per_doc.items()},
            "lxml_floor_ms_per_doc": round(lxml_ms, 3),
            "jing_ms_per_doc": round(jing_ms, 3) if jing_ms is not None else None,
            "ratio_to_lxml_floor": round(per_doc["end-to-end"] / lxml_ms, 1) if lxml_ms > 0 else None}


def seed_like_cpu(out: Path, sizes: list[int], repeat: int = 1) -> dict:
    """Warm CPU per document measured on documents like the seeds: a corpus made from the seeds alone, each seed
    in turn with its own lines (names and dates varied), so the documents' mean size is the seeds', at two sizes,
    --jobs 1; the slope between them (start-up and compilation cancel out), per stage, and the lxml floor's on the
    same TEI. No scaling by size is needed. The two sizes are run alternately (see :func:`run_stages_alternately`).
    """
    if len(sizes) < 2:
        return {}
    small, large = sizes[-2:]
    templates = synth.load_templates((ROOT / "seeds",))
    corpora = {size: synth.write_corpus(out / f"seedlike-{size}", size, 0, templates, in_turn=True)
               for size in (small, large)}
    nbytes = {size: sum(p.stat().st_size for p in sources) for size, sources in corpora.items()}
    works = {size: out / f"seedlike-run-{size}" for size in corpora}
    print(f"warm CPU: {small} and {large} seed-like documents, --jobs 1, runs alternating", file=sys.stderr)
    rows = run_stages_alternately(corpora, works, 1, repeat)
    cpu = {size: {r["stage"]: r["cpu_s"] for r in rows[size]} for size in corpora}
    floor_cpu = {size: lxml_floor(tei_files(works[size]), repeat)["cpu_s"] for size in corpora}
    n = large - small
    per_doc = {k: round(1000 * (cpu[large][k] - cpu[small][k]) / n, 2) for k in cpu[large]}
    lxml_ms = 1000 * (floor_cpu[large] - floor_cpu[small]) / n
    return {"between_sizes": [small, large], "source_bytes_per_doc": round((nbytes[large] - nbytes[small]) / n),
            "seed_mean_bytes": round(sum(len(t.text.encode("utf-8")) for t in templates) / len(templates)),
            "cpu_ms_per_doc": per_doc, "lxml_floor_ms_per_doc": round(lxml_ms, 3),
            "ratio_to_lxml_floor": round(per_doc["end-to-end"] / lxml_ms, 1) if lxml_ms > 0 else None}


# --- the Dask engine against the local one (issue 25) ----------------------------------------------------------------

def engine_rows(sources: list[Path], out: Path, size: int, jobs: int = 2, repeat: int = 1) -> list[dict]:
    """`pipeline build` of the corpus from scratch with the local engine (--jobs N) and with the Dask engine (a
    LocalCluster of N worker processes, started and stopped by the command), runs alternating; the fastest of
    ``repeat`` each, and the Dask engine's overhead over the local build's wall time."""
    seeds = sources[0].parent
    work = {engine: out / f"engines-{size}" / engine for engine in ("local", "dask")}
    runs: dict = {engine: [] for engine in work}
    for _ in range(max(1, repeat)):
        for engine, folder in work.items():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            cmd = [str(PIPELINE), "build", "--quiet", "--jobs", str(jobs), "--engine", engine, "--seeds", str(seeds),
                   "--tei-dir", str(folder / "tei"), "--build-dir", str(folder / "build")]
            runs[engine].append(measure(cmd, log=folder.parent / f"{engine}.log"))
    rows = []
    for engine, label in (("local", f"build, local engine --jobs {jobs}"),
                          ("dask", f"build, dask engine, LocalCluster {jobs} workers")):
        best = min(runs[engine], key=lambda r: r["wall_s"])
        rows.append({"stage": label, "size": size, "jobs": jobs, **best, "runs": len(runs[engine]),
                     "docs_per_s": round(size / best["wall_s"], 1), "cpu_ms_per_doc": round(1000 * best["cpu_s"] / size, 2)})
    rows[1]["overhead_vs_local"] = round(rows[1]["wall_s"] / rows[0]["wall_s"] - 1, 3)
    rows[1]["records"] = record_sizes(work["dask"])
    return rows


def record_sizes(folder: Path) -> dict:
    """The sizes (pickled, as Dask ships them) of the per-document records the Dask build reduces in the client:
    the register forms, the edition ids, the rows of turns.tsv; and of the HTML parts the corpus pages are made from
    (files the workers write; the corpus pages' two tasks read them). Mean and largest, in bytes."""
    import pickle

    from pipeline.encode.names.register import forms_of
    from pipeline.validate import _edition_id_values

    sizes: dict[str, list[int]] = {"register forms": [], "edition ids": [], "turns rows": [], "html part (file)": []}
    for tei in sorted((folder / "tei").glob("*.xml")):
        if tei.name == "persons.xml":
            continue
        tree = etree.parse(str(tei))
        sizes["register forms"].append(len(pickle.dumps(forms_of(tree.getroot()))))
        sizes["edition ids"].append(len(pickle.dumps(sorted(_edition_id_values(tree)))))
        rows = folder / "build" / "text" / ".parts" / f"{tei.stem}.tsv"
        if rows.is_file():
            sizes["turns rows"].append(len(pickle.dumps(rows.read_text("utf-8").partition("\n")[2])))
        part = folder / "build" / "html" / ".parts" / f"{tei.stem}.xml"
        if part.is_file():
            sizes["html part (file)"].append(part.stat().st_size)
    return {k: {"mean_bytes": round(sum(v) / len(v)), "max_bytes": max(v)} for k, v in sizes.items() if v}


# --- report ----------------------------------------------------------------------------------------------------------

def table(rows: list[dict], columns: list[tuple[str, str]]) -> str:
    cells = [[h for h, _ in columns]] + [[fmt(r.get(k)) for _, k in columns] for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(columns))]
    return "\n".join("  ".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths)))
                     for row in cells)


def fmt(v) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.3f}" if v < 10 else f"{v:.1f}"
    return str(v)


def validate_ratio(runs: list[dict], floors: list[dict], stage: str = "validate") -> float | None:
    """Wall time of ``stage`` (validate, at its fastest --jobs; or a floor row such as validate --layer tei_all) over
    jing's on the same files, at the largest size with both (small sizes are start-up)."""
    rows = [*runs, *floors]
    sizes = [f["size"] for f in floors if f["stage"] == "floor: jing tei_all"
             and any(r["size"] == f["size"] and r["stage"] == stage for r in rows)]
    if not sizes:
        return None
    size = max(sizes)
    jing = next(f["wall_s"] for f in floors if f["size"] == size and f["stage"] == "floor: jing tei_all")
    ours = min(r["wall_s"] for r in rows if r["size"] == size and r["stage"] == stage)
    return round(ours / jing, 2)


def verdicts(runs: list[dict], floors: list[dict], makes: list[dict], warm: dict, seed_like: dict | None = None
             ) -> dict:
    def e2e(size, jobs=2):
        return next((r["wall_s"] for r in runs if (r["size"], r["jobs"], r["stage"]) == (size, jobs, "end-to-end")),
                    None)

    found = {
        "e2e_1000_jobs2_s": e2e(1000), "e2e_10000_jobs2_s": e2e(10000),
        "peak_rss_mib": max((r["peak_tree_rss_mib"] for r in runs), default=None),
        "validate_vs_jing": validate_ratio(runs, floors),
        "tei_all_layer_vs_jing": validate_ratio(runs, floors, "validate --layer tei_all"),
        "make_noop_s": max((m["wall_s"] for m in makes if m["make"] == "nothing changed"), default=None),
        "make_touch_s": max((m["wall_s"] for m in makes if m["make"] == "one source touched"), default=None),
        # measured on seed-like documents when it was; else the synthetic corpus's figure scaled to the seeds' size
        "warm_cpu_ms_per_doc": (seed_like or {}).get("cpu_ms_per_doc", {}).get("end-to-end")
        or warm.get("cpu_ms_per_seed_size_doc", {}).get("end-to-end"),
    }
    return {k: {"target": TARGETS[k], "measured": v, "met": None if v is None else v < TARGETS[k]}
            for k, v in found.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000", help="corpus sizes, comma-separated (default 100,1000,10000)")
    ap.add_argument("--jobs", default="1,2", help="--jobs values, comma-separated (default 1,2)")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed number (default 0)")
    ap.add_argument("--all-jobs-up-to", type=int, default=1000,
                    help="sizes above this run only with the largest --jobs value (default 1000)")
    ap.add_argument("--make-size", type=int, default=1000,
                    help="also time make on a synthetic corpus of this size (0: only on the seeds; default 1000)")
    ap.add_argument("--no-make", action="store_true", help="skip the make timings")
    ap.add_argument("--timeout", type=float, default=0,
                    help="stop any one command after this many seconds and record 'timeout' (default: no limit)")
    ap.add_argument("--out", type=Path, default=BENCH_DIR, help="bench folder (default build/bench)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="run each command this many times and keep the fastest run (default 3)")
    ap.add_argument("--repeat-up-to", type=int, default=1000,
                    help="repeat only at corpus sizes up to this (default 1000; larger sizes run once)")
    ap.add_argument("--dask-sizes", default="10000",
                    help="corpus sizes at which `pipeline build` runs with the Dask engine (a LocalCluster of the "
                         "largest --jobs workers) against the local engine (default 10000; '' to skip)")
    ap.add_argument("--seed-like", default="100,1000",
                    help="warm CPU per document on corpora made from the seeds alone, at these two sizes "
                         "(default 100,1000: a slope over 900 documents, less noisy and warmer than over 400; "
                         "'' to skip)")
    args = ap.parse_args(argv)
    TIMEOUT[0] = args.timeout
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})

    def repeat(size: int) -> int:
        return args.repeat if size <= args.repeat_up_to else 1

    jobs_values = sorted({int(j) for j in args.jobs.split(",") if j.strip()})
    load_before = os.getloadavg()

    templates = synth.load_templates()
    corpora, corpus_bytes = {}, {}
    dask_sizes = sorted({int(s) for s in args.dask_sizes.split(",") if s.strip() and int(s) > 0})  # 0: none
    for size in sorted(set(sizes) | set(dask_sizes)
                       | ({args.make_size} if args.make_size and not args.no_make else set())):
        corpora[size] = synth.write_corpus(args.out / f"corpus-{size}", size, args.seed, templates)
        corpus_bytes[size] = sum(p.stat().st_size for p in corpora[size])
        print(f"corpus-{size}: {size} sources, {corpus_bytes[size] / MIB:.1f} MiB", file=sys.stderr)

    runs, floors = [], []
    for size in sizes:
        for jobs in (jobs_values if size <= args.all_jobs_up_to else jobs_values[-1:]):
            print(f"stages: {size} documents, --jobs {jobs}", file=sys.stderr)
            for row in run_stages(corpora[size], args.out / f"run-{size}", jobs, repeat(size)):
                docs = size if row["stage"] != "validate" else size + 1  # + the register
                runs.append({"size": size, "jobs": jobs, **row, "docs_per_s": round(docs / row["wall_s"], 1),
                             "cpu_ms_per_doc": round(1000 * row["cpu_s"] / size, 2)})
        files = tei_files(args.out / f"run-{size}")
        print(f"floors: {size} documents", file=sys.stderr)
        for row in (lxml_floor(files, repeat(size)),
                    *([jing_floor(files, args.out / f"run-{size}", repeat(size))] if shutil.which("jing") else []),
                    tei_all_layer(files, args.out / f"run-{size}", repeat(size))):
            floors.append({"size": size, "jobs": 1, **row, "docs_per_s": round(len(files) / row["wall_s"], 1),
                           "cpu_ms_per_doc": round(1000 * row["cpu_s"] / size, 2)})

    engines = []
    for size in dask_sizes:
        print(f"engines: {size} documents, local against dask", file=sys.stderr)
        engines += engine_rows(corpora[size], args.out, size, jobs_values[-1], repeat(size))

    makes = []
    if not args.no_make:
        print("make: the seeds", file=sys.stderr)
        makes += make_timings(None, "seeds", repeat=repeat(5))
        if args.make_size:
            print(f"make: corpus-{args.make_size}", file=sys.stderr)
            makes += make_timings(corpora[args.make_size], f"corpus-{args.make_size}", repeat=repeat(args.make_size))

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    warm = warm_cpu(runs, floors, sizes, corpus_bytes, sum(p.stat().st_size for p in seeds) / len(seeds))
    seed_like = seed_like_cpu(args.out, sorted({int(s) for s in args.seed_like.split(",") if s.strip()}),
                              args.repeat)
    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "loadavg_before": [round(x, 2) for x in load_before],
                    "loadavg_after": [round(x, 2) for x in os.getloadavg()]},
        "method": {"repeat": args.repeat, "repeat_up_to": args.repeat_up_to,
                   "kept": "the fastest run of each command (its own wall, CPU and memory figures)"},
        "corpora": {str(s): {"documents": s, "source_bytes": corpus_bytes[s]} for s in corpora},
        "runs": runs, "floors": floors, "engines": engines, "make": makes, "warm": warm, "warm_seed_like": seed_like,
        "targets": verdicts(runs, floors, makes, warm, seed_like),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    cols = [("stage", "stage"), ("docs", "size"), ("jobs", "jobs"), ("wall s", "wall_s"), ("docs/s", "docs_per_s"),
            ("CPU s", "cpu_s"), ("CPU ms/doc", "cpu_ms_per_doc"), ("peak tree MiB", "peak_tree_rss_mib"),
            ("max proc MiB", "max_process_rss_mib"), ("exit", "exit")]
    print(table(runs + floors + engines, cols))
    for row in engines:
        if "overhead_vs_local" in row:
            print(f"dask engine at {row['size']} documents: {row['overhead_vs_local']:+.1%} wall time against the "
                  "local engine; per-document records (pickled bytes, mean/max): "
                  + ", ".join(f"{k} {v['mean_bytes']}/{v['max_bytes']}" for k, v in row["records"].items()))
    if makes:
        print()
        print(table(makes, [("make", "make"), ("corpus", "corpus"), ("docs", "documents"), ("wall s", "wall_s"),
                            ("CPU s", "cpu_s"), ("peak tree MiB", "peak_tree_rss_mib"), ("exit", "exit")]))
    if warm:
        print(f"\nwarm CPU per document (slope {warm['between_sizes'][0]}→{warm['between_sizes'][1]}, --jobs 1): "
              + ", ".join(f"{k} {v} ms" for k, v in warm["cpu_ms_per_doc"].items())
              + f"; seed-size ({warm['seed_mean_bytes']} bytes vs {warm['source_bytes_per_doc']}): "
              + f"{warm['cpu_ms_per_seed_size_doc']['end-to-end']} ms; lxml floor {warm['lxml_floor_ms_per_doc']} ms; "
              + f"ratio {warm['ratio_to_lxml_floor']}x")
    if seed_like:
        print(f"warm CPU per seed-like document (the seeds in turn, {seed_like['source_bytes_per_doc']} bytes per "
              f"document, seeds' mean {seed_like['seed_mean_bytes']}; slope {seed_like['between_sizes'][0]}→"
              f"{seed_like['between_sizes'][1]}, --jobs 1): "
              + ", ".join(f"{k} {v} ms" for k, v in seed_like["cpu_ms_per_doc"].items())
              + f"; lxml floor {seed_like['lxml_floor_ms_per_doc']} ms; ratio {seed_like['ratio_to_lxml_floor']}x")
    print()
    for name, v in result["targets"].items():
        state = {True: "met", False: "NOT MET", None: "not measured"}[v["met"]]
        print(f"  {name:22} target < {v['target']:<7} measured {fmt(v['measured']):>8}  {state}")
    print(f"\nload average before/after: {load_before[0]:.2f} / {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs; "
          f"wrote {args.out / 'bench.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
