"""Template lint: what makes a docxtpl template fail or produce a poor Chinese document.

Rules (each finding names the template and, where it applies, the paragraph):
1. Jinja syntax errors, reported with the paragraph they occur in.
2. A tag split across runs in a way docxtpl cannot repair (a brace and its twin in different
   runs, e.g. "{" run "{ name }}").
3. Full-width or curly characters inside a tag (“ ” ‘ ’ ｛ ｝ ％ （ ） ， ： typed with a Chinese
   IME), and tags typed entirely with full-width braces (｛｛ … ｝｝).
4. Variables the profile context does not provide (top-level names), and fields that fail to
   render for the example profiles (a misspelt attribute); any other fault of a trial render
   (a Python error inside a tag) is a finding naming the template and the fault, never a
   traceback.
5. Styles without an East Asian font (docDefaults and every style that sets Latin fonts), or
   with theme font attributes that override the explicit font.
6. No header or footer carrying both a PAGE and a NUMPAGES/SECTIONPAGES field.
7. `{% include %}`, `{% import %}`, `{% from … import %}` and `{% extends %}`: a template is
   one .docx and can load no other file.
8. The pack itself: a missing folder, no template, or a file not where the default pack has
   it (`pack.layout_problems`) — each file named with where or how it should be.
A template that cannot be examined at all is one finding, never a traceback.
Every template is read through the guarded reader first (`generator.ooxml.safety.read_docx`:
regular files, sizes counted while inflating); the trial renders of a pack that is not ours
run in one `RenderWorker`, within its time and memory budget (a limit hit is a finding).
`dump_template` reads the same way and raises only `InputFileError` (it is git's textconv).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import TemplateError, TemplateSyntaxError, meta, nodes

from generator.errors import InputFileError, TemplateRenderError
from generator.ooxml import fields, format
from generator.ooxml import template as xml_template
from generator.ooxml.safety import check_docx_bytes, read_docx
from generator.pack.pack import FOLDERS, layout_problems
from generator.profile.loader import load_profile
from generator.render.budget import RenderWorker
from generator.render.context import CONTEXT_KEYS, RenderContext, build_context
from generator.render.docx import is_ours
from generator.render.environment import make_env
from generator.resources import example_profiles

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_BAD_IN_TAG = re.compile(r"[“”‘’｛｝％（）＂＇，：；。［］｜]")
_STRING = re.compile(r"'[^']*'|\"[^\"]*\"")
_FULLWIDTH_TAG = re.compile(r"｛[｛％]|[｝％]｝")
_ALLOWED_EXTRA = {"r", "loop"}  # docxtpl's and Jinja's own names


@dataclass(frozen=True)
class LintFinding:
    template: str
    rule: str
    message: str
    paragraph: int | None = None
    text: str = ""

    def format(self) -> str:
        where = self.template + (f" 第 {self.paragraph} 段" if self.paragraph else "")
        shown = f"：“{self.text[:60]}”" if self.text else ""
        return f"{where}: [{self.rule}] {self.message}{shown}"


_LOADING = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)


def lint_template(path: Path, contexts: Iterable[RenderContext] = ()) -> list[LintFinding]:
    try:
        return _lint_template(path, contexts)
    except Exception as exc:  # lint reports; it never shows a traceback
        return [LintFinding(path.name, "文件", f"无法检查该模板（{type(exc).__name__}：{exc}）")]


def _lint_template(path: Path, contexts: Iterable[RenderContext]) -> list[LintFinding]:
    name = path.name
    try:
        data = read_docx(path, name)
    except InputFileError as exc:
        return [LintFinding(name, "文件", exc.message)]
    try:
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.init_docx()
    except Exception as exc:  # a broken package raises unrelated types
        return [LintFinding(name, "文件", f"无法作为 .docx 打开（{type(exc).__name__}）")]
    assert tpl.docx is not None
    findings: list[LintFinding] = []
    body = xml_template.body_paragraphs(tpl.docx)
    parts = [("正文", body)]
    for section in tpl.docx.sections:
        for hf in (section.header, section.footer, section.first_page_header,
                   section.first_page_footer):
            if not hf.is_linked_to_previous:
                parts.append(("页眉页脚", xml_template.story_paragraphs(hf)))
    for label, paragraphs in parts:
        for index, p in enumerate(paragraphs, 1):
            text = p.text
            if p.split_tag:
                findings.append(LintFinding(name, "拆分标签", f"{label}中的标签被拆到不同的文字段中，"
                                            "docxtpl 无法修复；请删除后一次性重新输入整个标签",
                                            index, text))
            if _FULLWIDTH_TAG.search(text):
                findings.append(LintFinding(name, "全角字符", f"{label}中的标签使用了全角括号或百分号，"
                                            "请切换到英文输入法重新输入", index, text))
            for tag in _TAG.findall(text):
                # Chinese punctuation inside an ASCII-quoted string literal is legitimate.
                bad = _BAD_IN_TAG.findall(_STRING.sub("", tag))
                if bad:
                    findings.append(LintFinding(
                        name, "全角字符",
                        f"标签内有中文输入法字符 {''.join(sorted(set(bad)))}，请改为英文半角字符",
                        index, tag))
    findings.extend(_syntax_and_variables(tpl, name, body, contexts))
    findings.extend(_styles(tpl, name))
    findings.extend(_page_fields(tpl, name))
    return findings


def _syntax_and_variables(tpl: DocxTemplate, name: str, body: list[xml_template.TemplateParagraph],
                          contexts: Iterable[RenderContext]) -> list[LintFinding]:
    env = make_env()
    xml = tpl.patch_xml(tpl.get_xml())
    xml = xml_template.paragraphs_on_lines(xml)
    try:
        ast = env.parse(xml)
    except TemplateSyntaxError as exc:
        # Report the paragraph whose text holds the faulty line (docxtpl puts each paragraph
        # on a line of its own before parsing; block-tag paragraphs are merged, so match by text).
        lines = xml.splitlines()
        line = lines[(exc.lineno or 1) - 1] if lines else ""
        snippet = xml_template.strip_markup(line).strip()
        texts = [p.text for p in body]
        index = next((i for i, t in enumerate(texts, 1) if snippet and snippet[:30] in t), None)
        return [LintFinding(name, "语法", f"Jinja 语法错误：{exc.message}", index,
                            texts[index - 1] if index else snippet)]
    findings = []
    for node in ast.find_all(_LOADING):
        keyword = {nodes.Include: "include", nodes.Extends: "extends"}.get(type(node), "import")
        findings.append(LintFinding(name, "语法", f"模板不能使用 {{% {keyword} %}} 引用其他文件，"
                                    "请把要引用的内容直接写入本模板"))
    if findings:
        return findings
    contexts = list(contexts)
    if contexts:
        known = CONTEXT_KEYS | _ALLOWED_EXTRA
        for var in sorted(meta.find_undeclared_variables(ast) - known):
            findings.append(LintFinding(name, "变量", f"企业档案不提供变量“{var}”"))
        if not findings:
            for ctx in contexts:
                try:
                    env.from_string(xml).render(ctx)
                except (TemplateError, RecursionError, MemoryError) as exc:
                    findings.append(LintFinding(
                        name, "变量", f"用示例档案“{ctx['co']['short_name']}”渲染失败：{exc}"))
                    break
                except Exception as exc:  # a tag's Python value misused: never a traceback
                    findings.append(LintFinding(name, "变量", _render_fault(ctx, exc)))
                    break
    return findings


def _render_fault(ctx: RenderContext, exc: Exception) -> str:
    """A trial render that failed outside Jinja (e.g. `charges.items` is the dict method, so
    `{% for c in charges.items %}` iterates a function): the fault and the usual fix."""
    hint = ("；常见原因是字段名与字典或列表的方法同名（items、keys、values、count、index），"
            "请改写为 x['items'] 或 x.items() 的形式") if isinstance(exc, (TypeError, AttributeError)) else ""
    return (f"用示例档案“{ctx['co']['short_name']}”试渲染时出错（{type(exc).__name__}：{exc}）"
            f"{hint}")


def _styles(tpl: DocxTemplate, name: str) -> list[LintFinding]:
    assert tpl.docx is not None
    findings = []
    for gap in format.east_asian_font_gaps(tpl.docx):
        if gap.kind == "defaults":
            findings.append(LintFinding(name, "字体", "默认字体（docDefaults）未设置中文字体 w:eastAsia"))
        elif gap.kind == "theme":
            findings.append(LintFinding(name, "字体", f"样式“{gap.style}”使用主题字体，会覆盖指定的中文字体"))
        else:
            findings.append(LintFinding(name, "字体", f"样式“{gap.style}”设置了西文字体但未设置中文字体"))
    return findings


def _page_fields(tpl: DocxTemplate, name: str) -> list[LintFinding]:
    assert tpl.docx is not None
    for section in tpl.docx.sections:
        for hf in (section.header, section.footer):
            found = set(fields.story_fields(hf))
            if "PAGE" in found and found & {"NUMPAGES", "SECTIONPAGES"}:
                return []
    return [LintFinding(name, "页码", "页眉页脚中没有“第 X 页 共 Y 页”（PAGE 与 NUMPAGES 域）")]


def dump_template(source: Path | bytes) -> str:
    """The template's text with its tags: paragraphs one per line, table rows as | a | b |."""
    where = "（模板）" if isinstance(source, bytes) else str(source)
    if isinstance(source, bytes):
        check_docx_bytes(source, where).close()
        data = source
    else:
        data = read_docx(source)
    try:
        return _dump(Document(io.BytesIO(data)))
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        raise InputFileError(f"无法作为 .docx 读取（{type(exc).__name__}）", where=where,
                             hint="请用 Word 或 WPS 打开后另存为 .docx") from None


