"""The company (企业基本信息) and the scope of its after-sales service (产品/服务范围).
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import Field, field_validator

from generator.catalog.sectors import SectorId
from generator.profile.model.base import Model, Name, NonEmpty, Phone

_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_digit(first17: str) -> str:
    """Check digit of a 统一社会信用代码 (GB 32100-2015)."""
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=False))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


class Company(Model):
    name: Name = Field(description="企业全称，与营业执照一致")
    short_name: Name = Field(description="企业简称，用于正文中的简短称呼")
    former_names: list[Name] = Field(
        default_factory=list,
        description="曾用名：企业更名后填写原全称，重新生成时原文件集按更名修订（不填则视为另一家企业，不覆盖原文件集）",
    )
    credit_code: str | None = Field(
        default=None, description="统一社会信用代码（18 位，可选；填写时校验校验码）"
    )
    legal_representative: Name = Field(description="法定代表人姓名")
    address: NonEmpty = Field(description="注册或经营地址")
    postcode: str | None = Field(
        default=None, pattern=r"^\d{6}$", description="邮政编码（6 位数字）"
    )
    website: str | None = Field(default=None, max_length=200, description="企业网址")
    email: str | None = Field(default=None, max_length=200, description="售后服务电子邮箱")
    hotline: Phone = Field(description="全国统一售后服务热线")
    service_hours: NonEmpty = Field(
        default="周一至周日 8:00—20:00", description="热线及服务受理时间"
    )
    online_channels: list[Name] = Field(
        default_factory=list,
        description="线上受理渠道，如 微信公众号、官网在线客服、小程序",
    )
    founded: dt.date = Field(description="成立日期，如 2008-05-12")
    employees: int = Field(gt=0, le=10_000_000, description="员工总人数")
    registered_capital: Name | None = Field(default=None, description="注册资本，如 5000 万元")
    industry: Name = Field(description="所属行业，如 家用电器制造")
    sector: SectorId | None = Field(
        default=None,
        description="行业包编号（svcmanual sectors 列出全部），决定按行业编写的程序、表单和法规清单；"
        "省略时使用通用文本",
    )
    introduction: list[NonEmpty] = Field(
        min_length=1, description="公司简介，每段一项，用于手册“公司简介”章节"
    )
    certifications: list[Name] = Field(
        default_factory=list, description="已获得的管理体系认证或资质，如 ISO 9001"
    )

    @field_validator("credit_code")
    @classmethod
    def _check_credit_code(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.upper()
        if not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", code):
            raise ValueError("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）")
        expected = credit_code_check_digit(code[:17])
        if code[17] != expected:
            raise ValueError(f"统一社会信用代码校验码不符：末位应为 {expected}，请核对营业执照")
        return code


class Product(Model):
    name: Name = Field(description="产品或服务名称")
    category: Name | None = Field(default=None, description="类别，如 空调、软件运维服务")
    tangible: bool = Field(
        default=True, description="是否为有形商品（false 表示无形的服务或软件）"
    )
    installation: bool = Field(default=False, description="是否需要上门安装调试")
    description: NonEmpty | None = Field(default=None, description="简要说明")


class Scope(Model):
    products: list[Product] = Field(min_length=1, description="售后服务覆盖的产品与服务")
    services: list[Name] = Field(
        min_length=1, description="提供的售后服务项目，如 安装调试、维修保养、技术培训"
    )
    sales_regions: list[Name] = Field(min_length=1, description="销售区域（省份或大区）")
    sales_channels: list[Name] = Field(
        default_factory=list, description="销售渠道，如 经销商、电商平台、招投标"
    )
