"""edition.toml: defaults without the file, the shipped file parses, wrong values are one-line errors."""

from pathlib import Path

import pytest

from pipeline.edition import Edition, load_edition, parse_edition
from pipeline.errors import PipelineError

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_without_a_file(tmp_path):
    assert load_edition(tmp_path / "edition.toml") == Edition()


def test_the_shipped_file_parses():
    ed = load_edition(ROOT / "edition.toml")
    assert ed.title and ed.editors and ed.licence.id == "CC-BY-4.0"


@pytest.mark.parametrize("data, message", [
    ({"titel": "x"}, "unknown key(s) titel"),
    ({"title": 3}, "title must be a string"),
    ({"editors": "Me"}, "editors must be a list"),
    ({"licence": {"id": "CC0-1.0", "colour": "red"}}, "licence: unknown key(s) colour"),
    ({"keywords": [1]}, "keywords must be a list of strings"),
])
def test_wrong_values_are_one_line_errors(data, message):
    with pytest.raises(PipelineError) as err:
        parse_edition(data, Path("edition.toml"))
    assert message in str(err.value) and "\n" not in str(err.value)
