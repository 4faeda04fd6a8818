"""The certification plan as templates see it: the `cert` entry of the render context (the
target level with its score threshold, the trial run, the application, surveillance)."""

from __future__ import annotations

from typing import Any

from generator.catalog import Catalog
from generator.profile.model import Profile
from generator.profile.schedule import application_date, trial_window
from generator.render.wording import cn_date, num


def cert_context(p: Profile, catalog: Catalog) -> dict[str, Any]:
    """The certification plan as the manual and P16 cite it (dates in Chinese)."""
    c = p.certification
    start, end = trial_window(p)
    level = next((lv for lv in catalog.scheme.levels if lv.name == c.target_level), None)
    return {
        "target_level": c.target_level,
        "target_min": num(level.min) if level else "",
        "trial_start": cn_date(start),
        "trial_end": cn_date(end),
        "trial_months": c.trial_run_months,
        "application": cn_date(application_date(p)),
        "body": c.certification_body or "",
        "surveillance_months": c.surveillance_months,
        "extension_months": c.surveillance_extension_months,
        "certificate_years": c.certificate_years,
    }
