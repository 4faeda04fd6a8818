"""`svcmanual init`: a short questionnaire that writes a commented, valid profile."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from generator.catalog.sectors import SECTOR_IDS
from generator.errors import InputFileError
from generator.fsutil import atomic_write_text
from generator.resources import example_profiles

Ask = Callable[[str, str], str]

# (key, question, default); an empty default means the answer is required.
QUESTIONS: tuple[tuple[str, str, str], ...] = (
    ("name", "企业全称", ""),
    ("short_name", "企业简称", ""),
    ("slug", "输出文件夹名（小写字母、数字、连字符）", "company"),
    ("hotline", "售后服务热线", ""),
    ("address", "企业地址", ""),
    ("industry", "所属行业", "家用电器制造"),
    ("sector", "行业包编号（svcmanual sectors 列出全部）", "household_appliance"),
    ("founded", "成立日期（YYYY-MM-DD）", "2010-01-01"),
    ("employees", "员工总人数", "200"),
    ("product", "主要产品或服务", ""),
    ("tangible", "是否为有形商品（是/否）", "是"),
    ("region", "主要销售区域", "全国"),
    ("gm", "总经理姓名", ""),
    ("mr", "管理者代表姓名", ""),
    ("aftersales", "售后服务主管部门名称", "售后服务中心"),
    ("aftersales_head", "该部门负责人姓名", ""),
    ("aftersales_headcount", "该部门人数", "10"),
    ("response_hours", "接到报修后几小时内响应", "2"),
    ("warranty_months", "整机保修期（月）", "12"),
    ("prefix", "文件编号前缀（大写字母）", "SH"),
)


def _q(value: object) -> str:
    # JSON strings are valid YAML scalars and escape every quote and control character.
    return json.dumps(value, ensure_ascii=False)


def _ask_valid(ask: Ask, key: str, question: str, default: str) -> str:
    prompt = question
    while True:
        answer = ask(prompt, default).strip()
        problem = _problem(key, answer)
        if problem is None:
            return answer
        prompt = f"{question}（{problem}）"


def _problem(key: str, answer: str) -> str | None:
    if not answer:
        return "不能为空"
    if key in ("employees", "aftersales_headcount", "warranty_months") and not answer.isdigit():
        return "请输入整数"
    if key == "response_hours" and not re.fullmatch(r"\d+(\.\d+)?", answer):
        return "请输入数字"
    if key == "slug" and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,62}", answer):
        return "只能用小写字母、数字和连字符"
    if key == "prefix" and not re.fullmatch(r"[A-Z][A-Z0-9]{0,9}", answer):
        return "请用大写字母开头的字母数字"
    if key == "sector" and answer not in SECTOR_IDS:
        return "可选：" + "、".join(SECTOR_IDS)
    if key == "founded":
        try:
            dt.date.fromisoformat(answer)
        except ValueError:
            return "格式应为 YYYY-MM-DD"
    return None


def run_init(target: Path, *, example: str | None, ask: Ask) -> Path:
    if example:
        examples = example_profiles()
        if example not in examples:
            raise InputFileError(
                f"没有名为“{example}”的示例档案",
                hint=f"可用的示例：{'、'.join(examples)}",
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(examples[example], target)
        return target
    answers = {key: _ask_valid(ask, key, q, d) for key, q, d in QUESTIONS}
    env = Environment(undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False)
    env.filters["q"] = _q
    skeleton = Path(__file__).with_name("skeleton.yaml.j2").read_text(encoding="utf-8")
    founded = dt.date.fromisoformat(answers["founded"])
    values: dict[str, object] = {**answers}
    values.update(
        founded=founded.isoformat(),
        founded_year=founded.year,
        employees=int(answers["employees"]),
        aftersales_headcount=int(answers["aftersales_headcount"]),
        response_hours=float(answers["response_hours"]),
        warranty_months=int(answers["warranty_months"]),
        tangible="true" if answers["tangible"] in ("是", "y", "yes", "true", "1") else "false",
        services=["安装调试", "维修保养", "技术咨询"],
        issue_date=max(dt.date.today(), founded).isoformat(),
    )
    text = env.from_string(skeleton).render(values)
    atomic_write_text(target, text)
    return target
