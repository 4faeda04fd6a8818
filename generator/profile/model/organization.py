"""The organisation: departments, posts, the functions they carry, people and supervision.
"""

from __future__ import annotations

from pydantic import Field

from generator.profile.model.base import Model, Name, NonEmpty, Phone


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
    alteration: Name | None = Field(
        default=None,
        description="承担返修、修改和补做缝制作业的车间或班组（服装行业；省略时由质量部门承担）",
    )
    construction: Name | None = Field(
        default=None,
        description="负责施工组织、现场管理和节点验收的部门（家装行业；须为 departments 中的名称）",
    )
    project_manager: Name | None = Field(
        default=None,
        description="对在建工地负责、组织验收和移交的岗位（家装行业；须为 posts 中的名称）",
    )
    inspector: Name | None = Field(
        default=None,
        description="对隐蔽工程、竣工工程和返修验收复核的岗位（须为 posts 中的名称；省略时由质量部门承担）",
    )
    ae_monitor: Name | None = Field(
        default=None,
        description="负责医疗器械不良事件收集、评价和报告的岗位（须为 posts 中的名称；省略时由质量部门承担）",
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
