"""TEI-XML digital edition pipeline: encode plain-text sources, validate, publish, deposit."""

__version__ = "0.1.0"
