"""Where the pipeline's data folders (xslt/, schema/, static/) are: inside the installed package, where
``pip install .`` puts them (pyproject.toml maps them in as package data), else beside the package in a checkout
(and an editable install), where they are kept at the top level."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder ``name`` (xslt, schema or static) of this installation."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name
