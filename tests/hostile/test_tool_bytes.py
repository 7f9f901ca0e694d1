"""What jing is given (xmlsafe.tool_bytes) and what the JVM refuses on its own (issue 19).

Two independent guards: jing only ever reads copies without a DOCTYPE, in UTF-8, with the user's lines and columns;
and should a DOCTYPE reach it all the same, the JVM (the JDK's accessExternal* properties) fetches
nothing. Each is tested alone here; tests/hostile/test_exfiltration.py tests them together, end to end.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from lxml import etree

from pipeline import validate
from pipeline.cli import main
from pipeline.xmlsafe import doctype_span, is_plain, read_untrusted_bytes, tool_bytes

from .conftest import SECRET
from .test_exfiltration import CASE_NAMES, cases

PARSED_HERE = [name for name in CASE_NAMES if not name.startswith(("xxe", "ebcdic"))]


@pytest.mark.parametrize("name", PARSED_HERE)
def test_the_copy_for_jing_has_no_doctype_and_the_same_lines(name, server, secret):
    data = cases(server, secret)[name]
    tree, found = read_untrusted_bytes(f"{name}.xml", data)
    assert tree is not None, found
    copy = tool_bytes(data, tree)
    assert is_plain(copy) or b"<!DOCTYPE decoy>" in copy  # a decoy in a comment stays, as a comment
    assert doctype_span(copy) is None
    again = etree.fromstring(copy, etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False))
    assert again.getroottree().docinfo.doctype == ""
    assert etree.tostring(again.getroottree(), method="c14n") == etree.tostring(tree, method="c14n")
    text = copy.decode("utf-8")
    original = data.decode(tree.docinfo.encoding).lstrip("\ufeff")
    assert text.count("\n") == original.count("\n")
    tei_line = next(no for no, line in enumerate(original.split("\n")) if line.startswith("<TEI"))
    assert text.split("\n")[tei_line] == original.split("\n")[tei_line]  # same columns


def test_doctype_span_skips_decoys_in_comments_and_instructions():
    data = b'<?xml version="1.0"?>\n<!-- <!DOCTYPE a> -->\n<?pi <!DOCTYPE b>?>\n<!DOCTYPE c [<!-- ] > -->]>\n<c/>'
    start, end = doctype_span(data)
    assert data[start:end] == b"<!DOCTYPE c [<!-- ] > -->]>"
    assert doctype_span(b"<a><!-- <!DOCTYPE x> --></a>") is None


@pytest.mark.parametrize("data", [
    b"<a/>", b"\xef\xbb\xbf<a/>", b'<?xml version="1.0" encoding="utf-8"?><a/>', b"<?xml version='1.0'?><a/>"])
def test_plain_bytes(data):
    assert is_plain(data)


@pytest.mark.parametrize("data", [
    b'<!-- <!DOCTYPE a> --><a/>', '<a/>'.encode("utf-16"), '<?xml version="1.0" encoding="IBM037"?><a/>'.encode("cp037"),
    b'<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>', b'<?xml version="1.0" encoding="UTF-16"?><a/>',
    b"<a>\0</a>"])
def test_not_plain_bytes(data):
    assert not is_plain(data)


def test_jing_fetches_nothing_even_when_handed_a_doctype(server, secret, tmp_path):
    """The user's hostile files handed to jing directly, past the Python guard: HTTP goes only to a closed port
    (JVM_FLAGS: a proxy there, no host exempt), and no file an entity names reaches jing's report."""
    if validate.jing_command() is None:
        pytest.skip("no java or no jing.jar")
    inputs = {}
    for name, data in cases(server, secret).items():
        if name not in ("xinclude-http", "xinclude-file"):
            (tmp_path / f"{name}.xml").write_bytes(data)
            inputs[str(tmp_path / f"{name}.xml")] = name
    run = validate.jing.start_jing(validate.jing_command(), validate.PROJECT_RNG, inputs, "project")
    out, err = run.process.communicate(timeout=300)
    assert server.requests == [], server.requests
    assert SECRET not in out + err


def test_jing_reads_only_plain_copies_never_the_users_files(server, secret, tmp_path, monkeypatch):
    """Every hostile file through ``pipeline validate``: each file jing is handed is a copy without a DOCTYPE, in
    UTF-8 (xmlsafe.is_plain), never the user's file."""
    if validate.jing_command() is None:
        pytest.skip("no java or no jing.jar")
    handed: dict[str, bytes] = {}
    popen = validate.jing.subprocess.Popen

    def recording(cmd, **kw):
        handed.update((arg, open(arg, "rb").read()) for arg in cmd if arg.endswith(".xml"))
        return popen(cmd, **kw)

    monkeypatch.setattr(validate.jing.subprocess, "Popen", recording)
    users = []
    for name, data in cases(server, secret).items():
        (tmp_path / f"{name}.xml").write_bytes(data)
        users.append(str(tmp_path / f"{name}.xml"))
    CliRunner().invoke(main, ["validate", *users])
    assert len(handed) >= 5 and not set(handed) & set(users)
    assert all(is_plain(data) or b"<!DOCTYPE decoy>" in data for data in handed.values())  # a decoy in a comment
    assert not any(doctype_span(data) for data in handed.values())
    assert server.requests == []


@pytest.mark.parametrize("name", ["decoy", "utf16-decoy", "utf16"])
def test_positions_point_at_the_users_file(name, validator_path, server, secret, tmp_path):
    """An element the schemas do not allow, after a (decoy) DOCTYPE, in UTF-8 or UTF-16: every validator reports
    it at its line and column in the user's file."""
    data = cases(server, secret)[name]
    encoding = "utf-16" if name.startswith("utf16") else "utf-8"
    text = data.decode(encoding)
    at = text.index("<body>")
    text = text[:at] + "<body><bogus/>" + text[at + len("<body>"):]
    path = tmp_path / f"{name}.xml"
    path.write_bytes(text.encode(encoding))
    line = text[:at].count("\n") + 1
    col = at - text.rfind("\n", 0, at) + len("<body>")
    res = CliRunner().invoke(main, ["validate", "--layer", "project", str(path)])
    assert res.exit_code == 1, res.output
    assert re.search(rf"{re.escape(str(path))}:{line}:{col}: error: .*bogus", res.output) or \
        re.search(rf"{re.escape(str(path))}:{line}:\d+: error: .*bogus", res.output), res.output
    assert server.requests == []
