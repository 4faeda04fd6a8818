"""Hand edits survive a rebuild (issue 17): edits made in Word (here python-docx) are merged
with the profile's changes; clashes are Word comments and are named in the build output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document

from generator.builder.merging import BASE_DIR
from generator.builder.run import build
from generator.cli import main
from generator.ooxml.comments import read_comments
from generator.ooxml.redline import accept_all, has_tracked_changes, reject_all
from tests.conftest import PROFILES, ROOT
from tests.docfiles import all_text

PROFILE = next(p for p in PROFILES if p.stem == "lanqin-appliance")
OLD, NEW = "400-826-5177", "400-900-1234"
ADDED = "本公司另行规定：夜间报修次日上午优先处理。"
INSERTED = "客户特别约定：重点客户报修由售后服务中心负责人亲自跟进。"
REWRITTEN = f"电话：拨打服务热线{OLD}（全年无休，每日8:00—20:00）即可投诉；"


def write_profile(path: Path, hotline: str = OLD, gm: str | None = None) -> Path:
    data = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    data["company"]["hotline"] = hotline
    if gm:
        data["organization"]["general_manager"]["name"] = gm
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("merge")
    return build(write_profile(base / "p.yaml"), base / "out", refresh=False).folder


def copy_set(folder: Path, target: Path) -> Path:
    shutil.copytree(folder.parent, target, symlinks=True)
    return target / folder.name


def contents(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def doc(folder: Path, code: str) -> Path:
    return next((folder / "procedures").glob(f"{code}-*.docx"))


def edit_p04(folder: Path) -> None:
    """A sentence added to a paragraph without the hotline, a paragraph inserted."""
    path = doc(folder, "P04")
    document = Document(str(path))
    paragraphs = document.paragraphs
    target = next(p for p in paragraphs if p.text.startswith("报修响应执行") and OLD not in p.text)
    target.add_run(ADDED)
    following = paragraphs[paragraphs.index(target) + 1]
    following.insert_paragraph_before(INSERTED, style=target.style)
    document.save(str(path))


def edit_p13(folder: Path) -> None:
    """The paragraph that holds the hotline rewritten."""
    path = doc(folder, "P13")
    document = Document(str(path))
    target = next(p for p in document.paragraphs if p.text.startswith("电话：服务热线"))
    for run in target.runs[1:]:
        run._r.getparent().remove(run._r)
    target.runs[0].text = REWRITTEN
    document.save(str(path))


def body_text(path: Path) -> str:
    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def run_build(profile: Path, folder: Path, *extra: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["build", str(profile), "-o", str(folder.parent),
                                       "--no-refresh", *extra])
    return result.exit_code, result.stdout, result.stderr


def test_acceptance_edits_in_p04_merged_and_the_p13_clash_commented(first: Path,
                                                                     tmp_path: Path) -> None:
    folder = copy_set(first, tmp_path / "o")
    old_p04 = body_text(doc(folder, "P04"))
    edit_p04(folder)
    edit_p13(folder)
    code, out, err = run_build(write_profile(tmp_path / "c.yaml", NEW), folder)
    assert code == 0, err
    p04 = body_text(doc(folder, "P04"))  # the 修订记录 row names the old hotline, rightly
    assert ADDED in p04 and INSERTED in p04
    assert OLD not in p04 and p04.count(NEW) == old_p04.count(OLD) > 0
    paragraphs = [p.text for p in Document(str(doc(folder, "P04"))).paragraphs]
    added_at = next(i for i, t in enumerate(paragraphs) if t.endswith(ADDED))
    assert paragraphs[added_at + 1] == INSERTED  # where it was put
    p13 = doc(folder, "P13")
    assert REWRITTEN in all_text(p13)
    [(anchor, comment)] = read_comments(p13.read_bytes())
    assert anchor == REWRITTEN
    assert f"电话：服务热线{NEW}" in comment and f"由{OLD}变更为{NEW}" in comment
    clash_lines = [line for line in out.splitlines() if "冲突" in line]
    assert len(clash_lines) == 1 and "P13-" in clash_lines[0] and "4.2 投诉渠道" in clash_lines[0]
    assert "P04-" in out and "手工修改已与新内容合并" in out
    # Next version, 修订记录 row, change note and a redline of what the merge changed.
    entries = {d["id"]: d for d in json.loads((folder / "manifest.json").read_text("utf-8"))["documents"]}
    assert entries["P13"]["version"] == entries["P04"]["version"] == "A/1"
    rows = [[c.text for c in r.cells] for t in Document(str(p13)).tables for r in t.rows]
    assert any(r[0] == "A/1" and f"由{OLD}变更为{NEW}" in r[2] for r in rows)
    note = next((folder / "修订说明").glob("*-修订说明.md")).read_text("utf-8")
    assert "手工修改已与新内容合并的文件" in note and "P13-" in note.split("合并冲突")[1]
    redline = next((folder / "修订说明").glob("*-redline/procedures/P04-*.docx")).read_bytes()
    assert has_tracked_changes(redline)
    assert NEW in accept_all(redline) and NEW not in reject_all(redline)
    assert ADDED in reject_all(redline) and ADDED in accept_all(redline)
    # The volume compiles the merged procedure.
    assert ADDED in all_text(folder / "程序文件汇编.docx")


def test_merged_document_merges_again_on_the_next_change(first: Path, tmp_path: Path) -> None:
    folder = copy_set(first, tmp_path / "o")
    edit_p04(folder)
    changed = write_profile(tmp_path / "c.yaml", NEW)
    assert run_build(changed, folder)[0] == 0
    # Same profile again: nothing to merge, the edits stay.
    before = doc(folder, "P04").read_bytes()
    build(changed, folder.parent, refresh=False)
    assert doc(folder, "P04").read_bytes() == before
    result = build(write_profile(tmp_path / "d.yaml", "400-700-5555"), folder.parent,
                   refresh=False)
    assert any(p.startswith("procedures/P04-") for p in result.merged)
    text = body_text(doc(folder, "P04"))
    assert ADDED in text and INSERTED in text and "400-700-5555" in text and NEW not in text


def test_dry_run_shows_merges_and_clashes_and_writes_nothing(first: Path, tmp_path: Path) -> None:
    folder = copy_set(first, tmp_path / "o")
    edit_p04(folder)
    edit_p13(folder)
    before = contents(folder)
    code, out, _ = run_build(write_profile(tmp_path / "c.yaml", NEW), folder, "--dry-run")
    assert code == 0
    assert "手工修改将与新内容合并" in out and "P04-" in out
    assert any("冲突" in line and "P13-" in line for line in out.splitlines())
    assert contents(folder) == before


def test_force_still_overwrites_after_a_backup(first: Path, tmp_path: Path) -> None:
    folder = copy_set(first, tmp_path / "o")
    edit_p13(folder)
    code, _, err = run_build(write_profile(tmp_path / "c.yaml", NEW), folder, "--force")
    assert code == 0, err
    assert REWRITTEN not in all_text(doc(folder, "P13")) and read_comments(doc(folder, "P13").read_bytes()) == []
    backups = list(folder.parent.glob(f"{folder.name}.backup-*/procedures/P13-*.docx"))
    assert backups and REWRITTEN in all_text(backups[0])


def test_document_rewritten_by_hand_is_protected_and_the_report_says_why(first: Path,
                                                                           tmp_path: Path) -> None:
    folder = copy_set(first, tmp_path / "o")
    path = doc(folder, "P04")
    document = Document(str(path))
    for k, p in enumerate(document.paragraphs):
        p.text = f"第{k}条：本公司自行制定的规定，与原文无关。" if p.text else ""
    document.save(str(path))
    before = path.read_bytes()
    code, _, err = run_build(write_profile(tmp_path / "c.yaml", NEW), folder)
    assert code == 0
    line = next(x for x in err.splitlines() if "P04-" in x)
    assert "手工修改过多" in line and "未覆盖" in line
    assert path.read_bytes() == before
    note = next((folder / "修订说明").glob("*-修订说明.md")).read_text("utf-8")
    assert "手工修改、无法合并的文件" in note and "手工修改过多" in note


def test_set_without_base_copies_protects_hand_edits_as_before(first: Path, tmp_path: Path) -> None:
    folder = copy_set(first, tmp_path / "o")
    shutil.rmtree(folder / BASE_DIR)
    edit_p13(folder)
    before = doc(folder, "P13").read_bytes()
    code, _, err = run_build(write_profile(tmp_path / "c.yaml", NEW), folder)
    assert code == 0
    assert "缺少上次生成时的底稿" in err and doc(folder, "P13").read_bytes() == before
    # Documents not edited by hand got their base copy with this build.
    assert (folder / BASE_DIR / doc(folder, "P04").relative_to(folder)).is_file()


KILLER = """
import os, signal, sys
from generator.builder import merging
from generator.builder.run import build
real = merging.merge_docx
calls = 0
def dying(*args, **kwargs):
    global calls
    calls += 1
    if calls == 2:  # the first merge done, the second one under way
        os.kill(os.getpid(), signal.SIGKILL)
    return real(*args, **kwargs)
merging.merge_docx = dying
build(sys.argv[1], sys.argv[2], refresh=False)
"""


def test_rebuild_killed_mid_merge_leaves_the_previous_set_whole(first: Path, tmp_path: Path) -> None:
    folder = copy_set(first, tmp_path / "o")
    edit_p04(folder)
    edit_p13(folder)
    before = contents(folder)
    changed = write_profile(tmp_path / "c.yaml", NEW)
    process = subprocess.run([sys.executable, "-c", KILLER, str(changed), str(folder.parent)],
                             cwd=ROOT, capture_output=True, env=dict(os.environ))
    assert process.returncode == -9, process.stderr
    assert contents(folder) == before
    result = build(changed, folder.parent, refresh=False)  # the next build completes
    assert len(result.merged) == 2 and not list(folder.parent.glob(".*staging*"))
