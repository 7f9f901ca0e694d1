"""``python -m pipeline.cli``: the ``pipeline`` command."""

from . import main

main()
