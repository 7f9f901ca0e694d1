"""The ``pipeline`` command: a thin Click layer over the library, one command per stage (the group and the shared
options in ``shared``; the commands on the TEI in ``sources``, the publishing ones in ``outputs``)."""

from . import outputs, sources  # noqa: F401  (they add their commands to main)
from .shared import main

__all__ = ["main"]
