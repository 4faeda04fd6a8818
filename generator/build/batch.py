"""Build several profiles, in parallel processes when asked; one failure never stops the rest.

Nothing here prints: `run_batch` returns one `Outcome` per profile, in the order given, and
tells an optional callback about each as it finishes; the CLI shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from generator.build.plan import BuildResult
from generator.build.run import build
from generator.errors import EXIT_FAILED, EXIT_SHORT, ProfileError, SvcError


@dataclass(frozen=True)
class BuildOptions:
    output: str = "output"
    templates: str | None = None
    pdf: bool = False
    dry_run: bool = False
    force: bool = False
    refresh: bool = True


@dataclass(frozen=True)
class Outcome:
    """One profile's build, as sent back from a worker process: the build's own result when
    it ran (its fields are not copied), else the messages saying why it could not."""

    profile: str
    result: BuildResult | None = None
    errors: tuple[str, ...] = ()  # why there is no result
    exit_code: int = 0  # 1 the tool failed, 3 the profile fell short

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def problems(self) -> list[str]:
        """Everything that went wrong: the errors, or the result's failed steps (e.g. PDF)."""
        return [*self.errors, *(self.result.failed_notes if self.result else [])]


def build_one(profile: str, options: BuildOptions) -> Outcome:
    """Build one profile; every expected failure becomes data, never an exception."""
    try:
        result = build(profile, options.output, templates_dir=options.templates,
                       dry_run=options.dry_run, force=options.force, pdf=options.pdf,
                       refresh=options.refresh)
    except ProfileError as exc:
        return Outcome(profile, errors=tuple(p.format(exc.path) for p in exc.problems),
                       exit_code=exc.exit_code)
    except SvcError as exc:
        return Outcome(profile, errors=(exc.render(),), exit_code=exc.exit_code)
    return Outcome(profile, result, exit_code=EXIT_FAILED if result.failed_notes else 0)


def in_parallel(jobs: int, count: int) -> bool:
    """Whether `run_batch` uses worker processes for `count` profiles."""
    return jobs > 1 and count > 1


def run_batch(profiles: list[str], options: BuildOptions, *, jobs: int,
              done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Build every profile; `done` hears of each outcome as it finishes (in parallel, that is
    not the order given)."""
    outcomes: list[Outcome] = []
    if not in_parallel(jobs, len(profiles)):
        for profile in profiles:
            outcome = build_one(profile, options)
            if done:
                done(outcome)
            outcomes.append(outcome)
        return outcomes
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(build_one, p, options) for p in profiles]
        for future in as_completed(futures):
            if done:
                done(future.result())
        return [f.result() for f in futures]


def batch_exit_code(outcomes: list[Outcome]) -> int:
    """1 when the tool failed for any profile (render error, I/O, missing LibreOffice for
    --pdf); else 3 when any profile was invalid; else 0."""
    codes = {o.exit_code for o in outcomes if not o.ok}
    if EXIT_FAILED in codes:
        return EXIT_FAILED
    return EXIT_SHORT if codes else 0
