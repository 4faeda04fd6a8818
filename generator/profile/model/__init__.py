"""Pydantic models of the company profile (企业档案): `Profile` and its parts, by area.

Every field carries a Chinese description: `svcmanual schema` publishes them so that editors
can autocomplete and explain. Models are frozen and reject unknown keys (`base.Model`);
cross-field rules live in `profile.checks` so that all problems are reported at once, each
with its place.
"""

from __future__ import annotations

from pydantic import Field

from generator.profile.defaults import DEFAULT_LAWS
from generator.profile.model.base import Model
from generator.profile.model.company import Company, Scope
from generator.profile.model.document import DocumentControl, Exclusions
from generator.profile.model.organization import Organization
from generator.profile.model.resources import Law, Resources, Training
from generator.profile.model.service import Charges, Commitments, Culture, Network, Warranty


class Profile(Model):
    slug: str = Field(
        pattern=r"^[a-z0-9][a-z0-9-]{0,62}$",
        description="输出文件夹名（小写字母、数字和连字符），如 hengrun",
    )
    company: Company = Field(description="企业基本信息")
    scope: Scope = Field(description="产品/服务范围")
    organization: Organization = Field(description="组织架构、职能与人员")
    network: Network = Field(default_factory=Network, description="服务网络")
    culture: Culture = Field(description="服务文化：理念、方针、目标")
    commitments: Commitments = Field(description="服务承诺（时限等数值）")
    warranty: Warranty = Field(description="保修与三包")
    charges: Charges = Field(description="维修及配件收费")
    resources: Resources = Field(description="资源保障")
    training: Training = Field(description="培训与激励")
    laws: list[Law] = Field(
        default_factory=lambda: [Law(name=n) for n in DEFAULT_LAWS],
        description="适用的法律法规及标准（省略时使用默认清单）",
    )
    document_control: DocumentControl = Field(description="文件控制信息")
    exclusions: Exclusions = Field(default_factory=Exclusions, description="删减")
