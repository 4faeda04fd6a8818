"""The approval table resolved to people: who prepares, reviews and approves each kind of document.

P20's 审批权限表, the 管理者代表任命书, the first-page signature blocks and the 修订记录 rows all
read `signoffs(profile)`, so they cannot disagree.
"""

from __future__ import annotations

from typing import TypedDict

from generator.profile.model import Profile
from generator.profile.model.certification import KIND_LABELS, ROLE_LABELS, Approval, DocKind


class Signoff(TypedDict):
    kind: str  # 售后服务手册, 程序文件, 记录表单格式
    prepared_by: str  # person names
    reviewed_by: str
    approved_by: str
    prepared_role: str  # role labels: 管理者代表, 总经理 …
    reviewed_role: str
    approved_role: str


def person(profile: Profile, role: str) -> str:
    """The name of the person holding `role` in this profile."""
    org = profile.organization
    functions = org.functions
    heads = {d.name: d.head for d in org.departments}
    names = {
        "general_manager": org.general_manager.name,
        "deputy_manager": (org.deputy_manager or org.general_manager).name,
        "management_representative": org.management_representative.name,
        "aftersales_head": heads.get(org.aftersales_department, ""),
        "office_head": heads.get(functions.office, ""),
        "quality_head": heads.get(functions.quality, ""),
        "preparer": profile.document_control.prepared_by,
    }
    return names[role]


def _signoff(profile: Profile, kind: DocKind, approval: Approval) -> Signoff:
    return {
        "kind": KIND_LABELS[kind],
        "prepared_by": person(profile, approval.prepared_by),
        "reviewed_by": person(profile, approval.reviewed_by),
        "approved_by": person(profile, approval.approved_by),
        "prepared_role": ROLE_LABELS[approval.prepared_by],
        "reviewed_role": ROLE_LABELS[approval.reviewed_by],
        "approved_role": ROLE_LABELS[approval.approved_by],
    }


def signoffs(profile: Profile) -> dict[str, Signoff]:
    """Each kind of document (manual, procedure, record) with its people and their roles."""
    a = profile.approvals
    return {
        "manual": _signoff(profile, "manual", a.manual),
        "procedure": _signoff(profile, "procedure", a.procedure),
        "record": _signoff(profile, "record", a.record),
    }


def approver_for(profile: Profile, job_kind: str) -> str:
    """Who approves a document of a build job's kind (a volume compiles procedures or records)."""
    table = signoffs(profile)
    kind = job_kind if job_kind in table else "procedure"
    return table[kind]["approved_by"]
