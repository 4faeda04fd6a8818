"""Benchmark: validate a ~300-page manual (one .docx: manual + 22 procedures).

    python bench/bench_validate.py [--runs 5] [--traditional]

Prints the page estimate, the median wall time of `validate_path` over the runs and the peak
Python memory of one run (tracemalloc) and the process's peak RSS. Target: ≤ 2 s.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from opencc import OpenCC

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.catalog import load_catalog  # noqa: E402
from generator.check.validate import validate_path  # noqa: E402

CHARS_PER_PAGE = 800  # 小四 on A4 with 1.5 line spacing
SENTENCES = [
    "客服专员接到客户报修后，应在系统中如实登记客户姓名、联系电话、地址、产品型号和故障现象，",
    "调度员根据故障类型、服务区域和工程师技能在30分钟内派工，并通过短信将工程师姓名告知客户，",
    "服务工程师上门前与客户预约时间，到达现场后出示工作证、穿戴鞋套，向客户说明收费标准，",
    "维修完成后由客户在派工单上签字确认，旧件按规定回收并登记，维修记录当日录入信息系统，",
    "售后服务部每月对服务及时率、一次修复率和顾客满意度进行统计分析，形成分析报告报管理者代表，",
    "对统计中发现的问题，责任部门应分析原因并制定纠正措施，由质量管理部跟踪验证实施效果。",
]


def paragraph(i: int) -> list[str]:
    """Three sentences, one run each (Word splits text into many runs)."""
    return [SENTENCES[(i + k) % len(SENTENCES)] for k in range(3)]


def add_text(doc: DocxDocument, runs: list[str], convert: Callable[[str], str]) -> int:
    para = doc.add_paragraph()
    for k, text in enumerate(runs):
        run = para.add_run(convert(text))
        run.bold = k == 1 and len(text) % 7 == 0
    return sum(len(r) for r in runs)


def build(path: Path, pages: int, traditional: bool) -> int:
    convert: Callable[[str], str] = OpenCC("s2t").convert if traditional else str
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = convert("文件编号：MA/SC-01\t版本：A/0\t受控")
    doc.add_paragraph(convert("福建闽安电器有限公司"))
    doc.add_paragraph(convert("售后服务手册"), style="Title")
    table = doc.add_table(rows=2, cols=4)
    for r, row in enumerate([["文件编号", "MA/SC-01", "版本", "A/0"],
                             ["编制", "李明", "批准", "王强"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = convert(value)
    chapters = ["颁布令", "管理者代表任命书", "公司简介", "产品/服务范围", "服务理念与服务承诺",
                "组织架构与部门职责", "职能分配表", "运转机制", "服务网络", "人员配置与培训",
                "资源保障", "法律法规识别", "监督与考核", "持续改进", "程序文件清单", "记录表单清单"]
    chars = 0
    budget = pages * CHARS_PER_PAGE
    manual_share = budget // 4
    n = 0
    for number, title in enumerate(chapters, start=1):
        doc.add_heading(convert(f"{number} {title}"), 1)
        for sub in range(1, 4):
            doc.add_heading(convert(f"{number}.{sub} 要求"), 2)
            while chars < manual_share * (number * 3 + sub) / (len(chapters) * 3 + 3):
                chars += add_text(doc, paragraph(n), convert)
                n += 1
    per_procedure = (budget - chars) // 22
    shares = {"目的": 0.03, "范围": 0.03, "职责": 0.1, "工作程序": 0.74, "相关文件": 0.05, "记录": 0.05}
    for proc in load_catalog().procedures:
        doc.add_paragraph(convert(proc.title), style="Title")
        limit = float(chars)
        for number, (section, share) in enumerate(shares.items(), 1):
            doc.add_heading(convert(f"{number} {section}"), 1)
            steps = 6 if section == "工作程序" else 1
            for step in range(1, steps + 1):
                if steps > 1:
                    doc.add_heading(convert(f"4.{step} 实施步骤"), 2)
                limit += per_procedure * share / steps
                while chars < limit:
                    chars += add_text(doc, paragraph(n), convert)
                    n += 1
        rows = doc.add_table(rows=6, cols=3)
        for r in range(6):
            for c in range(3):
                rows.cell(r, c).text = convert(f"{proc.id}-{r:02d} 记录表单 {c}")
    doc.save(str(path))
    return chars


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--traditional", action="store_true", help="write it in Traditional")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "售后服务手册（合订本）.docx"
        chars = build(path, args.pages, args.traditional)
        size = path.stat().st_size
        print(f"文档：约 {chars // CHARS_PER_PAGE} 页，{chars} 字，{size // 1024} KB")
        validate_path(path)  # warm-up: imports, catalog, OpenCC dictionaries
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            report = validate_path(path)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        validate_path(path)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    median = statistics.median(times)
    print(f"validate_path 中位耗时：{median:.3f} s（{args.runs} 次：" +
          ", ".join(f"{t:.3f}" for t in times) + "）")
    print(f"Python 峰值内存（tracemalloc）：{peak / 1024 / 1024:.1f} MB；进程峰值 RSS：{rss_mb:.0f} MB")
    print(f"结果：{'完整' if report.complete else '不完整'}，{report.errors} 错误，"
          f"{report.warnings} 警告；目标 ≤ 2 s：{'达到' if median <= 2 else '未达到'}")
    for finding in report.findings:
        print(f"  [{finding.severity}] {finding.code}: {finding.message}")


if __name__ == "__main__":
    main()
