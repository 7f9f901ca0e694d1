"""Suite-wide settings. ``make test`` runs the suite in worker processes (pytest-xdist, ``-n $(JOBS) --dist
loadgroup``): a test goes to whichever worker is free, except that the tests of a file that share a module- or
session-scoped fixture of their own (a built project, a cluster, a venv) go to one worker together, so that the
fixture is still built once."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


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


@pytest.hookimpl(tryfirst=True)  # before xdist reads the xdist_group marks
def pytest_collection_modifyitems(config, items):
    for item in items:
        if shares_a_built_fixture(item) and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
