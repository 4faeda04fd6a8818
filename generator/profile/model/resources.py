"""What backs the service: funds, premises and tools, the information system, training, laws.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from generator.profile.model.base import Model, Name, NonEmpty


class Insurance(Model):
    insurer: Name = Field(description="承保机构")
    kind: Name = Field(description="险种，如 产品责任险")
    amount_wan: float = Field(gt=0, description="保额（万元）")


class InformationSystem(Model):
    name: Name = Field(description="客户服务信息系统名称")
    functions: list[NonEmpty] = Field(min_length=1, description="系统功能")


class SpareParts(Model):
    warehouse: NonEmpty = Field(description="备件库地点")
    items: int = Field(ge=1, description="备件品种数")
    policy: NonEmpty = Field(description="备件储备原则，如 按近 12 个月用量的 1.5 倍储备")


class Resources(Model):
    annual_budget_wan: float = Field(gt=0, description="年度售后服务经费（万元）")
    special_fund_wan: float = Field(ge=0, description="预先准备的售后服务专项资金（万元）")
    compensation_reserve_wan: float | None = Field(
        default=None, ge=0, description="赔偿准备金（万元，可与保险二选一或并存）"
    )
    insurance: list[Insurance] = Field(default_factory=list, description="投保的保险")
    premises: list[NonEmpty] = Field(min_length=1, description="售后服务场所及面积")
    information_system: InformationSystem = Field(description="客户服务信息系统")
    tools: list[NonEmpty] = Field(min_length=1, description="主要维修工具与检测设备")
    vehicles: int = Field(default=0, ge=0, description="服务车辆数")
    spare_parts: SpareParts | None = Field(
        default=None, description="备品备件（无实物商品可省略）"
    )
    safety_measures: list[NonEmpty] = Field(
        default_factory=list, description="服务安全保障措施"
    )


class Training(Model):
    hours_per_person: int = Field(ge=1, le=1000, description="每人每年培训学时")
    topics: list[NonEmpty] = Field(
        min_length=1, description="培训内容（技术、业务、服务文化）"
    )
    incentives: list[NonEmpty] = Field(
        min_length=1, description="激励措施，如 服务之星评选、晋升通道、员工关怀"
    )


class Law(Model):
    name: NonEmpty = Field(description="法律法规或标准名称（含书名号）")
    issuer: Name | None = Field(default=None, description="发布机关（省略时取自内置法规清单）")
    number: NonEmpty | None = Field(default=None, description="文号或标准号（省略时取自内置法规清单）")
    effective: dt.date | None = Field(default=None, description="施行日期（省略时取自内置法规清单）")
