"""A source's list of persons loaded into the register (pipeline register import), on invented lists."""

from __future__ import annotations

import tomllib

from click.testing import CliRunner

from pipeline.cli import main
from pipeline.encode import encode_text
from pipeline.encode.names.personslist import natural_forms, read_text_list
from pipeline.encode.names.registry import load_registry

TEI_LIST = """<div type="section" xml:id="persons"><head>Persons</head><list type="names">
<item><hi rend="strong"><persName xml:id="p_1">Brandt, Otto
 K.</persName>,</hi> Minister of Trade from May 1970 until June 1972</item>
<item><hi rend="strong"><persName xml:id="p_2">Holm (also Holme), General Eva</persName>,</hi> Chief of Staff</item>
<item><hi rend="strong"><persName xml:id="p_3">Lind, Karl, Jr.</persName>,</hi> Ambassador</item>
<item><hi rend="strong"><persName xml:id="p_4">Otto, Brandt</persName>,</hi> <hi>see</hi> Brandt, Otto K.</item>
</list></div>"""


def test_a_listed_name_gives_its_reading_order_and_forms():
    assert natural_forms("Brandt, Otto K.") == ("Otto K. Brandt", ["Brandt, Otto K.", "Otto Brandt"])
    assert natural_forms("Lind, Karl, Jr.")[0] == "Karl Lind Jr."


def test_plain_text_lines_family_given_role():
    got = read_text_list("Persons\n\nBrandt, Otto K., Minister of Trade\n  • Holm, Eva, Chief of Staff\nnot a line\n")
    assert [(p.listed, p.role) for p in got] == [("Brandt, Otto K.", "Minister of Trade"),
                                                 ("Holm, Eva", "Chief of Staff")]


def test_import_writes_a_registry_file_that_the_encoder_reads(tmp_path):
    reg = tmp_path / "persons.toml"
    reg.write_text('[[person]]\nkey = "lind-karl"\nname = "Karl Lind"\nforms = ["Lind"]\n', "utf-8")
    lst = tmp_path / "vol9_persons.xml"
    lst.write_text(TEI_LIST, "utf-8")
    res = CliRunner().invoke(main, ["register", "import", str(lst), "--registry", str(reg)])
    assert res.exit_code == 0, res.output
    data = tomllib.loads((tmp_path / "persons-vol9.toml").read_text("utf-8"))
    by_key = {p["key"]: p for p in data["person"]}
    assert set(by_key) == {"brandt-otto-k", "holm-eva", "lind-karl"}  # the 'see' entry is no person
    assert by_key["brandt-otto-k"]["note"] == "Minister of Trade from May 1970 until June 1972"
    assert by_key["holm-eva"]["name"] == "Eva Holm" and "Holme" in by_key["holm-eva"]["forms"]
    registry = load_registry(reg)
    assert registry.persons["lind-karl"].name == "Karl Lind"  # the register's own entry wins, forms added
    assert "Karl Lind Jr." in registry.persons["lind-karl"].forms
    xml = encode_text("Memo\n\nBrandt met Holme and Otto Brandt’s aide.\n", "x1", registry=registry).xml.decode()
    assert xml.count('ref="persons.xml#brandt-otto-k">Brandt</persName>') == 1
    assert '<persName ref="persons.xml#holm-eva">Holme</persName>' in xml
    assert '<persName ref="persons.xml#brandt-otto-k">Otto Brandt</persName>’s' in xml


def test_an_ambiguous_surname_stays_untagged(tmp_path):
    reg = tmp_path / "persons.toml"
    reg.write_text('[[person]]\nname = "Ian Smith"\n[[person]]\nname = "W. Y. Smith"\n', "utf-8")
    xml = encode_text("Memo\n\nSmith said no.\n", "x1", registry=load_registry(reg)).xml.decode()
    assert "<persName" not in xml.split("<text")[1]


def test_a_list_with_no_persons_is_one_line_error(tmp_path):
    lst = tmp_path / "empty.txt"
    lst.write_text("nothing here\n", "utf-8")
    res = CliRunner().invoke(main, ["register", "import", str(lst), "--registry", str(tmp_path / "persons.toml")])
    assert res.exit_code == 1 and "no persons found" in res.output and "Traceback" not in res.output
