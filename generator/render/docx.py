"""Render one docxtpl template with the shared sandboxed environment."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, ClassVar

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import BaseLoader, Environment, TemplateError
from jinja2.exceptions import SecurityError

from generator.errors import InputFileError, TemplatePackError, TemplateRenderError
from generator.ooxml import template as xml_template
from generator.ooxml.package import XmlError
from generator.ooxml.safety import check_docx_bytes
from generator.render.environment import make_env
from generator.render.fastdocx import prepare, render_prepared


class _NoFiles(BaseLoader):
    """A template is one .docx: {% include %}, {% import %} and {% extends %} read nothing
    (without a loader Jinja raises a bare TypeError instead of a template error)."""

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Any]:
        raise SecurityError(f"模板不能引用其他文件（include/import/extends “{template}”）")


_ENV = make_env()
_ENV.loader = _NoFiles()
# What a template's own expressions can raise besides Jinja's errors ({{ 1/0 }}, {{ 1 + 'a' }},
# a macro calling itself), and the XML a `|safe` value can break.
_TEMPLATE_FAULTS = (ArithmeticError, TypeError, ValueError, LookupError, AttributeError,
                    RecursionError, XmlError)


class _Template(DocxTemplate):  # type: ignore[misc]  # docxtpl ships no types
    """docxtpl's template with its XML clean-up (`patch_xml`, a pile of regexes) remembered per
    source text: the same template rendered again in this process skips it."""

    _patched: ClassVar[dict[str, str]] = {}

    def patch_xml(self, src_xml: str) -> str:
        found = self._patched.get(src_xml)
        if found is None:
            found = super().patch_xml(src_xml)
            if len(self._patched) > 512:
                self._patched.clear()
            self._patched[src_xml] = found
        return found


def render_template(template: Path, context: dict[str, Any],
                    images: dict[str, tuple[bytes, float]] | None = None) -> bytes:
    """Render `template` with `context`; return the .docx bytes.

    A Jinja error becomes TemplateRenderError naming the template and showing the text
    around the fault (docxtpl attaches it as `docx_context`).
    """
    try:
        # a pack from a third party may hold a zip bomb: sizes are checked before inflating
        check_docx_bytes(template.read_bytes(), template.name).close()
    except InputFileError as exc:
        raise TemplatePackError(f"模板文件不可用：{exc.message}", where=str(template),
                                hint=exc.hint) from None
    except OSError as exc:
        raise TemplatePackError(f"无法读取模板（{exc.strerror}）", where=str(template)) from None
    try:
        # Pictures need docxtpl's part machinery; everything else takes the prepared path.
        prepared = None if images else prepare(template, _Template)
        tpl = prepared.tpl if prepared else _Template(str(template))
    except Exception as exc:  # python-docx raises several unrelated types for a bad package
        raise TemplatePackError(
            f"无法打开模板（{type(exc).__name__}）", where=str(template),
            hint="请确认该文件是 Word 2007 及以上的 .docx 格式且未损坏",
        ) from None
    if images:
        pictures = {name: InlineImage(tpl, io.BytesIO(data), width=Mm(width))
                    for name, (data, width) in images.items()}
        context = {**context, "images": pictures}
    try:
        if prepared is not None:
            return render_prepared(prepared, context, _ENV)
        tpl.render(context, jinja_env=_ENV, autoescape=True)
    except SecurityError as exc:
        raise TemplateRenderError(
            f"模板试图访问不允许的内容，已被沙箱阻止：{exc}", where=template.name,
            hint="模板中只能使用企业档案提供的变量",
        ) from None
    except TemplateError as exc:
        context_lines = getattr(exc, "docx_context", None) or _runtime_context(
            prepared.body if prepared else tpl.patch_xml(tpl.get_xml()), exc)
        around = " / ".join(s.strip() for s in context_lines if s.strip())
        detail = f"{exc.message or type(exc).__name__}"
        where = template.name
        if around:
            detail += f"\n  出错位置附近的文字：{around[:300]}"
        raise TemplateRenderError(f"模板渲染失败：{detail}", where=where,
                                  hint="请用 svcmanual templates lint 检查该模板") from None
    except _TEMPLATE_FAULTS as exc:
        source = prepared.body if prepared else tpl.patch_xml(tpl.get_xml())
        around = " / ".join(s.strip() for s in _runtime_context(source, exc) if s.strip())
        detail = f"模板中的表达式运行出错（{type(exc).__name__}：{str(exc)[:200]}）"
        if around:
            detail += f"\n  出错位置附近的文字：{around[:300]}"
        raise TemplateRenderError(detail, where=template.name,
                                  hint="请用 svcmanual templates lint 检查该模板") from None
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


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
