"""Document control (文件控制信息) and what the profile excludes (删减).
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from generator.profile.model.base import Model, Name, NonEmpty


class DocumentControl(Model):
    prefix: str = Field(
        pattern=r"^[A-Z][A-Z0-9]{0,9}$",
        description="文件编号前缀（大写字母与数字），如 HR，生成 HR/SC-01、HR/CX-04",
    )
    version: str = Field(
        default="A/0", pattern=r"^[A-Z]/\d{1,2}$", description="初始版本号，如 A/0"
    )
    prepared_by: Name = Field(description="编制人")
    reviewed_by: Name = Field(description="审核人")
    approved_by: Name = Field(description="批准人")
    issue_date: dt.date = Field(description="发布日期")
    effective_date: dt.date = Field(description="实施日期（不早于发布日期）")
    record_retention_years: int = Field(
        default=3, ge=1, le=30, description="记录的一般保存期限（年）"
    )


class Exclusion(Model):
    id: Name = Field(description="删减的程序编号（如 P08）或评价指标编号（如 5.2.3）")
    reason: NonEmpty = Field(description="删减理由，将写入手册")


class Exclusions(Model):
    procedures: list[Exclusion] = Field(default_factory=list, description="删减的程序文件")
    indicators: list[Exclusion] = Field(default_factory=list, description="删减的评价指标")
