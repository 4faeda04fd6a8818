"""Evidence the company profile itself can give, per GB/T 27922 clause.

The profile states facts (departments, outlets, funds, targets); it cannot show documents,
records or service actually delivered. The rules live in `profile_org` (5.1.1, 5.1.2, 5.1.5.1)
and `profile_service` (5.1.3, 5.1.4.2, 5.1.5.2, 5.1.7, 5.3). Other clauses (5.1.4.1, 5.1.6,
5.2.x) are judged on documents, records and delivered service: no profile rule, so the
profile never claims them.
"""

from __future__ import annotations

from collections.abc import Callable

from generator.gap import profile_org as org
from generator.gap import profile_service as svc
from generator.gap.model import Evidence
from generator.profile.model import Profile

Rule = Callable[[Profile], Evidence]

PROFILE_RULES: dict[str, Rule] = {
    "5.1.1.1": org.department,
    "5.1.1.2": org.coverage,
    "5.1.1.3": org.outlet_kinds,
    "5.1.2.1": org.qualifications,
    "5.1.2.2": org.managers,
    "5.1.3.1": svc.funds,
    "5.1.3.2": svc.training,
    "5.1.3.3": svc.facilities,
    "5.1.4.2": svc.laws,
    "5.1.5.1": org.supervision,
    "5.1.5.2": svc.targets,
    "5.1.7": svc.culture,
    "5.3.1": svc.customers,
    "5.3.2": svc.complaints,
}


def profile_evidence(clause: str, profile: Profile) -> Evidence | None:
    rule = PROFILE_RULES.get(clause)
    return rule(profile) if rule else None
