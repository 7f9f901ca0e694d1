"""Suite-wide settings. ``make test`` runs the suite in worker processes (pytest-xdist, ``-n $(JOBS) --dist
loadgroup --no-loadscope-reorder``): a test goes to whichever worker is free, except that

- the tests of a file that share a module- or session-scoped fixture of their own (a built project, a cluster, a
  venv) go to one worker together, so that the fixture is still built once;
- the tests that compile tei_all in lxml (``pipeline.validate.relaxng``, several seconds, once per process) go to
  one worker together, so that it is compiled once;
- the longest groups (LONGEST_FIRST) are handed out first, so that no worker is left with one of them at the end."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent

#: Tests that compile tei_all in lxml, besides every test run with the hostile ``validator_path`` "lxml".
LXML_TEI_ALL = (
    "tests/test_dates.py::test_values_validate_against_tei_all",
    "tests/test_schema_coverage.py::test_the_project_schema_wants_text_before_a_closer_as_tei_all_does",
    "tests/test_validate.py::test_lxml_fallback_without_jing",
    "tests/hostile/test_fuzz.py::test_generated_sources_give_valid_tei_and_keep_every_word",
)

#: The groups that take longest (CPU seconds per test, Dec 2026), longest first.
LONGEST_FIRST = ("tests/test_dask_engine.py", "tests/test_hostile.py", "tests/test_install.py", "lxml-tei_all",
                 "tests/test_deposit.py", "tests/test_reproducible.py")


def shares_a_built_fixture(item: pytest.Item) -> bool:
    """Whether ``item`` uses a module- or session-scoped fixture defined in this suite (pytest's own, such as
    tmp_path_factory, cost nothing to set up twice)."""
    info = getattr(item, "_fixtureinfo", None)
    for defs in (info.name2fixturedefs.values() if info else ()):
        for fixturedef in defs:
            code = getattr(fixturedef.func, "__code__", None)
            if fixturedef.scope != "function" and code and TESTS in Path(code.co_filename).parents:
                return True
    return False


def compiles_tei_all_in_lxml(item: pytest.Item) -> bool:
    params = getattr(item, "callspec", None)
    return item.nodeid.startswith(LXML_TEI_ALL) or (params is not None and params.params.get("validator_path") == "lxml")


def group_of(item: pytest.Item) -> str | None:
    if compiles_tei_all_in_lxml(item):
        return "lxml-tei_all"
    if shares_a_built_fixture(item):
        return item.nodeid.split("::")[0]
    return None


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    groups = {}
    for item in items:
        groups[item.nodeid] = group_of(item)
        if groups[item.nodeid] and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(groups[item.nodeid]))
    first = {name: rank for rank, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: first.get(groups[item.nodeid], len(first)))  # stable: the rest keep their order


def pytest_collection_finish(session):
    """xdist shares a group out by the "@group" it appends to each node id: a pytest whose node ids cannot be changed
    (pytest 9 with xdist 3.8) would share its tests out one by one, each worker building the fixture again."""
    if getattr(session.config.option, "loadgroup", False):
        lost = [item.nodeid for item in session.items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid]
        if lost:
            raise pytest.UsageError(f"{lost[0]}: the xdist group is not in the node id (pytest and pytest-xdist versions?)")
