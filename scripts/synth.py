"""Synthetic corpora for `make bench`: variants of the seeds' kinds of source, deterministic from a seed number.

Each synthetic source is a template (``seeds/*.txt``, and the FRUS samples in /work/shared when present) with:
- its persons renamed (one consistent mapping per document, drawn from a pool of invented names, so the register
  grows with the corpus as a real one does);
- its full dates shifted by the same number of days (the sidecar's ISO dates too);
- its prose lines and speaker turns dropped or repeated (the repeats' sentences rotated), so lengths and turns vary;
- its FRUS footnotes lengthened by an invented archival reference.
Lines holding a footnote marker are never dropped, so every note keeps its marker.

Example:
    .venv/bin/python scripts/synth.py 100 build/bench/corpus-100 --seed 0
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = (ROOT / "seeds", Path("/work/shared/samples/frus/text"))
VERSION = "1"  # change when the variations change, so cached corpora are regenerated

MONTHS = ("January February March April May June July August September October November December").split()
MONTH = "(" + "|".join(MONTHS) + ")"
MONTH_DAY_YEAR = re.compile(rf"\b{MONTH} (\d{{1,2}}), (\d{{4}})\b")
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}}) {MONTH} (\d{{4}})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

#: Names met in the templates, longest first so "Le Duc Tho" is replaced before "Tho".
KNOWN_NAMES = sorted({
    "Kissinger", "Lê Đức Thọ", "Le Duc Tho", "Xuân Thùy", "Xuan Thuy", "Thuy", "Tho", "Lau", "Harriman", "Vance",
    "Humphrey", "Brezhnev", "Kosygin", "Suslov", "Andropov", "Gromyko", "Le Duan", "Zhou Enlai", "Mao Zedong",
    "Liu Shaoqi", "Rusk", "Clifford", "Wheeler", "Helms", "Rostow", "Christian", "Bunker", "Abrams", "Thieu",
    "Walters", "Pham Van Dong", "Nguyen Duy Trinh", "Bergold",
}, key=lambda n: (-len(n), n))
GIVEN = ("Anna Brandt Carlos Dmitri Elena Farid Greta Hugo Ines Jonas Karin Lev Marta Nils Olga Pavel Rosa Sven "
         "Tomas Ulla Viktor Wanda Yuri Zofia").split()
FAMILY = ("Abernathy Bellamy Castellane Dubrovin Ekstrand Fairweather Gorchakov Halloran Ivanescu Jaworski "
          "Kovalenko Lindqvist Marchetti Novak Oyelaran Petrovsky Quiroga Rasmussen Sorokin Tremblay Umarov "
          "Valdez Whitcombe Yablonsky Zelenko").split()
NOTE_LINE = re.compile(r"^\s+\d{1,3}\.\s+\S")
MARKER = re.compile(r"[A-Za-z.,;:”’)\]]\d{1,2}(?=\s|$)")
TAIL_START = re.compile(r"^(Associated Places|Document Information|Subjects Discussed)\s*$")


@dataclass(frozen=True)
class Template:
    name: str
    text: str
    sidecar: str | None


def load_templates(dirs=TEMPLATE_DIRS) -> list[Template]:
    """Every ``*.txt`` of the folders that exist (with its ``.toml`` sidecar), sorted by name."""
    found = []
    for folder in dirs:
        for path in sorted(Path(folder).glob("*.txt")) if Path(folder).is_dir() else ():
            side = path.with_suffix(".toml")
            found.append(Template(path.stem, path.read_text(encoding="utf-8"),
                                  side.read_text(encoding="utf-8") if side.is_file() else None))
    if not found:
        raise SystemExit(f"error: no template sources (*.txt) in {', '.join(map(str, dirs))}")
    return found


def shift_dates(text: str, days: int) -> str:
    """Every full date ("October 15, 1968", "16 December 1966", "1968-10-02") moved by ``days``."""
    def moved(year: str, month: int, day: str) -> dt.date | None:
        try:
            return dt.date(int(year), month, int(day)) + dt.timedelta(days=days)
        except ValueError:
            return None

    def mdy(m):
        d = moved(m[3], MONTHS.index(m[1]) + 1, m[2])
        return f"{MONTHS[d.month - 1]} {d.day}, {d.year}" if d else m[0]

    def dmy(m):
        d = moved(m[3], MONTHS.index(m[2]) + 1, m[1])
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if d else m[0]

    def iso(m):
        d = moved(m[1], int(m[2]), m[3]) if 1 <= int(m[2]) <= 12 else None
        return d.isoformat() if d else m[0]

    return ISO_DATE.sub(iso, DAY_MONTH_YEAR.sub(dmy, MONTH_DAY_YEAR.sub(mdy, text)))


def rename(text: str, mapping: dict[str, str]) -> str:
    """Each known name replaced by its new name, whole words only, in one pass."""
    if not mapping:
        return text
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, mapping)) + r")(?!\w)")
    return pattern.sub(lambda m: mapping[m[1]], text)


def name_mapping(text: str, rng: random.Random) -> dict[str, str]:
    """A new invented name for each known name the text holds (multi-word names get a given name too)."""
    mapping = {}
    for name in KNOWN_NAMES:
        if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            family = rng.choice(FAMILY)
            mapping[name] = f"{rng.choice(GIVEN)} {family}" if " " in name else family
    return mapping


def is_prose(line: str) -> bool:
    """A body line that can be dropped or repeated: long, not indented, not a note, no footnote marker."""
    return (len(line) > 120 and not line[:1].isspace() and not NOTE_LINE.match(line)
            and not MARKER.search(line) and "[Page" not in line)


def rotated(line: str, rng: random.Random) -> str:
    sentences = re.split(r"(?<=[.?!])\s+(?=[A-Z])", line)
    k = rng.randrange(len(sentences))
    return " ".join(sentences[k:] + sentences[:k])


def vary_lines(text: str, rng: random.Random) -> str:
    """Drop and repeat prose lines and turns between the opening lines and the page's tail; lengthen notes."""
    lines = text.split("\n")
    tail = next((i for i, line in enumerate(lines) if TAIL_START.match(line)), len(lines))
    drop, repeat = rng.uniform(0.0, 0.3), rng.uniform(0.0, 0.6)
    out = []
    for i, line in enumerate(lines):
        if 3 <= i < tail and is_prose(line):
            r = rng.random()
            if r < drop:
                continue
            out.append(line)
            if r > 1 - repeat:
                out += ["", rotated(line, rng)] if i + 1 < len(lines) and not lines[i + 1] else [rotated(line, rng)]
            continue
        if NOTE_LINE.match(line) and rng.random() < 0.5:
            line = line.rstrip() + f" (Ibid., Box {rng.randint(1, 400)}, folder {rng.randint(1, 40)})"
        out.append(line)
    return "\n".join(out)


