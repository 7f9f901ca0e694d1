"""The ``pipeline`` command's shared parts: the command group, the options several commands take, and how
errors reach the user (one line, never a traceback)."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
import os
import sys
import time
from pathlib import Path

import click

from .. import __version__
from ..diagnostics import Diagnostic, one_line, sort_diagnostics
from ..errors import PipelineError

SEEDS_DIR = Path("seeds")
TEI_DIR = Path("tei")
BUILD_DIR = Path("build")
REGISTRY_FILE = Path("registry/persons.toml")


# --- options shared by several commands (click.option gives a decorator that makes a new option each use) ---

jobs_option = click.option(
    "--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
    help="Worker processes for per-document work. The output is byte-identical for any value.")
quiet_option = click.option(
    "--quiet", "-q", is_flag=True,
    help="Print errors only (encode: and one line per source with warnings): no progress bar, no summary.")
keep_going_option = click.option(
    "--keep-going", "-k", is_flag=True,
    help="When a document fails, go on with the others; report every failure at the end (exit 1).")
force_option = click.option(
    "--force", is_flag=True,
    help="Rebuild every document's output, even where it is newer than its TEI and the stylesheets.")


def shared_options(f):
    """--quiet and --keep-going, which every command takes (README: shared options behave the same everywhere)."""
    return quiet_option(keep_going_option(f))


def out_option(default: str | None = None, help_text: str = "Output folder."):
    """-o/--out: required when there is no default. No ``default=None`` is passed: from click 8.3 on, an explicit
    None counts as a value, and a required option would then let a missing -o through as None."""
    given = {"required": True} if default is None else {"default": default, "show_default": True}
    return click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), help=help_text,
                        **given)


def cache_option(help_text: str):
    return click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help=help_text)


def report_errors(diags: list[Diagnostic], quiet: bool = False) -> None:
    """Print diagnostics on stderr, one line each."""
    for d in sort_diagnostics(diags):
        if not quiet or d.severity == "error":
            click.echo(d.format(), err=True)


def warning_summaries(diags: list[Diagnostic]) -> list[str]:
    """One line per file with warnings, for --quiet (which prints errors only): so that a quiet run, as make's,
    still says where there is something to read."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for d in diags:
        if d.severity == "warning":
            counts[d.path][d.rule] += 1
    return [f"{path}: warning: {rules.total()} warning(s) ({', '.join(f'{r} {n}' for r, n in sorted(rules.items()))}); "
            "run without --quiet to read them [warnings]" for path, rules in sorted(counts.items())]


def fail_on(diags: list[Diagnostic]) -> None:
    if any(d.severity == "error" for d in diags):
        sys.exit(1)


def handle_user_errors(f):
    """Turn the library's expected failures into one clean line and exit status 1, never a traceback."""
    @functools.wraps(f)
    def wrapper(*args, **kwargs):
        try:
            return f(*args, **kwargs)
        except PipelineError as exc:
            error = click.ClickException(one_line(str(exc)))
            error.exit_code = getattr(exc, "exit_code", 1)
            raise error from None
    return wrapper


_MAIN_PID = os.getpid()


def _on_interrupt(signum, frame):
    """Ctrl-C: the main process stops (KeyboardInterrupt, then exit 130 without a word); a forked worker, which gets
    the same signal, ends at once and silently (the main process speaks for the run)."""
    if os.getpid() != _MAIN_PID:
        os._exit(130)
    import threading

    # the process pools' manager threads find their workers gone: nothing of that is the user's to read
    threading.excepthook = lambda args: None
    _interrupted.append(signum)
    raise KeyboardInterrupt


_interrupted: list[int] = []


def _on_unraisable(args):
    """Where Python drops an exception (a pool forking a worker runs the at-fork hooks, which print and drop it), a
    Ctrl-C is kept silent and given again a moment later, where it stops the run (exit 130, no word)."""
    if not issubclass(args.exc_type, KeyboardInterrupt):
        sys.__unraisablehook__(args)
    elif os.getpid() == _MAIN_PID:
        import signal
        import threading

        threading.Timer(0.01, signal.raise_signal, (signal.SIGINT,)).start()


class PipelineGroup(click.Group):
    """The command group, with the last net under every command: what the user's system can make fail (a
    read-only or full folder, a name too long, a link loop, a broken pipe) is one ``path: error: message`` line
    (exit 1), Ctrl-C exit 130 in silence; never a traceback."""

    def invoke(self, ctx):
        import signal
        from concurrent.futures.process import BrokenProcessPool

        global _MAIN_PID
        _MAIN_PID = os.getpid()
        signal.signal(signal.SIGINT, _on_interrupt)
        sys.unraisablehook = _on_unraisable
        _interrupted.clear()
        try:
            result = super().invoke(ctx)
            if _interrupted:  # a Ctrl-C given again (_on_unraisable) after the work ended: it still ends the run
                sys.exit(130)
            return result
        except KeyboardInterrupt:
            sys.exit(130)
        except BrokenProcessPool:
            # Ctrl-C reaches the workers and this process together; a worker may end (and the pool break) before
            # this process runs its handler: a short wait lets a pending Ctrl-C speak first (exit 130, silence)
            if _interrupted:
                sys.exit(130)
            try:
                time.sleep(0.2)
            except KeyboardInterrupt:
                sys.exit(130)
            raise click.ClickException("error: a worker process ended abruptly (out of memory? killed?); "
                                       "run again, or with --jobs 1") from None
        except OSError as exc:
            where = exc.filename if exc.filename is not None else ""
            raise click.ClickException(one_line(f"{where}: error: {exc.strerror or exc}")) from None


@click.group(cls=PipelineGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="pipeline")
def main():
    """Turn plain-text copies of historical documents into a TEI P5 edition.

    \b
    Stages, each usable alone on any files:
      encode    plain text  -> TEI XML           (tei/)
      validate  TEI XML     -> report            (tei_all, project schema, Schematron)
      html      TEI XML     -> HTML edition      (build/html/)
      text      TEI XML     -> plain-text edition and turns.tsv (build/text/)
      check     sources + TEI + text -> fidelity report (nothing lost)
      deposit   everything  -> BagIt bag and zip (build/deposit/)
      build     all of it over seeds/

    \b
    Example:
      pipeline build --jobs 2
    """
