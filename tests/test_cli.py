"""The command line as a user meets it: shared options on every command, a missing option is one clean line under
any click of the allowed range, `build` runs every stage the README names."""

from __future__ import annotations

import os
import re
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline import cli
from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = sorted((ROOT / "seeds").glob("*.txt"))[-1]


def leaf_commands(group, prefix=()):
    """Every command a user can run, the subcommands of a group (``register import``) included."""
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):
            yield from leaf_commands(command, prefix + (name,))
        else:
            yield " ".join(prefix + (name,)), command


@pytest.mark.parametrize("name, command", list(leaf_commands(main)))
def test_every_command_takes_quiet_and_keep_going(name, command):
    options = {opt for p in command.params for opt in p.opts}
    assert {"--quiet", "-q", "--keep-going", "-k"} <= options, name


def test_the_installed_click_is_in_the_declared_range():
    major, minor = (int(x) for x in version("click").split(".")[:2])
    assert (8, 1) <= (major, minor) < (9, 0)


@pytest.mark.parametrize("command", [["encode", str(SEED)]])
def test_a_missing_required_out_is_one_clean_line(command):
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 2, result.output
    assert re.search(r"Error: Missing option '(-o|--out)' / '(-o|--out)'\.", result.output), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_build_runs_the_fidelity_check(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    from pipeline import fidelity
    from pipeline.diagnostics import Diagnostic

    seen = []

    def fake_check(sources, tei_dir, text_dir, *args, **kwargs):
        seen.extend(Path(s).name for s in sources)
        return [Diagnostic(str(sources[0]), 1, 1, "error", "a word lost (planted)", "fidelity")]

    monkeypatch.setattr(fidelity, "check_fidelity", fake_check)
    result = CliRunner().invoke(main, ["build", "-q", "--seeds", str(seeds), "--tei-dir", str(tmp_path / "tei"),
                                       "--build-dir", str(tmp_path / "build")])
    assert seen == [SEED.name]
    assert result.exit_code == 1 and "a word lost (planted) [fidelity]" in result.output


def test_text_keep_going_writes_the_good_documents_and_exits_1(tmp_path):
    tei = tmp_path / "tei"
    shutil.copytree(ROOT / "tei", tei)
    bad = tei / "zzz_bad.xml"
    bad.write_text('<?xml version="1.0"?>\n<html><p>not a TEI document</p></html>\n')
    files = sorted(str(p) for p in tei.glob("*.xml"))
    for command in ("text", "html"):
        out = tmp_path / command
        stopped = CliRunner().invoke(main, [command, "-q", *files, "-o", str(out / "stop")])
        assert stopped.exit_code == 1
        result = CliRunner().invoke(main, [command, "-q", "-k", *files, "-o", str(out / "go")])
        assert result.exit_code == 1, result.output
        assert "zzz_bad.xml" in result.output and "Traceback" not in result.output
        made = {p.stem for p in (out / "go").glob("*.*")}
        assert {p.stem for p in tei.glob("0*.xml")} <= made and "zzz_bad" not in made


def test_publish_each_without_keep_going_raises_the_first_error():
    from pipeline.cli.outputs import publish_each
    from pipeline.errors import PipelineError

    calls = []

    def render(files, pages):
        calls.append((files, pages))
        if "bad" in files and pages != "corpus":
            raise PipelineError("bad: error: planted")
        return [f"{f}.{pages}" for f in files]

    assert publish_each(render, ["a", "bad", "c"], "all", True) == (
        ["a.documents", "c.documents", "a.corpus", "c.corpus"], ["bad"], ["bad: error: planted"])
    assert calls[-1] == (["a", "c"], "corpus")  # the corpus of the documents that did not fail
    with pytest.raises(PipelineError, match="planted"):
        publish_each(render, ["a", "bad", "c"], "all", False)

def test_quiet_encode_still_names_each_source_with_warnings(tmp_path):
    src = tmp_path / "doc.txt"
    src.write_text("Some words.[1]\n\nMore words, and a bracket [of an unknown sort] here.\n\n1. A note.\n"
                   "2. A note whose marker is nowhere.\n", encoding="utf-8")
    loud = CliRunner().invoke(main, ["encode", str(src), "-o", str(tmp_path / "loud")])
    warnings = [line for line in loud.output.splitlines() if ": warning: " in line]
    assert warnings, loud.output
    quiet = CliRunner().invoke(main, ["encode", "-q", str(src), "-o", str(tmp_path / "quiet")])
    lines = quiet.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{src}: warning: {len(warnings)} warning(s) ("), quiet.output
    assert lines[0].endswith("; run without --quiet to read them [warnings]")


@pytest.mark.parametrize("click_version", ["8.1.0", "8.2.0"])
def test_the_cli_behaves_the_same_under_older_clicks_of_the_range(tmp_path, click_version):
    """The lowest click the range allows, and one before 8.3, with this pipeline: the same clean usage error."""
    import subprocess
    import sys

    target = tmp_path / "click"
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                          f"click=={click_version}"], capture_output=True, text=True, timeout=300)
    if pip.returncode != 0:
        pytest.skip(f"click {click_version} could not be installed: {pip.stderr.strip()[-200:]}")
    code = ("import click, sys; from click.testing import CliRunner; from pipeline.cli import main; "
            "from importlib.metadata import version; "
            f"assert click.__file__.startswith({str(target)!r}), click.__file__; "
            f"r = CliRunner().invoke(main, ['encode', {str(SEED)!r}]); print(r.exit_code); print(r.output)")
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, env=env,
                         timeout=120)
    assert run.returncode == 0, run.stderr
    status, output = run.stdout.split("\n", 1)
    assert status == "2" and re.search(r"Error: Missing option '(-o|--out)' / '(-o|--out)'\.", output), run.stdout
