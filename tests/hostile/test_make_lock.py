"""Two makes in one checkout (issue 19): the second waits for the first's lock, saying so, then runs."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: make as a user starts it: not inside another make (``make test`` runs this suite with the lock already taken and
#: PIPELINE_MAKE_LOCK set, which tells a make inside it not to lock again)
USER_ENV = {k: v for k, v in os.environ.items() if k not in ("PIPELINE_MAKE_LOCK", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


@pytest.mark.skipif(not shutil.which("make") or not shutil.which("flock"), reason="needs make and flock")
def test_a_second_make_waits_for_the_first(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / "build").mkdir()
    with open(tmp_path / "build" / ".make.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the first make, as far as the second can tell
        second = subprocess.Popen(["make", "help"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True, env=USER_ENV)
        time.sleep(1.5)
        assert second.poll() is None  # waiting
        fcntl.flock(lock, fcntl.LOCK_UN)
    out, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert "another make is running in this checkout" in err and "waiting" in err
    assert "List the targets" in out


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_alone_does_not_wait_or_speak(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    res = subprocess.run(["make", "help"], cwd=tmp_path, capture_output=True, text=True, timeout=60, env=USER_ENV)
    assert res.returncode == 0 and res.stderr == "" and "List the targets" in res.stdout
