"""Reproducible files: the BagIt bag, its zip (no clock read), and a zip opened safely (bombs refused)."""

from __future__ import annotations

import logging
import os
import shutil
import stat
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import bagit

from ..errors import PipelineError
from .layout import BAGIT_TXT, CHECKSUMS


ZIP_MIN_EPOCH = 315532800  # 1980-01-01T00:00:00Z
MAX_ZIP_BYTES = 4 * 1024**3
#: A deposit (XML, HTML, text) compresses 5 to 20 times; beyond this ratio (over RATIO_FROM_BYTES) a zip is a bomb.
#: The sizes checked are those the zip declares: extraction stops at them (zipfile), so they bound the work.
MAX_ZIP_RATIO = 100
RATIO_FROM_BYTES = 16 * 1024**2


logging.getLogger("bagit").addHandler(logging.NullHandler())  # its findings come back as diagnostics instead


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH from the environment (seconds since 1970), or None."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise PipelineError(f"SOURCE_DATE_EPOCH={value!r} is not a whole number of seconds since 1970-01-01; "
                            "unset it or give e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)")
    return int(value)


def write_zip(bag_dir: Path, zip_path: Path, epoch: int | None) -> Path:
    """Zip a bag with one top folder, entries sorted, fixed times and permissions: the same bytes every time."""
    stamp = time.gmtime(max(epoch or ZIP_MIN_EPOCH, ZIP_MIN_EPOCH))[:6]
    names = sorted(p.relative_to(bag_dir).as_posix() for p in bag_dir.rglob("*") if p.is_file())
    fd, tmp = tempfile.mkstemp(prefix=f".{zip_path.name}.", suffix=".part", dir=zip_path.parent)
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w") as zf:
            for name in names:
                info = zipfile.ZipInfo(f"{bag_dir.name}/{name}", stamp)
                info.create_system = 3
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, (bag_dir / name).read_bytes(), compresslevel=9)
        os.chmod(tmp, 0o644)
        os.replace(tmp, zip_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return zip_path


def make_bag(payload_dir: Path, info: dict, bagging_date: str | None) -> None:
    """Turn ``payload_dir`` into a bag in place, with the same bytes for the same payload."""
    payload_dir.chmod(0o755)
    bagit.make_bag(str(payload_dir), bag_info=dict(info, **({"Bagging-Date": bagging_date} if bagging_date else {})),
                   checksums=list(CHECKSUMS))
    (payload_dir / "bagit.txt").write_text(BAGIT_TXT, encoding="utf-8")
    bag = bagit.Bag(str(payload_dir))
    if not bagging_date:  # bagit writes today's date when given none: an unrecorded clock, so drop it
        del bag.info["Bagging-Date"]
    bag.save()  # bag-info.txt and the tag manifests again, over the new bagit.txt
    for alg in CHECKSUMS:  # bagit lists tag files in directory order; sort them
        manifest = payload_dir / f"tagmanifest-{alg}.txt"
        lines = manifest.read_text(encoding="utf-8").splitlines(True)
        manifest.write_text("".join(sorted(lines, key=lambda line: line.split(" ", 1)[1])), encoding="utf-8")


def _copy_tree(src: Path, dst: Path) -> None:
    """Copy the files under ``src`` (hidden files and stamps excepted) to ``dst``."""
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dst / rel)


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def unzip_bag(zip_path: Path, into: Path) -> Path:
    """Extract a zipped bag safely (one top folder, no absolute or parent paths, no links); the bag folder."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile as exc:
        raise PipelineError(f"{zip_path}: not a zip file: {exc}") from None
    with zf:
        members = zf.infolist()
        tops = {m.filename.split("/", 1)[0] for m in members}
        for m in members:
            if (m.filename.startswith("/") or ".." in m.filename.split("/") or "\\" in m.filename
                    or stat.S_ISLNK(m.external_attr >> 16)):
                raise PipelineError(f"{zip_path}!/{m.filename}: unsafe entry (absolute path, '..' or link); "
                                    "not extracted")
        if len(tops) != 1:
            raise PipelineError(f"{zip_path}: a zipped bag must hold exactly one top folder; found "
                                f"{len(tops)}: {', '.join(sorted(tops)[:5])}")
        odd = [m.filename for m in members if m.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)]
        if odd:  # bzip2 and lzma inflate without a bound per read: a few bytes could fill the memory
            raise PipelineError(f"{zip_path}!/{odd[0]}: error: compressed with a method other than deflate; "
                                "a deposit zip is stored or deflated; not extracted")
        total = sum(m.file_size for m in members)
        if total > MAX_ZIP_BYTES:
            raise PipelineError(f"{zip_path}: error: more than {MAX_ZIP_BYTES:,} bytes uncompressed; not extracted")
        packed = sum(m.compress_size for m in members)
        if total > RATIO_FROM_BYTES and total > MAX_ZIP_RATIO * max(packed, 1):
            raise PipelineError(f"{zip_path}: error: {total:,} bytes uncompressed from {packed:,} (more than "
                                f"{MAX_ZIP_RATIO} times): a zip bomb, not a deposit; not extracted")
        try:
            for m in members:
                zf.extract(m, into)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise PipelineError(f"{zip_path}!/{m.filename}: damaged zip entry ({exc}); the zip cannot be "
                                "verified") from None
    return into / tops.pop()
