"""Build several profiles, in parallel processes when asked; one failure never stops the rest."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from generator.errors import EXIT_FAILED, EXIT_SHORT, ProfileError, SvcError

Echo = Callable[[str], None]


@dataclass(frozen=True)
class BuildOptions:
    output: str = "output"
    templates: str | None = None
    pdf: bool = False
    dry_run: bool = False
    force: bool = False
    refresh: bool = True


@dataclass
class Outcome:
    profile: str
    ok: bool
    slug: str = ""
    folder: str = ""
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    backed_up: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    exit_code: int = 0  # 1 the tool failed, 3 the profile fell short
    versions: dict[str, tuple[str, str]] = field(default_factory=dict)


def build_one(profile: str, options: BuildOptions) -> Outcome:
    """Build one profile; every expected failure becomes data, never an exception."""
    from generator.build.run import build

    try:
        result = build(profile, options.output, templates_dir=options.templates,
                       dry_run=options.dry_run, force=options.force, pdf=options.pdf,
                       refresh=options.refresh)
    except ProfileError as exc:
        return Outcome(profile, False, errors=[p.format(exc.path) for p in exc.problems],
                       exit_code=exc.exit_code)
    except SvcError as exc:
        return Outcome(profile, False, errors=[exc.render()], exit_code=exc.exit_code)
    return Outcome(
        profile, not result.failed_notes, result.slug, str(result.folder), result.written,
        result.unchanged, result.protected, result.backed_up,
        errors=list(result.failed_notes), warnings=result.warnings, notes=result.notes,
        exit_code=EXIT_FAILED if result.failed_notes else 0,
        changes=result.changes,
        versions=result.bumps,
    )


def run_batch(profiles: list[str], options: BuildOptions, *, jobs: int, echo: Echo,
              echo_err: Echo) -> list[Outcome]:
    outcomes: list[Outcome] = []
    if jobs <= 1 or len(profiles) <= 1:
        for profile in profiles:
            outcome = build_one(profile, options)
            _report(outcome, options, echo, echo_err)
            outcomes.append(outcome)
    else:
        import click

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(build_one, p, options): p for p in profiles}
            with click.progressbar(length=len(futures), label="生成中", file=None) as bar:
                for future in as_completed(futures):
                    outcomes.append(future.result())
                    bar.update(1)
        order = {p: i for i, p in enumerate(profiles)}
        outcomes.sort(key=lambda o: order[o.profile])
        for outcome in outcomes:
            _report(outcome, options, echo, echo_err)
    if len(profiles) > 1:
        _summary(outcomes, echo)
    return outcomes


def _report(outcome: Outcome, options: BuildOptions, echo: Echo, echo_err: Echo) -> None:
    for line in outcome.warnings:
        echo_err(line)
    for line in outcome.errors:
        echo_err(line)
    if not outcome.ok and not outcome.slug:
        echo_err(f"{outcome.profile}: 生成失败")
        return
    verb = "将" if options.dry_run else "已"
    if outcome.changes:
        echo(f"{outcome.profile}：企业档案有 {len(outcome.changes)} 处变更")
        for text in outcome.changes:
            echo(f"  · {text}")
    echo(f"{outcome.profile} → {outcome.folder}：{verb}生成或更新 {len(outcome.written)} 个文件，"
         f"{len(outcome.unchanged)} 个未变")
    if options.dry_run:
        for path in outcome.written:
            if path in outcome.versions:
                old, new = outcome.versions[path]
                echo(f"  将修订 {path}（版本 {old} → {new}）")
            else:
                echo(f"  将新建 {path}")
    for path in outcome.protected:
        echo_err(f"  {path}：已被手工修改，未覆盖（如需覆盖请加 --force，原文件会先备份）")
    for path in outcome.backed_up:
        echo(f"  {path}：手工修改的原文件已备份后覆盖")
    for note in outcome.notes:
        echo(f"  {note}")


def _summary(outcomes: list[Outcome], echo: Echo) -> None:
    echo("")
    echo(f"{'档案':<40} {'结果':<6} {'写入':>4} {'未变':>4}")
    for o in outcomes:
        status = "成功" if o.ok else "失败"
        echo(f"{o.profile:<40} {status:<6} {len(o.written):>4} {len(o.unchanged):>4}")
    failed = sum(not o.ok for o in outcomes)
    echo(f"共 {len(outcomes)} 个档案，成功 {len(outcomes) - failed} 个，失败 {failed} 个")


def batch_exit_code(outcomes: list[Outcome]) -> int:
    """1 when the tool failed for any profile (render error, I/O, missing LibreOffice for
    --pdf); else 3 when any profile was invalid; else 0."""
    codes = {o.exit_code for o in outcomes if not o.ok}
    if EXIT_FAILED in codes:
        return EXIT_FAILED
    return EXIT_SHORT if codes else 0
