"""The base of every profile model, and the text types its fields share.

Models are frozen, strip whitespace and reject unknown keys; every text must be writable into
a .docx (`text_problem`).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator

NonEmpty = Annotated[str, Field(min_length=1, max_length=2000)]
Name = Annotated[str, Field(min_length=1, max_length=100)]
Phone = Annotated[
    str,
    Field(
        min_length=3,
        max_length=40,
        pattern=r"^[0-9+（）()\- 转]+$",
        description="电话号码，如 400-800-1234 或 0571-88886666",
    ),
]


# Characters XML 1.0 cannot carry (a .docx would not save or reopen) besides tab and line feed,
# and docxtpl's escape marks, which it rewrites in the rendered XML ("{_{" becomes "{{").
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
_DOCXTPL_ESCAPES = ("{_{", "}_}", "{_%", "%_}")


def text_problem(value: str) -> str | None:
    """Why `value` cannot be written into a Word document as it is, or None."""
    bad = _XML_FORBIDDEN.search(value)
    if bad is not None:
        code = ord(bad.group())
        what = "代理字符" if 0xD800 <= code <= 0xDFFF else (
            "非字符" if code in (0xFFFE, 0xFFFF) else "不可见的控制字符")
        return (f"第 {bad.start() + 1} 个字符是{what} U+{code:04X}，Word 文档无法保存，"
                "请删除该字符（常见于从其他软件复制粘贴的文字）")
    for mark in _DOCXTPL_ESCAPES:
        if mark in value:
            return f"含有“{mark}”：这是模板引擎的转义记号，生成时会被改写，请改用全角括号“｛｝”"
    return None


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _writable_text(cls, value: object) -> object:
        """Every text of the profile ends up in a .docx: refuse what XML cannot hold."""
        if isinstance(value, str):
            problem = text_problem(value)
            if problem:
                raise ValueError(problem)
        elif isinstance(value, list):
            for i, item in enumerate(value, 1):
                problem = text_problem(item) if isinstance(item, str) else None
                if problem:
                    raise ValueError(f"第 {i} 项{problem}")
        return value
