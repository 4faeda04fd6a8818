"""The road to the certificate (认证推进) and who signs which kind of document (审批权限).

`certification` holds the company's plan: the target star level, the trial run of the system,
the planned application. `approvals` is the one approval table that P20, the 管理者代表任命书
and every signature block are rendered from; it names roles, which `profile.approvals` resolves
to people.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from generator.profile.model.base import Model, Name

Role = Literal[
    "general_manager", "deputy_manager", "management_representative",
    "aftersales_head", "office_head", "quality_head", "preparer",
]
ROLE_LABELS: dict[str, str] = {
    "general_manager": "总经理",
    "deputy_manager": "分管副总经理",
    "management_representative": "管理者代表",
    "aftersales_head": "售后服务主管部门负责人",
    "office_head": "文件控制部门负责人",
    "quality_head": "质量部门负责人",
    "preparer": "编制人",
}
DocKind = Literal["manual", "procedure", "record"]
KIND_LABELS: dict[str, str] = {"manual": "售后服务手册", "procedure": "程序文件", "record": "记录表单格式"}


class Approval(Model):
    prepared_by: Role = Field(default="preparer", description="编制：角色（preparer 即 document_control.prepared_by）")
    reviewed_by: Role = Field(description="审核：角色，如 management_representative、aftersales_head")
    approved_by: Role = Field(description="批准：角色，如 general_manager、management_representative")


class Approvals(Model):
    manual: Approval = Field(
        default_factory=lambda: Approval(reviewed_by="management_representative",
                                         approved_by="general_manager"),
        description="售后服务手册的编制、审核、批准（默认：管理者代表审核，总经理批准）",
    )
    procedure: Approval = Field(
        default_factory=lambda: Approval(reviewed_by="aftersales_head",
                                         approved_by="management_representative"),
        description="程序文件的编制、审核、批准（默认：售后服务主管部门负责人审核，管理者代表批准）",
    )
    record: Approval = Field(
        default_factory=lambda: Approval(reviewed_by="office_head",
                                         approved_by="management_representative"),
        description="记录表单格式的编制、审核、批准（默认随所属程序文件由管理者代表批准）",
    )


class Certification(Model):
    target_level: Name = Field(default="五星级", description="目标等级，须为评分方案中的等级名称，如 五星级、四星级")
    trial_run_start: dt.date | None = Field(
        default=None, description="体系试运行开始日期（省略时为文件实施日期）")
    trial_run_months: int = Field(default=3, ge=1, le=12, description="试运行月数，一般为1至3个月")
    planned_application: dt.date | None = Field(
        default=None, description="计划提交认证申请的日期（省略时为管理评审后2周）")
    certification_body: Name | None = Field(default=None, description="拟申请的认证机构名称（可选）")
    surveillance_months: int = Field(
        default=12, ge=1, le=24,
        description="认证合同约定的监督间隔（月），用于编排认证推进计划；以认证机构的认证规则为准")
    certificate_years: int = Field(
        default=3, ge=1, le=6,
        description="认证证书有效期（年），用于编排监督计划；以认证机构颁发的证书为准")
    surveillance_extension_months: int | None = Field(
        default=None, ge=1, le=6,
        description="认证合同允许的监督最长延期（月）；按认证机构的认证规则填写，省略时文件只写“以认证机构的规定为准”")
