"""Load a profile YAML file into a `Profile`, reporting every problem with its line.

Rules:
1. The file is read by `generator.yamlfile` (size, encoding, alias and nesting bounds,
   plain tags only, duplicate keys); it must hold a mapping.
2. Every schema problem (unknown key with a "did you mean", wrong type, missing field) and
   every cross-field problem of `checks.py` is reported, each as FILE:LINE: path: message.
3. Names of an example profile's company left in the profile are warnings
   (`profile.leftovers`).
4. Warnings never stop a load; errors raise `ProfileError` carrying all problems.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from generator.errors import Problem, ProfileError
from generator.profile.checks import cross_check
from generator.profile.leftovers import example_companies, leftovers
from generator.profile.model import Profile
from generator.yamlfile import Loc, line_for, loc_text, read_document, schema_problems

EMPTY = "文件为空，请按 svcmanual init 生成的模板填写"


@dataclass(frozen=True)
class LoadedProfile:
    path: str
    profile: Profile
    warnings: tuple[Problem, ...]
    lines: Mapping[Loc, int]
    sha256: str


def load_profile(path: str | Path) -> LoadedProfile:
    """Load and check one profile; raise ProfileError listing every error."""
    file = Path(path)
    data, lines, problems = read_document(file, EMPTY)
    if problems:
        raise ProfileError(str(file), problems)
    profile: Profile | None = None
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        problems.extend(schema_problems(exc, lines, Profile))
    if profile is not None:
        for path_loc, message, severity in cross_check(profile):
            problems.append(Problem(loc_text(path_loc), message, line_for(lines, path_loc), severity))
        problems.extend(leftovers(profile, lines, example_companies()))
    errors = [p for p in problems if p.severity == "error"]
    if errors or profile is None:
        raise ProfileError(str(file), sorted(problems, key=lambda p: (p.line or 0, p.path)))
    digest = hashlib.sha256(file.read_bytes()).hexdigest()
    warnings = sorted(problems, key=lambda p: (p.line or 0, p.path))
    return LoadedProfile(str(file), profile, tuple(warnings), lines, digest)
