"""JingBatch (both RELAX NG schemas in one JVM) against jing's own command line: the same report, and a fallback to
the command line whenever JingBatch cannot be compiled."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pipeline import validate as v
from pipeline.validate import jing as vjing
from pipeline.validate import run as vrun
from pipeline.errors import PipelineError
from test_validate import CASES, FIX, VALID

needs_javac = pytest.mark.skipif(
    not (v.jing_command() and len(v.jing_command()) > 1 and vjing._javac(v.jing_command()[0])),
    reason="needs java, jing's jar and javac")


@pytest.fixture(params=["batch", "jing-cli"])
def rng_path(request, monkeypatch):
    """Run a test on the JingBatch path and on the fallback (jing's command line, one JVM per schema)."""
    monkeypatch.setenv(v.BATCH_ENV, "1" if request.param == "batch" else "0")
    if v.jing_command() is None:
        pytest.skip("no java: jing cannot run (lxml validates instead)")
    if request.param == "batch" and v.batch_command() is None:
        pytest.skip("JingBatch unavailable (no javac or jing.jar)")
    return request.param


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty per-test compile cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv(v.BATCH_ENV, "1")
    return tmp_path / "cache" / "tei-edition-pipeline" / "java"


def rule_cases(tmp_path: Path) -> list[Path]:
    paths = []
    for name, old, new, _ in CASES:
        (tmp_path / name).mkdir()
        (tmp_path / name / "doc.xml").write_text(VALID.replace(old, new, 1), encoding="utf-8")
        shutil.copy(FIX / "persons.xml", tmp_path / name / "persons.xml")
        paths.append(tmp_path / name / "doc.xml")
    return paths


def formatted(paths, **kw) -> list[str]:
    return [d.format() for d in v.validate_paths(paths, **kw)]


@needs_javac
@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_report_equals_jing_cli_report(tmp_path, monkeypatch, jobs):
    """Every rule case, the other project's file and a DOCTYPE file: line for line the same on both paths."""
    doctype = tmp_path / "doctype.xml"
    doctype.write_text(VALID.replace('<?xml version="1.0" encoding="UTF-8"?>\n',
                                     '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE TEI [\n  <!ELEMENT TEI ANY>\n]>\n')
                       .replace('<div type="record">', '<div type="chapter">'), encoding="utf-8")
    paths = rule_cases(tmp_path) + [FIX / "other-project.xml", doctype]
    monkeypatch.setenv(v.BATCH_ENV, "0")
    cli = formatted(paths, layers=("tei_all", "project"), jobs=jobs)
    monkeypatch.setenv(v.BATCH_ENV, "1")
    assert v.batch_command() is not None
    batch = formatted(paths, layers=("tei_all", "project"), jobs=jobs)
    assert len({d.split(": ")[0] for d in cli}) >= 20 and {"[tei_all]", "[project]"} <= {d.split()[-1] for d in cli}
    assert batch == cli


def test_other_project_exact_report_on_both_paths(rng_path):
    other = FIX / "other-project.xml"
    assert [d for d in formatted([other]) if d.endswith("[project]")] == [f"{other}:{line}" for line in (
        '2:42: error: element "TEI" missing required attribute "xml:id" [project]',
        '6:27: error: element "p" not allowed here; expected element "publisher" [project]',
        '6:61: error: element "publicationStmt" incomplete; missing required element "publisher" [project]',
        '12:24: error: value of attribute "type" is invalid; must be equal to "document", "listing", "post", "record", "register" or "text" [project]',
        '13:13: error: element "lg" not allowed anywhere; expected the element end-tag or element "bibl", "dateline", "head", "list", "listBibl", "listOrg", "listPerson", "listPlace" … (6 more) [project]',
    )]


def test_both_schemas_tagged_on_both_paths(rng_path, tmp_path):
    path = tmp_path / "doc.xml"
    path.write_text(VALID.replace('when="20:00:00"', 'when="8pm"'), encoding="utf-8")
    shutil.copy(FIX / "persons.xml", tmp_path / "persons.xml")
    found = sorted((d.line, d.col, d.rule) for d in v.validate_paths([path], layers=("tei_all", "project")))
    assert found == [(85, 236, "project"), (85, 236, "tei_all")]


def test_xinclude_not_processed_on_both_paths(rng_path, tmp_path):
    (tmp_path / "secret.xml").write_text("<p xmlns='http://www.tei-c.org/ns/1.0'>SECRET</p>")
    text = VALID.replace(' xml:lang="en">', ' xml:lang="en" xmlns:xi="http://www.w3.org/2001/XInclude">', 1)
    text = text.replace("<p>Summary.</p>", f'<p>Summary.</p><xi:include href="{(tmp_path / "secret.xml").as_uri()}"/>')
    (tmp_path / "doc.xml").write_text(text, encoding="utf-8")
    found = v.validate_paths([tmp_path / "doc.xml"], layers=("tei_all", "project"))
    assert sorted(d.rule for d in found) == ["project", "tei_all", "xinclude"]
    assert all("SECRET" not in d.message for d in found)


def test_a_failing_jvm_is_a_pipeline_error_on_both_paths(rng_path, tmp_path, monkeypatch):
    monkeypatch.setattr(vrun, "PROJECT_RNG", tmp_path / "missing.rng")
    with pytest.raises(PipelineError, match="jing failed"):
        v.validate_paths([FIX / "valid-edition.xml"], layers=("project",))


@needs_javac
def test_compiled_once_then_reused_from_the_cache(cache, monkeypatch):
    command = v.batch_command()
    assert command is not None and command[-1] == "JingBatch"
    folders = [p for p in cache.iterdir()]
    assert len(folders) == 1 and (folders[0] / "JingBatch.class").is_file() and str(folders[0]) in command[-2]

    def no_subprocess(*args, **kw):
        raise AssertionError("compiled again")
    with monkeypatch.context() as m:
        m.setattr(subprocess, "run", no_subprocess)
        assert v.batch_command() == command
        assert v.validate_paths([FIX / "valid-edition.xml", FIX / "persons.xml"]) == []
    shutil.rmtree(folders[0])
    folders[0].mkdir()  # a folder left without its classes (emptied by hand): compiled again
    assert v.batch_command() == command and (folders[0] / "JingBatch.class").is_file()


@needs_javac
def test_changed_source_compiles_into_a_new_folder(cache, tmp_path, monkeypatch):
    v.batch_command()
    source = tmp_path / "JingBatch.java"
    source.write_text(v.BATCH_SOURCE.read_text(encoding="utf-8") + "\n// changed\n", encoding="utf-8")
    monkeypatch.setattr(vjing, "BATCH_SOURCE", source)
    assert v.batch_command() is not None
    assert len(list(cache.iterdir())) == 2


def test_broken_source_falls_back_to_jing_cli(cache, tmp_path, monkeypatch):
    source = tmp_path / "JingBatch.java"
    source.write_text("public final class JingBatch { broken", encoding="utf-8")
    monkeypatch.setattr(vjing, "BATCH_SOURCE", source)
    assert v.batch_command() is None
    assert list(cache.iterdir()) == []  # neither classes nor a temporary folder left
    path = tmp_path / "doc.xml"
    path.write_text(VALID.replace('<div type="record">', '<div type="chapter">'), encoding="utf-8")
    assert [(d.line, d.col, d.rule) for d in v.validate_paths([path], layers=("project",))] == [(78, 27, "project")]


def test_unwritable_cache_falls_back_to_jing_cli(tmp_path, monkeypatch):
    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    monkeypatch.setenv(v.BATCH_ENV, "1")
    assert v.batch_command() is None
    assert v.validate_paths([FIX / "valid-edition.xml", FIX / "persons.xml"]) == []


def test_no_javac_falls_back_to_jing_cli(cache, monkeypatch):
    monkeypatch.setattr(vjing, "_javac", lambda java: None)
    assert v.batch_command() is None
    assert not cache.exists()
    assert v.validate_paths([FIX / "valid-edition.xml", FIX / "persons.xml"]) == []


def test_environment_forces_the_fallback(cache, monkeypatch):
    monkeypatch.setenv(v.BATCH_ENV, "0")
    assert v.batch_command() is None
    assert not cache.exists()


@needs_javac
def test_batch_cli_exit_status_and_tagged_lines(tmp_path, monkeypatch):
    """JingBatch itself: jing's lines tagged with their rule, files in the order given, exit 1 when any; 0 when none."""
    monkeypatch.setenv(v.BATCH_ENV, "1")
    command = v.batch_command()
    bad = tmp_path / "bad.xml"
    bad.write_text(VALID.replace('<div type="record">', '<div type="chapter">'), encoding="utf-8")
    listing = tmp_path / "files.lst"
    listing.write_bytes(b"\0".join(os.fsencode(p) for p in (FIX / "valid-edition.xml", bad)))
    run = subprocess.run([*command, "2", str(listing), f"tei_all={v.tei_all_path()}", f"project={v.PROJECT_RNG}"],
                         capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout) == (1, f'project\t{bad}:78:27: error: value of attribute "type" is invalid; '
                                               'must be equal to "document", "listing", "post", "record" or "text"\n')
    listing.write_bytes(os.fsencode(FIX / "valid-edition.xml"))
    run = subprocess.run([*command, "1", str(listing), f"project={v.PROJECT_RNG}"], capture_output=True, text=True)
    assert (run.returncode, run.stdout) == (0, "")


def test_non_ascii_file_name_under_an_ascii_locale_on_both_paths(rng_path, tmp_path, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C")
    path = tmp_path / "dóc ü.xml"
    path.write_text(VALID.replace('<div type="record">', '<div type="chapter">'), encoding="utf-8")
    found = v.validate_paths([path], layers=("tei_all", "project"))
    assert [(d.path, d.line, d.col, d.rule) for d in found] == [(str(path), 78, 27, "project")]


def test_no_cache_folder_at_all_falls_back_to_jing_cli(monkeypatch):
    def no_home():
        raise RuntimeError("Could not determine home directory.")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv(v.BATCH_ENV, "1")
    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert v.batch_command() is None
    assert v.validate_paths([FIX / "valid-edition.xml", FIX / "persons.xml"]) == []


def test_the_optimising_compiler_only_for_large_runs():
    command = ["java", *v.JVM_FLAGS, "-cp", "x", "JingBatch"]
    assert v.jvm_command(command, v.TIERED_FROM - 1) == command
    assert v.jvm_command(command, v.TIERED_FROM) == [part for part in command if "TieredStopAtLevel" not in part]
