"""The TEI document built from the analysis of a source, and its deterministic serialisation."""
