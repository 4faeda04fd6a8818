"""The validator on client-style document sets: each scenario plants defects and asserts
exactly the findings (code and subject) it expects."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.catalog import load_catalog
from generator.check.matching import ProcedureMatcher
from generator.check.segment import split_documents
from generator.check.validate import ValidationReport, validate_path
from generator.cli import main
from generator.docs.outline import read_outline
from generator.errors import InputFileError
from generator.profile.loader import load_profile
from generator.profile.model import Profile
from tests.clientdocs import (
    COMPANY,
    HOTLINE,
    OLD_COMPANY,
    SECTIONS,
    Look,
    canonical_titles,
    write_corrupt,
    write_manual,
    write_merged,
    write_ole,
    write_procedure,
    write_set,
    write_zip,
)

ROOT = Path(__file__).resolve().parents[2]


def found(report: ValidationReport) -> list[tuple[str, str | None]]:
    return [(f.code, f.subject) for f in report.findings]


def profile(name: str) -> Profile:
    return load_profile(ROOT / "profiles" / f"{name}.yaml").profile


# ---------------------------------------------------------------- complete sets

LOOKS = {
    "word-styles": Look("word"),
    "chinese-ui-ids": Look("numeric_id"),
    "outline-levels": Look("outline", "chinese"),
    "auto-numbering": Look("autonum", "chapter"),
    "plain-一、": Look("plain", "chinese"),
    "plain-第一章": Look("plain", "chapter"),
    "bold-only": Look("bold"),
    "traditional": Look("word", traditional=True),
}


@pytest.mark.parametrize("look", LOOKS.values(), ids=LOOKS.keys())
def test_complete_set_in_any_style_is_complete(tmp_path: Path, look: Look) -> None:
    report = validate_path(write_set(tmp_path, look=look))
    assert found(report) == []
    assert report.complete and report.manual_found
    assert all(p.found and not p.missing_sections for p in report.procedures)
    assert all(e.found for e in report.elements)


def test_where_names_file_and_heading(tmp_path: Path) -> None:
    report = validate_path(write_set(tmp_path))
    scope = next(e for e in report.elements if e.id == "scope")
    assert scope.where == "售后服务手册.docx: 4 产品/服务范围"
    p13 = next(p for p in report.procedures if p.id == "P13")
    assert p13.where == "程序文件/13 客户投诉管理控制程序.docx: 客户投诉管理控制程序"


# ---------------------------------------------------------------- missing things


def test_one_procedure_missing(tmp_path: Path) -> None:
    report = validate_path(write_set(tmp_path, omit=["P09"]))
    assert found(report) == [("procedure_missing", "P09")]
    p09 = next(p for p in report.procedures if p.id == "P09")
    assert (p09.found, p09.matched_title, p09.where) == (False, None, None)
    assert not report.complete


def test_sections_missing_are_named_with_their_severity(tmp_path: Path) -> None:
    write_set(tmp_path)
    kept = [s for s in SECTIONS if s not in ("职责", "记录")]
    write_procedure(tmp_path / "程序文件" / "13 客户投诉管理控制程序.docx", "客户投诉管理控制程序",
                    sections=kept)
    report = validate_path(tmp_path)
    assert found(report) == [("section_missing", "P13.responsibilities"),
                             ("section_missing", "P13.records")]
    assert [f.severity for f in report.findings] == ["error", "warning"]
    p13 = next(p for p in report.procedures if p.id == "P13")
    assert p13.missing_sections == ("responsibilities", "records")


def test_manual_missing(tmp_path: Path) -> None:
    report = validate_path(write_set(tmp_path, manual=False))
    assert found(report) == [("manual_missing", "manual")]
    assert not report.manual_found


def test_manual_elements_missing(tmp_path: Path) -> None:
    write_set(tmp_path)
    write_manual(tmp_path / "售后服务手册.docx", omit=["mechanism", "network"], control=False)
    report = validate_path(tmp_path)
    assert found(report) == [("manual_element_missing", "mechanism"),
                             ("manual_element_missing", "document_control"),
                             ("manual_element_missing", "network")]
    assert [f.severity for f in report.findings] == ["error", "error", "warning"]


def test_merged_single_file_with_manual_and_procedures(tmp_path: Path) -> None:
    sections = {"P05": ["目的", "范围", "职责", "工作程序", "记录"],
                "P13": ["目的", "范围", "工作程序", "相关文件"]}
    path = write_merged(tmp_path / "手册与程序文件.docx", look=Look("plain", "chapter"),
                        sections=sections)
    report = validate_path(path)
    assert found(report) == [("section_missing", "P05.related_documents"),
                             ("section_missing", "P13.responsibilities"),
                             ("section_missing", "P13.records")]
    assert report.manual_found


def test_standalone_file_missing_while_the_volume_has_it(tmp_path: Path) -> None:
    write_set(tmp_path, omit=["P05"])
    write_merged(tmp_path / "程序文件汇编.docx")
    report = validate_path(tmp_path)
    assert found(report) == [("procedure_missing", "P05")]
    assert "只见于 程序文件汇编.docx" in report.findings[0].message


def test_volume_missing_a_procedure_the_standalone_files_have(tmp_path: Path) -> None:
    write_set(tmp_path)
    titles = {pid: t for pid, t in canonical_titles().items() if pid != "P07"}
    write_merged(tmp_path / "程序文件汇编.docx", titles=titles)
    report = validate_path(tmp_path)
    assert found(report) == [("procedure_missing", "P07")]
    assert report.findings[0].where == "程序文件汇编.docx"
    p07 = next(p for p in report.procedures if p.id == "P07")
    assert p07.where == "程序文件/07 售后服务人员能力评价和培训控制程序.docx: 售后服务人员能力评价和培训控制程序"


def test_procedure_list_in_related_documents_does_not_split(tmp_path: Path) -> None:
    folder = tmp_path / "set"
    write_procedure(folder / "投诉.docx", "客户投诉处理程序", look=Look("plain", "decimal"),
                    extra={"相关文件": ["5.3 文件控制程序", "5.4 记录控制程序"]})
    report = validate_path(folder)
    assert [p.id for p in report.procedures if p.found] == ["P13"]
    assert not [f for f in report.findings if f.code == "section_missing"]


# ---------------------------------------------------------------- titles by meaning


VARIANTS = {  # titles real packs use; none is in the catalog's variant lists
    "P01": ["法律法规和其他要求识别控制程序", "售后服务需求识别程序", "合规性评价控制程序"],
    "P02": ["服务承诺管理程序", "售后服务承诺与目标管理程序", "服务目标控制程序"],
    "P03": ["售后服务管理制度程序", "服务制度管理程序", "售后服务制度程序"],
    "P04": ["报修与上门服务控制程序", "上门服务管理程序", "维修服务作业程序", "产品维修服务程序",
            "送修及上门维修控制程序"],
    "P05": ["返修品控制程序", "返修产品管理程序", "物品返修管理程序", "产品返修服务控制程序"],
    "P06": ["维修网点管理程序", "外委服务网点控制程序", "服务网络管理程序", "网点建设与管理程序"],
    "P07": ["人员培训管理程序", "培训控制程序", "员工培训与能力评价程序", "售后人员能力评价控制程序"],
    "P08": ["产品配送与安装控制程序", "送货与安装调试程序", "安装服务管理程序", "配送管理程序"],
    "P09": ["退货换货管理程序", "产品退换货管理程序", "三包退换货控制程序", "退货与换货控制程序"],
    "P10": ["产品召回管理程序", "缺陷产品召回控制程序", "补救与赔偿控制程序", "召回管理程序"],
    "P11": ["备件管理程序", "零部件管理控制程序", "配件供应控制程序", "备品备件管理控制程序"],
    "P12": ["维修设备管理程序", "设备及工具控制程序", "检测设备控制程序", "监视和测量设备控制程序"],
    "P13": ["顾客投诉处理程序", "客户抱怨处理程序", "投诉受理控制程序", "客户投诉控制程序"],
    "P14": ["顾客满意度测量程序", "客户关系控制程序", "客户信息管理程序", "顾客回访管理程序"],
    "P15": ["持续改进管理程序", "售后服务持续改进程序", "服务改进管理程序"],
    "P16": ["内部评审控制程序", "内部审核程序", "自评控制程序", "内部评价管理程序"],
    "P17": ["资源管理控制程序", "服务经费保障程序", "售后服务资源配置控制程序"],
    "P18": ["应急预案控制程序", "应急处理程序", "突发事件处理程序", "应急管理程序"],
    "P19": ["服务监督管理程序", "绩效考核控制程序", "售后服务考核管理程序", "监督考核程序"],
    "P20": ["文件与资料控制程序", "受控文件控制程序", "文件控制管理规定程序"],
    "P21": ["记录管理控制程序", "质量记录管理程序", "记录表单控制程序"],
    "P22": ["纠正措施控制程序", "纠正与预防措施程序", "不符合项纠正控制程序", "预防措施控制程序"],
}
NOT_OURS = ["采购控制程序", "生产过程控制程序", "设计开发控制程序", "管理评审控制程序",
            "供应商管理程序", "仓库管理程序", "销售管理程序", "服务控制程序"]
ROTATION = [Look("word"), Look("plain", "chinese"), Look("bold"), Look("numeric_id"),
            Look("plain", "chapter", traditional=True), Look("autonum", "decimal")]


def test_recall_and_precision_on_variant_titles(tmp_path: Path) -> None:
    catalog = load_catalog()
    known = {t for p in catalog.procedures for t in (p.title, *p.variants)}
    cases = [(pid, t) for pid, titles in VARIANTS.items() for t in titles]
    cases += [(None, t) for t in NOT_OURS]
    assert not {t for _, t in cases} & known  # the test set is not the catalog itself
    outlines = []
    for i, (_, title) in enumerate(cases):
        path = write_procedure(tmp_path / f"doc{i:03d}.docx", title,
                               look=ROTATION[i % len(ROTATION)])
        outlines.append(read_outline(path))
    parts = split_documents(outlines, catalog, ProcedureMatcher(catalog))
    got = {p.source: p.match.procedure.id for p in parts if p.match is not None}
    predictions = [(pid, got.get(f"doc{i:03d}.docx")) for i, (pid, _) in enumerate(cases)]
    positives = [(want, have) for want, have in predictions if want is not None]
    recall = sum(want == have for want, have in positives) / len(positives)
    claimed = [(want, have) for want, have in predictions if have is not None]
    precision = sum(want == have for want, have in claimed) / len(claimed)
    assert recall >= 0.95, [(w, h) for w, h in positives if w != h]
    assert precision >= 0.95, [(w, h) for w, h in claimed if w != h]


@pytest.mark.parametrize(
    ("title", "pid"),
    [("退换货服务控制程序", "P09"), ("返修服务控制程序", "P05"), ("召回服务控制程序", "P10"),
     ("上门维修服务控制程序", "P04"), ("送修服务程序", "P04"), ("产品退货管理程序", "P09"),
     ("返修品检验程序", "P05"), ("缺陷产品赔偿程序", "P10"), ("客户管理程序", "P14"),
     ("客户投诉管理程序", "P13"), ("维修设施设备程序", "P12"), ("内部评价程序", "P16")],
)
def test_overlapping_vocabulary_is_not_confused(title: str, pid: str) -> None:
    from generator.check.matching import title_text

    catalog = load_catalog()
    match = ProcedureMatcher(catalog).match(title_text(title) or "")
    assert match is not None and match.procedure.id == pid


def test_variant_titles_are_reported_as_written(tmp_path: Path) -> None:
    titles = canonical_titles() | {"P13": "顾客投诉处理程序", "P22": "纠正和预防措施控制程序",
                                   "P07": "培训管理程序"}
    report = validate_path(write_set(tmp_path, titles=titles, look=Look("plain", "chinese")))
    assert found(report) == []
    matched = {p.id: p.matched_title for p in report.procedures}
    assert (matched["P13"], matched["P22"], matched["P07"]) == (
        "顾客投诉处理程序", "纠正和预防措施控制程序", "培训管理程序")


# ---------------------------------------------------------------- stale content


def test_previous_clients_name_left_in(tmp_path: Path) -> None:
    write_set(tmp_path)
    write_manual(tmp_path / "售后服务手册.docx",
                 extra=[f"本手册的解释权归{OLD_COMPANY}所有。", f"{OLD_COMPANY}保留修改权利。"])
    report = validate_path(tmp_path)
    assert found(report) == [("foreign_company", OLD_COMPANY)]
    assert "本文件共 2 处" in report.findings[0].message
    assert report.findings[0].where == "售后服务手册.docx: 16 记录表单清单"


def test_company_is_taken_from_the_cover_without_profile(tmp_path: Path) -> None:
    # the old name appears more often than the cover's; the cover still decides
    extra = [f"{OLD_COMPANY}负责解释。"] * 3
    write_manual(tmp_path / "售后服务手册.docx", extra=extra)
    report = validate_path(tmp_path)
    assert ("foreign_company", OLD_COMPANY) in found(report)
    assert ("foreign_company", COMPANY) not in found(report)


def test_template_leftovers(tmp_path: Path) -> None:
    write_set(tmp_path)
    write_manual(tmp_path / "售后服务手册.docx", extra=[
        "公司名称：{{ co.name }}", "本手册自XXX公司批准之日起实施。", "【此处填写公司地址】",
        "批准人：＿＿＿＿", "××部负责解释。",
    ])
    report = validate_path(tmp_path)
    assert found(report) == [("unrendered_tag", "{{ co.name }}"), ("placeholder", "XXX公司"),
                             ("placeholder", "【此处填写公司地址】"), ("placeholder", "＿＿＿＿"),
                             ("placeholder", "××部")]


def test_full_width_template_tag(tmp_path: Path) -> None:
    write_set(tmp_path)
    write_manual(tmp_path / "售后服务手册.docx", extra=["热线：｛｛ co.hotline ｝｝"])
    assert found(validate_path(tmp_path)) == [("unrendered_tag", "{{ co.hotline }}")]


def test_two_hotlines(tmp_path: Path) -> None:
    write_set(tmp_path)
    write_manual(tmp_path / "售后服务手册.docx", extra=["全国服务热线：400 123 4567"])
    report = validate_path(tmp_path)
    assert found(report) == [("inconsistent_contact", "4001234567")]
    assert HOTLINE in report.findings[0].message


# ---------------------------------------------------------------- inputs


def test_zip_input_with_gbk_member_names(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "set", omit=["P18"])
    files = {f.relative_to(folder).as_posix(): f.read_bytes() for f in folder.rglob("*.docx")}
    files["~$售后服务手册.docx"] = b"lock"  # Word's lock file is skipped, and named
    archive = write_zip(tmp_path / "客户资料.zip", files, encoding="gbk")
    report = validate_path(archive)
    assert found(report) == [("file_skipped", "~$售后服务手册.docx"), ("procedure_missing", "P18")]
    assert "售后服务手册.docx" in report.documents
    assert "程序文件/13 客户投诉管理控制程序.docx" in report.documents


def test_damaged_and_encrypted_files_among_good_ones(tmp_path: Path) -> None:
    write_set(tmp_path)
    write_corrupt(tmp_path / "附件" / "损坏.docx")
    write_ole(tmp_path / "附件" / "加密.docx")
    report = validate_path(tmp_path)
    assert found(report) == [("file_unreadable", "附件/加密.docx"),
                             ("file_unreadable", "附件/损坏.docx")]
    messages = [f.message for f in report.findings]
    assert "文档已加密或为旧版 .doc 格式" in messages[0]
    assert "文件已损坏" in messages[1]


def test_legacy_format_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    write_set(tmp_path)
    write_ole(tmp_path / "旧版说明.doc")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    report = validate_path(tmp_path)
    assert found(report) == [("file_unreadable", "旧版说明.doc")]
    assert "需要 LibreOffice" in report.findings[0].message


@pytest.mark.office
def test_odt_is_converted_with_libreoffice(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "set", omit=["P13"])
    source = write_procedure(tmp_path / "src" / "投诉.docx", "客户投诉管理控制程序")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--convert-to", "odt", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    report = validate_path(folder)
    assert found(report) == []
    assert next(p for p in report.procedures if p.id == "P13").where.startswith("投诉.odt")


def test_zip_bomb_archive_is_refused(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "bomb.zip", {"手册.docx": b"\0" * (20 * 1024 * 1024)})
    with pytest.raises(InputFileError, match="压缩炸弹"):
        validate_path(archive)


@pytest.mark.parametrize(
    ("make", "message"),
    [(lambda p: p / "无此目录", "路径不存在"),
     (lambda p: p, "文件夹中没有找到 Word 或 PDF 文档"),
     (lambda p: (p / "a.pdf", (p / "a.pdf").write_bytes(b"%PDF"))[0], "PDF 已损坏"),
     (lambda p: (p / "a.xlsx", (p / "a.xlsx").write_bytes(b"PK"))[0], "不支持的文件类型")],
    ids=["missing", "empty-folder", "broken-pdf", "xlsx"],
)
def test_unusable_path_raises(tmp_path: Path, make: object, message: str) -> None:
    with pytest.raises(InputFileError, match=message):
        validate_path(make(tmp_path))  # type: ignore[operator]


# ---------------------------------------------------------------- with a profile


def test_profile_roles_outlets_and_insurers(tmp_path: Path) -> None:
    lanqin = profile("lanqin-appliance")
    co = lanqin.company
    roles = ["售后服务中心", "质量管理部", "公司售后服务中心", "客服专员", "调度员", "客户服务部"]
    write_set(tmp_path, company=co.name, hotline=co.hotline, roles=roles)
    write_manual(tmp_path / "售后服务手册.docx", company=co.name, hotline=co.hotline, extra=[
        "产品责任险由中国人民财产保险股份有限公司杭州市分公司承保。",
        "上海浦恒家电维修有限公司为授权服务网点，电话021-64128830。",
    ])
    report = validate_path(tmp_path, lanqin)
    assert found(report) == [("unknown_role", "客户服务部")]
    assert report.findings[0].severity == "warning"
    assert report.complete


def test_profile_company_and_hotline_rule(tmp_path: Path) -> None:
    lanqin = profile("lanqin-appliance")
    write_set(tmp_path)  # written for another company with another hotline
    report = validate_path(tmp_path, lanqin)
    files = len(report.documents)
    assert sorted(set(found(report))) == [("foreign_company", COMPANY),
                                          ("inconsistent_contact", "4008886622"),
                                          ("unknown_role", "售后服务部")]
    codes = [code for code, _ in found(report)]
    assert (codes.count("foreign_company"), codes.count("inconsistent_contact")) == (files, files)
    assert codes.count("unknown_role") == 1


def test_profile_exclusions_are_not_missing(tmp_path: Path) -> None:
    yunzhi = profile("yunzhi-software")
    co = yunzhi.company
    write_set(tmp_path, omit=["P05", "P11"], company=co.name, hotline=co.hotline,
              roles=["客户服务中心"])
    report = validate_path(tmp_path, yunzhi)
    assert not [f for f in report.findings if f.code == "procedure_missing"]
    p11 = next(p for p in report.procedures if p.id == "P11")
    assert not p11.found and p11.excluded and "软件" in p11.excluded


# ---------------------------------------------------------------- contract and CLI


def test_json_has_exactly_the_contract_shape(tmp_path: Path) -> None:
    data = validate_path(write_set(tmp_path, omit=["P02"])).to_dict()
    assert list(data) == ["target", "complete", "manual", "procedures", "findings", "summary"]
    assert list(data["manual"]) == ["found", "elements"]
    assert list(data["manual"]["elements"][0]) == ["id", "clause", "required", "found", "where"]
    assert list(data["procedures"][0]) == ["id", "title", "found", "matched_title", "where",
                                           "missing_sections"]
    assert data["findings"] == [{"severity": "error", "code": "procedure_missing",
                                 "clause": "5.1.4.1",
                                 "message": "缺少程序文件 P02《服务承诺与目标控制程序》",
                                 "where": None}]
    assert data["summary"] == {"errors": 1, "warnings": 0}
    assert [p["id"] for p in data["procedures"]] == [f"P{n:02d}" for n in range(1, 23)]


def test_cli_exit_codes_and_formats(tmp_path: Path) -> None:
    runner = CliRunner()
    good = write_set(tmp_path / "good")
    bad = write_set(tmp_path / "bad", omit=["P10"])
    ok = runner.invoke(main, ["validate", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "结论：完整" in ok.stdout
    short = runner.invoke(main, ["validate", str(bad), "--format", "json"])
    assert short.exit_code == 3
    assert json.loads(short.stdout)["findings"][0]["code"] == "procedure_missing"
    failed = runner.invoke(main, ["validate", str(tmp_path / "none.docx")])
    assert failed.exit_code == 1
    assert "路径不存在" in failed.stderr and "Traceback" not in failed.output


def test_cli_writes_html_report_atomically(tmp_path: Path) -> None:
    folder = write_set(tmp_path / "set", omit=["P10"])
    write_manual(folder / "售后服务手册.docx", extra=["【<script>alert(1)</script>】"])
    out = tmp_path / "报告" / "检查报告.html"
    result = CliRunner().invoke(main, ["validate", str(folder), "--format", "html", "-o", str(out)])
    assert result.exit_code == 3
    page = out.read_text(encoding="utf-8")
    assert "P10" in page and "召回及补救赔偿控制程序" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "http://" not in page and "https://" not in page
    assert [p.name for p in out.parent.iterdir()] == ["检查报告.html"]


def test_cli_text_report_groups_by_clause(tmp_path: Path) -> None:
    folder = write_set(tmp_path, omit=["P13"])
    write_manual(folder / "售后服务手册.docx", extra=["服务热线：400-123-4567"])
    result = CliRunner().invoke(main, ["validate", str(folder)])
    text = result.stdout
    assert result.exit_code == 3
    assert text.index("5.1.4.1 售后服务手册与规范") < text.index("5.1.7 服务文化与一致的服务承诺")
    assert "✗ P13 客户投诉管理控制程序  缺失" in text


def test_cli_with_invalid_profile_is_short(tmp_path: Path) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("slug: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(write_set(tmp_path / "s")),
                                       "--profile", str(bad)])
    assert result.exit_code == 3
    assert "企业档案" in result.stderr or "缺少必填字段" in result.stderr
