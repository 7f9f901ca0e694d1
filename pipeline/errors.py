"""Expected failures: the CLI prints them as one line and exits 1, never with a traceback."""


class PipelineError(Exception):
    """A failure the user can act on; ``str()`` is the whole message, starting with the path when known."""


class SourceError(PipelineError):
    """A source file that cannot be read as text (binary, empty, undecidable encoding, too large)."""


class XMLInputError(PipelineError):
    """An XML file that cannot be parsed safely (not well-formed, entities, too large)."""


class OverwriteError(PipelineError):
    """A command asked to write over one of its inputs or into a folder of sources: refused, exit status 2."""

    exit_code = 2
