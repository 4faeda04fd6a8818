"""Build several profiles, in parallel processes when asked; one failure never stops the rest.

A single profile refreshes its fields inside its own staging folder. A batch builds its sets
without refreshing them; then the manuals of all of them are refreshed in ONE LibreOffice
process (`refresh.refresh_sets`), and only then are PDFs made.
Nothing here prints: `run_batch` returns one `Outcome` per profile, in the order given, and
tells an optional callback about each as it finishes; the CLI shows them.

Rules:
1. Two profiles with the same slug would write into one folder: the batch is refused before
   anything is built (`DuplicateSlugs`, exit 3, naming both files).
2. Ctrl-C stops the batch at once: profiles not started are not started, a build under way
   in a worker stops and removes its staging folder (the set stays as it was), and the
   workers are ended within a second.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from generator.builder.plan import BuildResult
from generator.builder.refresh import refresh_sets
from generator.builder.run import build, export_pdf
from generator.errors import EXIT_FAILED, EXIT_SHORT, ProfileError, SvcError
from generator.profile.loader import load_profile

INTERRUPTED = 130
STOP_SECONDS = 0.8  # how long workers get to clean up after Ctrl-C before they are killed


class DuplicateSlugs(SvcError):
    """Two profiles of one batch would build into the same folder."""

    exit_code = EXIT_SHORT


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


def build_one(profile: str, options: BuildOptions, *, refresh: bool = False) -> Outcome:
    """Build one profile, no PDF made and its fields refreshed only when `refresh` (inside its
    staging folder; `run_batch` refreshes the sets of a batch at once); every expected failure
    becomes data, never an exception."""
    try:
        result = build(profile, options.output, templates_dir=options.templates,
                       dry_run=options.dry_run, force=options.force, pdf=False, refresh=refresh)
    except ProfileError as exc:
        return Outcome(profile, errors=tuple(p.format(exc.path) for p in exc.problems),
                       exit_code=exc.exit_code)
    except SvcError as exc:
        return Outcome(profile, errors=(exc.render(),), exit_code=exc.exit_code)
    return Outcome(profile, result)


def check_slugs(profiles: list[str], output: str) -> None:
    """Refuse a batch in which two profiles share a slug (profiles that do not load are left
    to their build, which reports them)."""
    seen: dict[str, str] = {}
    clashes = []
    for profile in profiles:
        try:
            slug = load_profile(profile).profile.slug
        except SvcError:
            continue
        if slug in seen:
            clashes.append(f"{seen[slug]} 与 {profile} 的 slug 都是“{slug}”，"
                           f"会写入同一个文件夹 {Path(output) / slug}")
        else:
            seen[slug] = profile
    if clashes:
        raise DuplicateSlugs("；".join(clashes) + "，未生成任何文件",
                             hint="请修改其中一个档案的 slug（或 company.short_name）后重试")


_busy = False  # in a worker: a build is under way


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """In a worker: stop the build under way (it cleans up), or end an idle worker."""
    if _busy:
        raise KeyboardInterrupt
    os._exit(INTERRUPTED)


def _worker_init() -> None:
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)


def _worker_build(profile: str, options: BuildOptions) -> Outcome:
    global _busy
    _busy = True
    try:
        return build_one(profile, options)
    except KeyboardInterrupt:
        return Outcome(profile, errors=("已中断，未写入",), exit_code=INTERRUPTED)
    finally:
        _busy = False


def _stop(pool: ProcessPoolExecutor) -> None:
    """Ctrl-C: cancel what has not started, stop the workers, kill any that linger."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(STOP_SECONDS)
        if process.is_alive():
            process.kill()


def in_parallel(jobs: int, count: int) -> bool:
    """Whether `run_batch` uses worker processes for `count` profiles."""
    return jobs > 1 and count > 1


def run_batch(profiles: list[str], options: BuildOptions, *, jobs: int,
              done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Build every profile, refresh the fields of all in one LibreOffice run, export PDFs;
    `done` then hears of each outcome (in parallel, in the order the builds finished)."""
    check_slugs(profiles, options.output)
    # One profile: its fields are refreshed in its staging folder, before the set is swapped in,
    # so a build killed at any moment leaves the previous set. A batch trades that for one
    # LibreOffice run for all its sets, after they are in place.
    inside = options.refresh and len(profiles) == 1
    if not in_parallel(jobs, len(profiles)):
        built = [build_one(profile, options, refresh=inside) for profile in profiles]
        order = list(range(len(built)))
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
        try:
            futures = [pool.submit(_worker_build, p, options) for p in profiles]
            index = {f: i for i, f in enumerate(futures)}
            order = [index[f] for f in as_completed(futures)]
            built = [f.result() for f in futures]
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown()
    results = [o.result for o in built if o.result is not None]
    if options.refresh and not inside:
        refresh_sets(results)
    outcomes = [_finish(o, options) for o in built]
    if done:
        for i in order:
            done(outcomes[i])
    return outcomes


def _finish(outcome: Outcome, options: BuildOptions) -> Outcome:
    """The PDFs of a built set (after its fields were refreshed) and the final exit code."""
    result = outcome.result
    if result is None:
        return outcome
    if options.pdf and not result.dry_run:
        export_pdf(result.folder, result)
    return Outcome(outcome.profile, result, exit_code=EXIT_FAILED if result.failed_notes else 0)


def batch_exit_code(outcomes: list[Outcome]) -> int:
    """1 when the tool failed for any profile (render error, I/O, missing LibreOffice for
    --pdf); else 3 when any profile was invalid; else 0."""
    codes = {o.exit_code for o in outcomes if not o.ok}
    if INTERRUPTED in codes:
        return INTERRUPTED
    if EXIT_FAILED in codes:
        return EXIT_FAILED
    return EXIT_SHORT if codes else 0
