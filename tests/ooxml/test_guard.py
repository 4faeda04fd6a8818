"""The guarded reader (generator.ooxml.guard): special files, sizes counted while reading and
inflating, entry and nesting limits — for every input path that uses it."""

from __future__ import annotations

import io
import os
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest

from generator.docs.inputs import load_documents
from generator.errors import InputFileError
from generator.ooxml import guard
from generator.ooxml.safety import check_docx_bytes, read_docx
from tests.hostile import MB, write_bomb, write_fifo, write_lying_bomb


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("售后服务手册")
    document.save(buffer)
    return buffer.getvalue()


def _peak(call: object) -> int:
    tracemalloc.start()
    try:
        with pytest.raises(InputFileError):
            call()  # type: ignore[operator]
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_device_is_refused_from_its_stat() -> None:
    with pytest.raises(InputFileError) as info:
        guard.read_input(Path("/dev/zero"), guard.MAX_FILE_BYTES)
    assert "设备文件" in info.value.message and info.value.hint


def test_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = write_fifo(tmp_path / "profile.yaml")
    with pytest.raises(InputFileError) as info:
        guard.read_input(fifo, 1000)  # opening a FIFO for reading would block forever
    assert "命名管道" in info.value.message


def test_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as info:
        guard.read_input(tmp_path, 1000)
    assert "文件夹" in info.value.message


def test_size_is_checked_before_reading(tmp_path: Path) -> None:
    sparse = tmp_path / "big.docx"
    with sparse.open("wb") as handle:
        handle.truncate(guard.MAX_FILE_BYTES + 1)  # no data on disk; reading it would take long
    assert _peak(lambda: read_docx(sparse)) < MB


def test_regular_file_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"x" * 5000)
    assert guard.read_input(path, 5000) == b"x" * 5000
    with pytest.raises(InputFileError, match="过大"):
        guard.read_input(path, 4999)


def test_headers_that_lie_about_the_size_do_not_fool_the_reader(tmp_path: Path) -> None:
    path = write_lying_bomb(tmp_path / "lie.docx", inflated=64 * MB, declared=1000)
    assert zipfile.ZipFile(path).getinfo("word/document.xml").file_size == 1000
    assert _peak(lambda: read_docx(path)) < 8 * MB


def test_bomb_is_stopped_while_inflating_in_bounded_memory(tmp_path: Path) -> None:
    path = write_bomb(tmp_path / "bomb.docx", inflated=256 * MB)
    errors: list[InputFileError] = []

    def read() -> None:
        try:
            read_docx(path)
        except InputFileError as exc:
            errors.append(exc)
            raise

    assert _peak(read) < 8 * MB
    assert "疑似压缩炸弹" in errors[0].message


def test_total_size_is_counted_from_real_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    monkeypatch.setattr(guard, "MAX_UNCOMPRESSED", 2 * MB)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(3):  # incompressible: no ratio rule can catch it, only the total
            archive.writestr(f"media/{i}.bin", os.urandom(MB))
    archive = zipfile.ZipFile(data)
    with pytest.raises(InputFileError, match="超过上限"):
        guard.verify_archive(archive, archive.infolist(), "x.docx")


def test_too_many_entries_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_ENTRIES", 10)
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for i in range(11):
            archive.writestr(f"{i}.xml", b"<a/>")
    with pytest.raises(InputFileError, match="文件数过多"):
        check_docx_bytes(data.getvalue(), "x.docx")


def test_a_good_document_passes_unchanged() -> None:
    data = _docx_bytes()
    archive = check_docx_bytes(data, "ok.docx")
    assert "word/document.xml" in archive.namelist()


def test_zip_input_has_a_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "docs.zip"
    path.write_bytes(b"PK" + b"\0" * 2000)
    monkeypatch.setattr("generator.docs.inputs.MAX_ZIP_BYTES", 1000)
    with pytest.raises(InputFileError, match="过大"):
        load_documents(path)


def test_nested_zips_share_one_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_UNCOMPRESSED", 3 * MB)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:  # stored: each level holds 2 MB
        archive.writestr("a.docx", os.urandom(2 * MB))
    path = tmp_path / "docs.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("inner.zip", inner.getvalue())
    loaded = load_documents(path)  # outer 2 MB + inner 2 MB > 3 MB
    assert [f.where for f in loaded.failures] == [str(path)]  # the budget of the zip on disk
    assert "超过上限" in loaded.failures[0].message and not loaded.outlines


def test_zip_bomb_member_is_a_failure_for_the_whole_zip(tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "b.docx", inflated=64 * MB)
    path = tmp_path / "docs.zip"
    with zipfile.ZipFile(path, "w") as archive:  # stored: the .docx inside is the bomb
        archive.write(bomb, "b.docx")
        archive.writestr("手册.docx", _docx_bytes())
    loaded = load_documents(path)
    assert any("疑似压缩炸弹" in f.message for f in loaded.failures)
    assert [o.name for o in loaded.outlines] == ["手册.docx"]


def test_special_file_as_the_path_to_check(tmp_path: Path) -> None:
    fifo = write_fifo(tmp_path / "x.docx")
    with pytest.raises(InputFileError, match="命名管道"):
        load_documents(fifo)