def _dump(doc: Any) -> str:
    lines: list[str] = []
    for section in doc.sections:
        for label, part in (("页眉", section.header), ("页脚", section.footer)):
            if part.is_linked_to_previous:
                continue
            for table in part.tables:
                for row in table.rows:
                    lines.append(f"[{label}] | " + " | ".join(c.text for c in row.cells) + " |")
            for paragraph in part.paragraphs:
                if paragraph.text.strip():
                    lines.append(f"[{label}] {paragraph.text}")
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            style = block.style.name if block.style is not None else ""
            prefix = "#" * int(style[-1]) + " " if style.startswith("Heading ") else ""
            if block.text or prefix:
                lines.append(prefix + block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append("| " + " | ".join(c.text.replace("\n", " / ") for c in row.cells) + " |")
    return "\n".join(lines) + "\n"


def example_contexts() -> list[RenderContext]:
    """Contexts of the example profiles, with a sample `this`, for trial renders."""
    contexts = []
    for path in example_profiles().values():
        ctx = build_context(load_profile(path).profile)
        ctx["this"] = {"id": "P00", "title": "示例", "code": "X/CX-00", "version": "A/0", "distribution": "01",
                       "revisions": [{"version": "A/0", "date": "2026-01-01", "change": "首次发布",
                                      "by": "甲", "approved_by": "乙"}]}
        # The build supplies the charts as pictures; a trial render only needs the names.
        ctx["images"] = {"org_chart": "", "aftersales_chart": "", "flow_chart": ""}
        contexts.append(ctx)
    return contexts


def pack_files(folder: Path) -> list[Path]:
    """Every template of a pack, the sector folders (procedures/<sector>/ …) included."""
    return sorted(p for sub in FOLDERS
                  for pattern in ("*.docx", "*/*.docx") for p in (folder / sub).glob(pattern)
                  if not p.name.startswith("~$"))


def find_templates(folder: Path, name: str) -> list[Path]:
    """The templates `name` stands for: a path as `templates list` prints it
    (procedures/P04-….docx), else the start of a file name or of such a path (P04)."""
    wanted = name.replace("\\", "/").strip("/")
    files = pack_files(folder)
    exact = [p for p in files if p.relative_to(folder).as_posix() == wanted]
    found = exact or [p for p in files if p.name.startswith(wanted)
                      or p.relative_to(folder).as_posix().startswith(wanted)]
    # "P13" names the common template; a sector's own is named by its path (procedures/<sector>/…)
    common = [p for p in found if p.parent.parent == folder]
    return common if len(found) > 1 and len(common) == 1 else found


def lint_pack(folder: Path) -> list[LintFinding]:
    """Lint every template; a sector's templates with the example contexts of that sector."""
    findings = [LintFinding(str(path), "模板包", text) for path, text in layout_problems(folder)]
    if not folder.is_dir():
        return findings
    contexts = example_contexts()
    with RenderWorker() as worker:
        for path in pack_files(folder):
            sector = path.parent.name if path.parent.parent.parent == folder else None
            trial = [c for c in contexts if c["sector"]["id"] == sector] if sector else contexts
            if is_ours(path):
                findings.extend(lint_template(path, trial or contexts))
                continue
            try:
                findings.extend(worker.call(lint_template, path, trial or contexts,
                                            label=str(path)))
            except TemplateRenderError as exc:
                findings.append(LintFinding(path.name, "资源", exc.message))
    return findings
