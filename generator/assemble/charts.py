"""The manual's three charts as native Word drawings, laid out from the profile.

- 组织架构图: the real reporting lines (`reports_to` of each department: 总经理, 副总经理 or
  another department; by default the after-sales department reports to the deputy if there
  is one, every other department to the general manager). The 管理者代表 is a staff role on a
  dashed line beside the general manager, not the head of the departments.
- 售后服务组织架构图: the after-sales department under its superior, with the supervision
  group as a staff role, its posts and headcounts and the service outlets by kind.
- 总体服务流程图: a swim-lane chart (see flowchart.py).

Each chart is a `Drawing` (ooxml.drawing); `chart_values` gives what the manual template's
`{{ images.* }}` tags take.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.assemble.flowchart import flow_chart
from generator.assemble.treechart import Node, fit
from generator.ooxml.drawing import CHART_NAMES, Drawing, inline_in_text
from generator.profile.model import Profile
from generator.profile.model.organization import Department
from generator.render.context import RenderContext

WIDTH_MM = 155.0  # the text width of the manual's A4 pages (158 mm), less a little
GM, DEPUTY = "总经理", "副总经理"


def superior(profile: Profile, dept: Department) -> str:
    """Whom `dept` reports to: 总经理, 副总经理 or the name of another department."""
    org = profile.organization
    if dept.reports_to is not None:
        return str(dept.reports_to)
    if org.deputy_manager is not None and dept.name == org.aftersales_department:
        return DEPUTY
    return GM


def _person(title: str, name: str) -> str:
    return f"{title} {name}"


def org_chart(profile: Profile) -> Drawing:
    org = profile.organization
    nodes = {d.name: Node(d.name, f"{d.headcount}人", accent=d.name == org.aftersales_department)
             for d in org.departments}
    root = Node(GM, org.general_manager.name, bold=True)
    deputy = (Node(DEPUTY, org.deputy_manager.name, bold=True)
              if org.deputy_manager is not None else None)
    heads = {GM: root, DEPUTY: deputy}
    for d in org.departments:
        up = superior(profile, d)
        parent = heads.get(up) if up in heads else nodes.get(up)
        (parent or root).children.append(nodes[d.name])
    if deputy is not None and deputy.children:
        root.children.insert(0, deputy)
    mr = org.management_representative
    root.staff.append(Node("管理者代表", mr.name))
    return fit(root, CHART_NAMES["org_chart"], WIDTH_MM)


def aftersales_chart(profile: Profile) -> Drawing:
    org = profile.organization
    head = next(d for d in org.departments if d.name == org.aftersales_department)
    up = superior(profile, head)
    if up == DEPUTY and org.deputy_manager is not None:
        top = Node(DEPUTY, org.deputy_manager.name, bold=True)
    elif up == GM:
        top = Node(GM, org.general_manager.name, bold=True)
    else:
        top = Node(up, bold=True)
    mr = org.management_representative
    if mr.name not in top.detail:
        top.staff.append(Node("管理者代表", mr.name))
    top.staff.append(Node(org.supervision.name, f"组长 {org.supervision.leader}"))
    dept = Node(head.name, f"{_person(head.head_title, head.head)}，{head.headcount}人",
                accent=True, bold=True)
    top.children.append(dept)
    dept.children.extend(Node(p.name, f"{p.count}人") for p in org.posts
                         if p.department == head.name)
    outlets = profile.network.outlets
    if outlets:
        staff = sum(o.staff for o in outlets)
        network = Node("服务网点", f"{len(outlets)}个，{staff}人")
        for kind, label in (("self_built", "自建网点"), ("entrusted", "委托网点")):
            group = [o for o in outlets if o.kind == kind]
            if group:
                network.children.append(Node(label, f"{len(group)}个", column=True, children=[
                    Node(o.name, f"{o.staff}人") for o in group]))
        dept.children.append(network)
    return fit(top, CHART_NAMES["aftersales_chart"], WIDTH_MM)


def charts(profile: Profile, context: RenderContext) -> dict[str, Drawing]:
    return {
        "org_chart": org_chart(profile),
        "aftersales_chart": aftersales_chart(profile),
        "flow_chart": flow_chart(profile, context, WIDTH_MM),
    }


def chart_values(profile: Profile, context: RenderContext) -> dict[str, Markup]:
    """The charts as values for the template's `{{ images.<name> }}` tags."""
    return {name: Markup(inline_in_text(drawing, 100 + i))
            for i, (name, drawing) in enumerate(charts(profile, context).items())}