def synth_document(templates: list[Template], seed: int, index: int, in_turn: bool = False
                   ) -> tuple[str, str, str | None]:
    """(document id, source text, sidecar text or None) of document ``index`` of corpus ``seed``; its template is
    drawn at random, or (``in_turn``: documents like the templates, every one equally often and as long as it is)
    taken in turn with its lines as they are: only names and dates vary."""
    rng = random.Random(f"{VERSION}-{seed}-{index}")
    drawn = rng.randrange(len(templates))
    template = templates[index % len(templates) if in_turn else drawn]
    days = rng.randint(-400, 400)
    mapping = name_mapping(template.text, rng)
    lines = template.text if in_turn else vary_lines(template.text, rng)
    text = shift_dates(rename(lines, mapping), days)
    sidecar = shift_dates(rename(template.sidecar, mapping), days) if template.sidecar else None
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return f"{index:05d}_{digest}", text, sidecar


def write_corpus(out_dir: Path, n: int, seed: int = 0, templates: list[Template] | None = None,
                 in_turn: bool = False) -> list[Path]:
    """Write ``n`` synthetic sources (and sidecars) into ``out_dir``; return the ``.txt`` paths, sorted.
    ``in_turn``: templates taken in turn rather than at random (see :func:`synth_document`).

    Files already there with the same bytes are left alone (their mtimes too); stray ``.txt``/``.toml`` removed."""
    templates = templates or load_templates()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    wanted: dict[Path, str] = {}
    for i in range(n):
        doc_id, text, sidecar = synth_document(templates, seed, i, in_turn)
        wanted[out_dir / f"{doc_id}.txt"] = text
        if sidecar is not None:
            wanted[out_dir / f"{doc_id}.toml"] = sidecar
    for old in [*out_dir.glob("*.txt"), *out_dir.glob("*.toml")]:
        if old not in wanted:
            old.unlink()
    for path, content in wanted.items():
        data = content.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
    return sorted(p for p in wanted if p.suffix == ".txt")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of documents")
    ap.add_argument("out", type=Path, help="output folder")
    ap.add_argument("--seed", type=int, default=0, help="corpus seed number (default 0)")
    args = ap.parse_args(argv)
    paths = write_corpus(args.out, args.n, args.seed)
    print(f"{len(paths)} synthetic source(s) in {args.out}")


if __name__ == "__main__":
    main()
