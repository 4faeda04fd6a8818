"""The set is shared with its user and keeps its history (issue 12, items 1–3).

User files survive every rebuild as the same files; a folder the tool did not make is
refused, never replaced; same-day rebuilds and `--force` runs keep every change note,
redline and backup side by side; history is not judged as current text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from generator.builder.impact import profile_diff
from generator.builder.run import build
from generator.check.validate import validate_path
from generator.cli import main
from generator.errors import OutputError
from generator.gap.run import run_gap_check
from generator.pack.pack import default_pack_dir
from generator.profile.loader import load_profile
from tests.builder.sets import (
    add_user_files,
    assert_whole,
    copy_set,
    documents,
    hashes,
    profile_with,
)
from tests.docfiles import all_text

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("history")
    profile = profile_with(base / "p.yaml")
    return profile, build(profile, base / "out", refresh=False, today=TODAY).folder


def test_user_files_survive_unchanged_and_changed_rebuilds(first: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    profile, folder = first
    folder = copy_set(folder, tmp_path / "o")
    files = add_user_files(folder)
    (folder / "空文件夹").mkdir()
    inodes = {rel: (folder / rel).stat().st_ino for rel in files}
    same = build(profile, folder.parent, refresh=False, today=TODAY)
    assert same.written == [] and sorted(same.kept) == sorted(files)
    changed = profile_with(tmp_path / "c.yaml", {"company.hotline": "400-888-1234"})
    dry = CliRunner().invoke(main, ["build", str(changed), "-o", str(folder.parent), "--dry-run",
                                    "--no-refresh"])
    assert f"将保留用户自行放入的文件 {len(files)} 个" in dry.stdout
    result = build(changed, folder.parent, refresh=False, today=TODAY)
    assert result.written and len(result.kept) == len(files)
    for rel, data in files.items():
        assert (folder / rel).read_bytes() == data
        assert (folder / rel).stat().st_ino == inodes[rel]  # the same file, not a copy
    assert (folder / "空文件夹").is_dir()
    assert_whole(folder)


def test_a_folder_that_is_not_a_set_is_refused_and_kept(tmp_path: Path) -> None:
    profile = profile_with(tmp_path / "p.yaml")
    slug = load_profile(profile).profile.slug
    foreign = tmp_path / "out" / slug
    foreign.mkdir(parents=True)
    (foreign / "合同.docx").write_bytes(b"not ours")
    before = hashes(foreign)
    with pytest.raises(OutputError) as info:
        build(profile, tmp_path / "out", refresh=False)
    assert "不是 svcmanual 生成的文件集" in info.value.message
    run = CliRunner().invoke(main, ["build", str(profile), "-o", str(tmp_path / "out"),
                                    "--no-refresh"])
    assert run.exit_code == 1 and "Traceback" not in run.stderr
    assert str(foreign) in run.stderr
    assert hashes(foreign) == before


def test_two_same_day_rebuilds_keep_both_change_notes(first: tuple[Path, Path],
                                                      tmp_path: Path) -> None:
    _, folder = first
    folder = copy_set(folder, tmp_path / "o")
    one = profile_with(tmp_path / "1.yaml", {"company.hotline": "400-111-2222"})
    two = profile_with(tmp_path / "2.yaml", {"company.hotline": "400-333-4444"})
    build(one, folder.parent, refresh=False, today=TODAY)
    notes = folder / "修订说明"
    first_notes = hashes(notes)
    stamp = TODAY.isoformat()
    assert f"{stamp}-修订说明.md" in first_notes
    build(two, folder.parent, refresh=False, today=TODAY)
    after = hashes(notes)
    assert {k: v for k, v in after.items() if k in first_notes} == first_notes
    assert f"{stamp}-2-修订说明.md" in after and f"{stamp}-2-修订说明.docx" in after
    assert any(k.startswith(f"{stamp}-2-redline/") for k in after)
    second = (notes / f"{stamp}-2-修订说明.md").read_text("utf-8")
    assert "400-111-2222变更为400-333-4444" in second and "模板更新" not in second


def _edit(path: Path, text: str) -> None:
    doc = Document(str(path))
    doc.add_paragraph(text)
    doc.save(str(path))


def test_two_same_day_force_runs_keep_both_hand_edited_versions(first: tuple[Path, Path],
                                                                tmp_path: Path) -> None:
    profile, folder = first
    folder = copy_set(folder, tmp_path / "o")
    rel = "procedures/" + sorted(p.name for p in (folder / "procedures").iterdir())[0]
    _edit(folder / rel, "第一次手工修改")
    first_edit = (folder / rel).read_bytes()
    build(profile, folder.parent, force=True, refresh=False, today=TODAY)
    _edit(folder / rel, "第二次手工修改")
    second_edit = (folder / rel).read_bytes()
    result = build(profile, folder.parent, force=True, refresh=False, today=TODAY)
    assert result.backed_up == [rel]
    out = folder.parent
    backup_one = out / f"{folder.name}.backup-{TODAY.isoformat()}" / rel
    backup_two = out / f"{folder.name}.backup-{TODAY.isoformat()}-2" / rel
    assert backup_one.read_bytes() == first_edit
    assert backup_two.read_bytes() == second_edit
    reports = sorted((folder / "修订说明").glob("*-修订说明.md"))
    assert len(reports) == 2
    for report in reports:
        text = report.read_text("utf-8")
        assert "--force 以生成的内容覆盖" in text and "模板更新" not in text
        assert rel in text


@pytest.fixture(scope="module")
def two_changes(first: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory
                ) -> tuple[Path, Path, Path, Path]:
    """The set rebuilt after a hotline and a department head change at once; also returns
    the untouched first set and its profile."""
    profile, folder = first
    base = tmp_path_factory.mktemp("two")
    rebuilt = copy_set(folder, base / "o")
    changed = profile_with(base / "c.yaml", {"company.hotline": "400-888-1234",
                                             "organization.departments.1.head": "司马知远"})
    build(changed, rebuilt.parent, refresh=False, today=TODAY)
    return profile, folder, changed, rebuilt


def test_after_a_hotline_change_the_set_validates_with_zero_errors(
        two_changes: tuple[Path, Path, Path, Path]) -> None:
    profile, _, changed, rebuilt = two_changes
    old = load_profile(profile).profile.company.hotline
    assert old != load_profile(changed).profile.company.hotline
    assert old in (rebuilt / "修订说明" / f"{TODAY.isoformat()}-修订说明.md").read_text(
        "utf-8")  # the history quotes the old number …
    for target in (rebuilt, rebuilt.parent):  # … and is not judged as current text
        report = validate_path(target, load_profile(changed).profile)
        errors = [f for f in report.findings if f.severity == "error"]
        assert errors == [], errors[:3]


def test_gap_check_scores_the_rebuilt_set_as_before(
        two_changes: tuple[Path, Path, Path, Path]) -> None:
    profile, folder, changed, rebuilt = two_changes
    before = run_gap_check(profile, docs=folder)
    after = run_gap_check(changed, docs=rebuilt)
    assert after.score == before.score


def test_each_revision_row_names_exactly_the_changes_that_alter_it(
        two_changes: tuple[Path, Path, Path, Path]) -> None:
    profile, folder, changed, rebuilt = two_changes
    before, after = documents(folder), documents(rebuilt)
    notes = sorted({str(r["change"]) for e in after.values() for r in e["revisions"]},  # type: ignore[attr-defined]
                   key=len, reverse=True)
    credited: dict[str, set[str]] = {"hotline": set(), "head": set()}
    for doc_id, entry in after.items():
        if entry["version"] == before[doc_id]["version"] or entry["path"].endswith("汇编.docx"):  # type: ignore[attr-defined]
            continue
        note = str(entry["revisions"][-1]["change"])  # type: ignore[index]
        text = all_text(rebuilt / str(entry["path"]))
        for shown in notes:
            text = text.replace(shown, "")
        # the oracle: the new value appears in the document's current text
        assert ("400-888-1234" in text) == ("服务热线" in note), (doc_id, note)
        assert ("司马知远" in text) == ("司马知远" in note), (doc_id, note)
        if "服务热线" in note:
            credited["hotline"].add(doc_id)
        if "司马知远" in note:
            credited["head"].add(doc_id)
    assert credited["hotline"] and credited["head"]
    impacts = {("hotline" if "hotline" in i.change.path else "head"): {d.id for d in i.documents}
               for i in profile_diff(profile, changed)}
    assert impacts == credited  # `diff` agrees with the 修订记录 rows


def test_a_template_change_is_named_as_the_cause(first: tuple[Path, Path], tmp_path: Path) -> None:
    profile, folder = first
    folder = copy_set(folder, tmp_path / "o")
    name = "P04-报修、送修和上门维修服务控制程序.docx"
    (tmp_path / "pack" / "procedures").mkdir(parents=True)
    template = Document(str(default_pack_dir() / "procedures" / name))
    template.add_paragraph("本程序每年评审一次。")
    template.save(str(tmp_path / "pack" / "procedures" / name))
    build(profile, folder.parent, templates_dir=tmp_path / "pack", refresh=False, today=TODAY)
    entry = documents(folder)["P04"]
    assert entry["revisions"][-1]["change"] == "依据模板更新修订"  # type: ignore[index]
    report = (folder / "修订说明" / f"{TODAY.isoformat()}-修订说明.md").read_text("utf-8")
    assert "企业档案内容未变；本次修订由模板更新引起" in report
    assert "--force" not in report
