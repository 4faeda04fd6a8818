"""Render one docxtpl template with the shared sandboxed environment.

A template outside the default pack is a third party's: given a `RenderWorker`, it renders in
that worker, within its time, CPU and memory budget (`generator.render.budget`).
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, ClassVar

from docxtpl import DocxTemplate
from jinja2 import BaseLoader, Environment, TemplateError
from jinja2.exceptions import SecurityError

from generator.errors import InputFileError, TemplatePackError, TemplateRenderError
from generator.ooxml import template as xml_template
from generator.ooxml.guard import MAX_FILE_BYTES, read_input
from generator.ooxml.package import XmlError, has_body_section
from generator.ooxml.safety import check_docx_bytes
from generator.render.budget import RenderWorker
from generator.render.environment import make_env
from generator.render.fastdocx import prepare, render_prepared
from generator.resources import data_dir


class _NoFiles(BaseLoader):
    """A template is one .docx: {% include %}, {% import %} and {% extends %} read nothing
    (without a loader Jinja raises a bare TypeError instead of a template error)."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Any]:
        raise SecurityError(f"模板不能引用其他文件（include/import/extends “{template}”）")


_ENV = make_env()
_ENV.loader = _NoFiles()
# What a template's own expressions can raise besides Jinja's errors ({{ 1/0 }}, {{ 1 + 'a' }},
# a macro calling itself), and the XML a `|safe` value can break.
# The characters docxtpl's `resolve_listing` turns into markup (tab, paragraph, line, page).
_LISTING = re.compile("[\t\a\n\f]")
_TEMPLATE_FAULTS = (ArithmeticError, TypeError, ValueError, LookupError, AttributeError,
                    RecursionError, XmlError)


class _Template(DocxTemplate):  # docxtpl ships no types
    """docxtpl's template with its XML clean-up (`patch_xml`, a pile of regexes) remembered per
    source text: the same template rendered again in this process skips it. Its pass turning
    tabs, line and page breaks in values into Word markup (`resolve_listing`, three nested
    regex passes over every paragraph) runs only when the XML holds such a character."""

    _patched: ClassVar[dict[str, str]] = {}

    def patch_xml(self, src_xml: str) -> str:
        found = self._patched.get(src_xml)
        if found is None:
            found = super().patch_xml(src_xml)
            if len(self._patched) > 512:
                self._patched.clear()
            self._patched[src_xml] = found
        return found

    def resolve_listing(self, xml: str) -> str:
        if _LISTING.search(xml) is None:  # nothing it would replace
            return xml
        return str(super().resolve_listing(xml))


@lru_cache(maxsize=1)
def _shipped() -> Path:
    return data_dir("templates").resolve()


def is_ours(template: Path) -> bool:
    """A template of the default pack shipped with svcmanual (trusted, rendered in-process)."""
    try:
        return template.resolve().is_relative_to(_shipped())
    except OSError:
        return False


# The packages already checked (digest of the bytes -> whether the body ends in its section
# properties): a template rendered again is read again, not inflated and parsed again.
_CHECKED: dict[bytes, bool] = {}


def _read_template(template: Path) -> tuple[bytes, bool]:
    """The template's bytes through the guarded reader (a pack from a third party may hold a
    zip bomb: sizes are counted while inflating) and whether it has its body section."""
    data = read_input(template, MAX_FILE_BYTES, where=template.name)
    key = hashlib.blake2b(data, digest_size=20).digest()
    sectioned = _CHECKED.get(key)
    if sectioned is None:
        check_docx_bytes(data, template.name).close()
        sectioned = has_body_section(data)
        if len(_CHECKED) > 1024:
            _CHECKED.clear()
        _CHECKED[key] = sectioned
    return data, sectioned


def render_template(template: Path, context: dict[str, Any],
                    worker: RenderWorker | None = None) -> bytes:
    """Render `template` with `context`; return the .docx bytes. With a `worker`, a template
    that is not ours renders in it, within its budget.

    A Jinja error becomes TemplateRenderError naming the template and showing the text
    around the fault (docxtpl attaches it as `docx_context`).
    """
    if worker is not None and not is_ours(template):
        return bytes(worker.call(render_template, template, context,
                                 label=str(template)))
    try:
        data, sectioned = _read_template(template)
        sectioned = sectioned or is_ours(template)  # ours are known to be
    except InputFileError as exc:
        raise TemplatePackError(f"模板文件不可用：{exc.message}", where=str(template),
                                hint=exc.hint) from None
    except (XmlError, KeyError):
        raise TemplatePackError("模板的正文部分（word/document.xml）已损坏", where=str(template),
                                hint="请用 Word 打开该模板后另存为 .docx") from None
    if not sectioned:
        raise TemplatePackError(
            "模板正文末尾缺少分节设置（sectPr：纸张、页边距、页眉页脚）",
            where=str(template),
            hint="请用 Word 打开该模板，在“布局”中确认页面设置后另存为 .docx；"
                 "或从默认模板复制一份再修改")
    try:
        prepared = prepare(template, _Template, data)
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        raise TemplatePackError(
            f"无法打开模板（{type(exc).__name__}）", where=str(template),
            hint="请确认该文件是 Word 2007 及以上的 .docx 格式且未损坏",
        ) from None
    try:
        return render_prepared(prepared, context, _ENV)
    except SecurityError as exc:
        raise TemplateRenderError(
            f"模板试图访问不允许的内容，已被沙箱阻止：{exc}", where=template.name,
            hint="模板中只能使用企业档案提供的变量",
        ) from None
    except TemplateError as exc:
        context_lines = getattr(exc, "docx_context", None) or _runtime_context(
            prepared.body, exc)
        around = " / ".join(s.strip() for s in context_lines if s.strip())
        detail = f"{exc.message or type(exc).__name__}"
        where = template.name
        if around:
            detail += f"\n  出错位置附近的文字：{around[:300]}"
        raise TemplateRenderError(f"模板渲染失败：{detail}", where=where,
                                  hint="请用 svcmanual templates lint 检查该模板") from None
    except _TEMPLATE_FAULTS as exc:
        around = " / ".join(s.strip() for s in _runtime_context(prepared.body, exc) if s.strip())
        detail = f"模板中的表达式运行出错（{type(exc).__name__}：{str(exc)[:200]}）"
        if around:
            detail += f"\n  出错位置附近的文字：{around[:300]}"
        raise TemplateRenderError(detail, where=template.name,
                                  hint="请用 svcmanual templates lint 检查该模板") from None


def _runtime_context(source: str, exc: BaseException) -> list[str]:
    """For an error raised while rendering (e.g. an undefined field), docxtpl gives no
    position; Jinja's traceback does: frames of the compiled template carry the line of the
    XML source, where docxtpl put each paragraph on a line of its own."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    if line is None:
        return []
    lines = xml_template.paragraphs_on_lines(source).splitlines()
    return [xml_template.strip_markup(text) for text in lines[max(0, line - 2): line + 1]]
