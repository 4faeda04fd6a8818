"""Pydantic models of the company profile (企业档案).

Every field carries a Chinese description: `svcmanual schema` publishes them so that editors
can autocomplete and explain. Models are frozen and reject unknown keys; cross-field rules
live in `checks.py` so that all problems are reported at once, each with its place.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from generator.profile.defaults import DEFAULT_LAWS

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


# ---------------------------------------------------------------- company


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_digit(first17: str) -> str:
    """Check digit of a 统一社会信用代码 (GB 32100-2015)."""
    total = sum(_CREDIT_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=False))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


class Company(Model):
    name: Name = Field(description="企业全称，与营业执照一致")
    short_name: Name = Field(description="企业简称，用于正文中的简短称呼")
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


# ---------------------------------------------------------------- scope


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


# ---------------------------------------------------------------- organisation


class Person(Model):
    name: Name = Field(description="姓名")
    title: Name | None = Field(default=None, description="职务")
    phone: Phone | None = Field(default=None, description="联系电话")


class Department(Model):
    name: Name = Field(description="部门名称，在程序文件中原样引用")
    head: Name = Field(description="部门负责人姓名")
    head_title: Name = Field(default="部长", description="负责人职务称谓，如 部长、经理、主任")
    headcount: int = Field(ge=1, le=1_000_000, description="部门人数")
    duties: list[NonEmpty] = Field(min_length=1, description="部门在售后服务中的职责")
    reports_to: Name | None = Field(
        default=None,
        description="直接上级：总经理、副总经理（须已填 deputy_manager）或另一部门的名称；"
                    "不填时售后服务归口部门向副总经理（如有）汇报，其他部门向总经理汇报",
    )


class Post(Model):
    name: Name = Field(description="岗位名称，在程序文件中原样引用")
    department: Name = Field(description="所属部门（须为 departments 中的名称）")
    count: int = Field(ge=1, le=100_000, description="岗位人数")
    duties: list[NonEmpty] = Field(min_length=1, description="岗位职责")
    qualifications: list[NonEmpty] = Field(
        default_factory=list, description="任职要求（学历、证书、经验）"
    )


class ServiceManager(Model):
    name: Name = Field(description="售后服务管理师姓名")
    department: Name = Field(description="所在部门（须为 departments 中的名称）")
    certificate_no: Name | None = Field(default=None, description="管理师证书编号")


class SupervisionMember(Model):
    name: Name = Field(description="成员姓名")
    department: Name = Field(description="所在部门（须为 departments 中的名称）")
    full_time: bool = Field(default=False, description="是否专职从事售后服务监督")


class Supervision(Model):
    name: Name = Field(description="监督机构名称，如 售后服务监督小组")
    leader: Name = Field(description="监督机构负责人姓名")
    members: list[SupervisionMember] = Field(min_length=1, description="监督机构成员")
    frequency: Name = Field(default="每月", description="例行监督检查频次，如 每月、每季度")


class Functions(Model):
    """Which department or post carries each function the procedures assign."""

    hr: Name = Field(description="负责培训与人员考核的部门")
    office: Name = Field(description="负责文件与记录控制的部门")
    quality: Name = Field(description="负责质量分析与纠正预防措施的部门")
    technical: Name = Field(description="负责技术支持与故障分析的部门")
    sales: Name = Field(description="负责销售与客户合同的部门")
    finance: Name = Field(description="负责售后经费与赔偿支付的部门")
    warehouse: Name | None = Field(
        default=None, description="负责备品备件与配送的部门（无实物商品可省略，由售后服务部门承担）"
    )
    dispatcher: Name = Field(description="负责受理与派工的岗位（须为 posts 中的名称）")
    agent: Name = Field(description="负责热线接听与回访的岗位（须为 posts 中的名称）")
    engineer: Name = Field(description="负责现场服务与维修的岗位（须为 posts 中的名称）")
    parts_keeper: Name | None = Field(
        default=None, description="负责备件管理的岗位（可省略，由服务工程师岗位兼任）"
    )
    doc_controller: Name | None = Field(
        default=None, description="负责文件控制的岗位（可省略，由文件控制部门指定专人）"
    )


class Organization(Model):
    general_manager: Person = Field(description="总经理（颁布令签署人）")
    deputy_manager: Person | None = Field(
        default=None, description="分管售后服务的副总经理（可选）"
    )
    management_representative: Person = Field(description="管理者代表")
    aftersales_department: Name = Field(
        description="售后服务主管部门名称（须为 departments 中的名称）"
    )
    departments: list[Department] = Field(min_length=1, description="部门及其职责")
    posts: list[Post] = Field(min_length=1, description="售后服务相关岗位")
    functions: Functions = Field(description="各项职能由哪个部门或岗位承担")
    service_managers: list[ServiceManager] = Field(
        default_factory=list, description="售后服务管理师名单"
    )
    supervision: Supervision = Field(description="售后服务监督机构")


# ---------------------------------------------------------------- network


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


# ---------------------------------------------------------------- culture and commitments


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
    loaner: bool = Field(default=False, description="维修期间是否提供备用机")
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


class Warranty(Model):
    return_days: int | None = Field(
        default=None, ge=1, le=365, description="可退货期限（天，自签收之日起；无则省略）"
    )
    exchange_days: int | None = Field(
        default=None, ge=1, le=365, description="可换货期限（天；无则省略）"
    )
    whole_months: int = Field(ge=1, le=240, description="整机（或服务）保修期（月）")
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


# ---------------------------------------------------------------- resources and training


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
    issuer: Name | None = Field(default=None, description="发布机关")
    effective: dt.date | None = Field(default=None, description="施行日期")


# ---------------------------------------------------------------- document control


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


# ---------------------------------------------------------------- the profile


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
