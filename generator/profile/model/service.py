"""What the service is: network, commitments, culture and targets, warranty and charges.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from generator.profile.model.base import Model, Name, NonEmpty, Phone


class Outlet(Model):
    name: Name = Field(description="网点名称")
    kind: Literal["self_built", "entrusted"] = Field(
        description="网点性质：self_built 自建，entrusted 外委（委托第三方）"
    )
    region: Name = Field(description="覆盖区域，如 浙江省杭州市")
    address: NonEmpty = Field(description="网点地址")
    phone: Phone = Field(description="网点电话")
    contact: Name = Field(description="网点负责人")
    staff: int = Field(ge=1, le=100_000, description="网点服务人员数")
    agreement_until: dt.date | None = Field(
        default=None, description="外委网点的委托服务协议有效期至"
    )


class Network(Model):
    outlets: list[Outlet] = Field(
        default_factory=list, description="服务网点（自建与外委）"
    )
    remote_support: NonEmpty | None = Field(
        default=None, description="远程服务方式，如 远程诊断平台、视频指导"
    )


class OnsiteLimit(Model):
    area: Name = Field(description="区域，如 市区、县城、偏远地区")
    hours: int = Field(ge=1, le=720, description="到达现场的时限（小时）")


class Commitments(Model):
    response_hours: float = Field(gt=0, le=72, description="接到报修后响应时限（小时）")
    onsite: list[OnsiteLimit] = Field(
        default_factory=list, description="按区域的上门服务时限（无上门服务可为空）"
    )
    repair_days: int = Field(ge=1, le=60, description="一般故障修复时限（天）")
    complaint_response_hours: int = Field(
        ge=1, le=72, description="投诉受理后答复客户的时限（小时）"
    )
    complaint_close_days: int = Field(ge=1, le=60, description="投诉处理完毕的时限（天）")
    callback_days: int = Field(ge=1, le=30, description="服务完成后回访的时限（天）")
    spare_parts_years: int | None = Field(
        default=None, ge=1, le=30, description="产品停产后备件供应年限（年）"
    )
    loaner: bool = Field(default=False, description="维修期间是否提供备用机（或行业的备用车辆等）")
    safety_hours: int | None = Field(
        default=None, ge=1, le=24,
        description="涉及人身安全（患者、师生）的报修，接报后给出处置意见的时限（小时）",
    )
    pm_per_year: int | None = Field(
        default=None, ge=1, le=12,
        description="保修期内每台设备每年免费预防性维护（含电气安全检测）的次数（医疗器械）",
    )
    free_service_hours: list[int] = Field(
        default_factory=list,
        description="保修期内免费定期保养的工作小时节点，如 [50, 250, 500]（工程机械）",
    )
    parts_hours: int | None = Field(
        default=None, ge=1, le=720, description="常用配件送达施工现场的时限（小时，工程机械）"
    )
    standby_hours: int | None = Field(
        default=None, ge=1, le=720, description="维修期间备用车辆调配到位的时限（小时，环卫车辆）"
    )
    seasonal_checks: list[NonEmpty] = Field(
        default_factory=list,
        description="季节性作业前巡检安排（季节、截止日期、内容），如 每年11月30日前完成除雪设备巡检",
    )
    term_check_days: int | None = Field(
        default=None, ge=1, le=60, description="学期巡检最迟在开学前完成的天数（教学仪器）"
    )
    install_days: int | None = Field(
        default=None, ge=1, le=60,
        description="到货后完成安装调试的时限（工作日；合同另有约定的从其约定）",
    )
    teacher_training_hours: int | None = Field(
        default=None, ge=1, le=100, description="安装后为每所学校实验教师提供的培训学时（不少于）"
    )
    extra: list[NonEmpty] = Field(default_factory=list, description="其他服务承诺")


class Target(Model):
    name: Name = Field(description="目标名称，如 顾客满意度")
    comparator: Literal[">=", "<="] = Field(description="比较方式：>= 不低于，<= 不高于")
    value: float = Field(description="目标值")
    unit: str = Field(default="%", max_length=10, description="单位，如 %、小时、次")
    measure: NonEmpty = Field(description="统计方法与数据来源")


class Culture(Model):
    philosophy: NonEmpty = Field(description="服务理念")
    policy: NonEmpty = Field(description="服务方针")
    slogan: NonEmpty | None = Field(default=None, description="服务口号")
    promotion: list[NonEmpty] = Field(
        min_length=1, description="服务文化宣传方式，如 官网公示、门店张贴、保修卡印制"
    )
    targets: list[Target] = Field(min_length=1, description="量化的售后服务目标")


class PartWarranty(Model):
    name: Name = Field(description="部件名称，如 压缩机")
    months: int = Field(ge=1, le=240, description="保修期（月）")
    hours: int | None = Field(
        default=None, ge=1, le=100_000,
        description="保修工作小时数，与月数以先到者为准（工程机械；无则省略）",
    )


class Warranty(Model):
    return_days: int | None = Field(
        default=None, ge=1, le=365, description="可退货期限（天，自签收之日起；无则省略）"
    )
    exchange_days: int | None = Field(
        default=None, ge=1, le=365, description="可换货期限（天；无则省略）"
    )
    whole_months: int = Field(ge=1, le=240, description="整机（或服务）保修期（月）")
    whole_hours: int | None = Field(
        default=None, ge=1, le=50_000,
        description="整机保修工作小时数，与 whole_months 以先到者为准（工程机械；无则省略）",
    )
    chassis_policy: NonEmpty | None = Field(
        default=None,
        description="底盘由底盘生产企业保修时的依据和受理方式（环卫专用车：本公司只保修上装）",
    )
    main_parts: list[PartWarranty] = Field(
        default_factory=list, description="主要部件的保修期"
    )
    exclusions: list[NonEmpty] = Field(
        min_length=1, description="不属于免费保修的情形"
    )


class ChargeItem(Model):
    item: Name = Field(description="收费项目")
    price: NonEmpty = Field(description="收费标准，如 80 元/次")
    note: NonEmpty | None = Field(default=None, description="说明")


class Charges(Model):
    items: list[ChargeItem] = Field(min_length=1, description="维修及服务收费项目")
    parts_policy: NonEmpty = Field(description="配件收费原则")
    publication: list[NonEmpty] = Field(
        min_length=1, description="收费标准公示方式"
    )
