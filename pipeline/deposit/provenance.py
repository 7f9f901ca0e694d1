"""Where a deposit comes from: the commit it was built from, whether the working tree matched it, and the version of
every tool that made or checked it. Written into the deposit as ``environment.txt`` so that a curator can rebuild
the same edition, or know why they cannot.

Only facts read from git and from the installed packages; nothing from the clock."""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..errors import PipelineError

#: Python packages the pipeline runs on, named as their distributions are.
PACKAGES = ("lxml", "saxonche", "click", "bagit")


@dataclass(frozen=True)
class GitState:
    """The commit of a working tree and what differs from it (``git status --porcelain`` lines)."""

    commit: str  # "" when the folder is not in a git repository (or git is missing)
    changes: tuple[str, ...] = ()
    reason: str = ""  # why there is no commit

    @property
    def clean(self) -> bool:
        return bool(self.commit) and not self.changes


def _git(root: Path, *args: str) -> subprocess.CompletedProcess | None:
    git = shutil.which("git")
    if git is None:
        return None
    env = dict(os.environ, LC_ALL="C", GIT_OPTIONAL_LOCKS="0")  # English messages; a status that takes no lock
    return subprocess.run([git, "-C", str(root), *args], capture_output=True, text=True, encoding="utf-8",
                          errors="replace", env=env)


def git_state(root: Path) -> GitState:
    """The commit checked out at ``root`` and the uncommitted changes (untracked files count, ignored ones not)."""
    head = _git(root, "rev-parse", "--verify", "HEAD")
    if head is None:
        return GitState("", reason="git is not installed")
    if head.returncode != 0:
        return GitState("", reason="not a git repository with a commit")
    status = _git(root, "status", "--porcelain", "--untracked-files=all")
    if status is None or status.returncode != 0:
        return GitState("", reason="git status failed")
    return GitState(head.stdout.strip(), tuple(line for line in status.stdout.splitlines() if line.strip()))


def refuse_dirty(state: GitState, root: Path, allow_dirty: bool) -> None:
    """A deposit records the commit it was built from; refuse when the tree is not that commit, unless allowed."""
    if state.clean or allow_dirty:
        return
    if not state.commit:
        raise PipelineError(f"{root}: {state.reason}: the deposit cannot name the commit it was built from; "
                            "build from a git checkout, or pass --allow-dirty (recorded in environment.txt)")
    shown = ", ".join(line[3:] for line in state.changes[:5]) + (" …" if len(state.changes) > 5 else "")
    raise PipelineError(f"{root}: the working tree has {len(state.changes)} uncommitted change(s) ({shown}): commit "
                        "them so that the deposit names the commit it was built from, or pass --allow-dirty "
                        "(recorded in environment.txt)")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def jing_version(command: list[str] | None) -> str:
    """jing as the validator starts it (``java … -jar jing.jar``): its jar's Implementation-Version and path; "not
    used" without it."""
    if not command:
        return "not used (RELAX NG by lxml)"
    jar = Path(command[-1])
    try:
        with zipfile.ZipFile(jar) as zf:
            manifest = zf.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        manifest = ""
    version = next((line.split(":", 1)[1].strip() for line in manifest.splitlines()
                    if line.startswith("Implementation-Version:")), "")
    return f"{version or 'version not stated'} ({jar})"


def tool_versions() -> list[tuple[str, str]]:
    """(tool, version) for the pipeline, Python, the libraries and the validator, in a fixed order."""
    from lxml import etree

    from ..validate import jing_command

    rows = [("pipeline", f"tei-edition-pipeline {__version__}"),
            ("python", f"{platform.python_implementation()} {platform.python_version()}"),
            *((dist, _version(dist)) for dist in PACKAGES),
            ("libxml2", ".".join(map(str, etree.LIBXML_VERSION))),
            ("libxslt", ".".join(map(str, etree.LIBXSLT_VERSION)))]
    try:
        from saxonche import PySaxonProcessor

        with PySaxonProcessor(license=False) as proc:
            rows.append(("saxon", proc.version))
    except Exception as exc:  # noqa: BLE001 -- a version note must not stop a deposit; say what happened
        rows.append(("saxon", f"unknown ({type(exc).__name__})"))
    rows.append(("jing", jing_version(jing_command())))
    return rows


def schema_versions(paths: list[Path], tei_version: str) -> list[tuple[str, str]]:
    """(schema file, its TEI release or its SHA-256)."""
    return [(f"schema/{path.name}", (f"{tei_version}, " if path.name == "tei_all.rng" else "")
             + f"sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}") for path in paths]


def environment_txt(state: GitState, allow_dirty: bool, tools: list[tuple[str, str]],
                    schemas: list[tuple[str, str]]) -> str:
    """environment.txt: ``key: value`` lines (a format both people and scripts read)."""
    if state.clean:
        tree = "clean"
    elif not state.commit:
        tree = f"unknown: {state.reason}"
    else:
        tree = f"dirty: {len(state.changes)} uncommitted change(s)"
    lines = [f"commit: {state.commit or 'none'}", f"working-tree: {tree}",
             f"allow-dirty: {'yes' if allow_dirty else 'no'}"]
    lines += [f"uncommitted: {line}" for line in state.changes]
    lines += [f"{name}: {value}" for name, value in [*tools, *schemas, ("platform", sys.platform)]]
    return "\n".join(lines) + "\n"
