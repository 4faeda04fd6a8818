"""The command line: parse, call one library function, print, map errors to exit codes."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import __version__
from generator.builder.batch import BuildOptions, Outcome, batch_exit_code, in_parallel, run_batch
from generator.builder.impact import profile_diff
from generator.builder.merging import clash_lines
from generator.catalog.rules import load_evidence, load_rules
from generator.catalog.sectors import sector_set
from generator.check.validate import validate_path
from generator.errors import EXIT_FAILED, EXIT_OK, EXIT_SHORT, InputFileError, ProfileError, SvcError
from generator.fsutil import atomic_write_bytes, atomic_write_text, clean_text, write_error
from generator.gap.run import run_gap_check
from generator.gap.scoring import EPSILON
from generator.pack.import_report import to_markdown
from generator.pack.importer import REPORT_NAME, import_pack
from generator.pack.lint import dump_template, find_templates, lint_pack, pack_files
from generator.pack.pack import default_pack_dir
from generator.profile.init import run_init
from generator.profile.loader import load_profile
from generator.profile.schema import profile_schema
from generator.report.gap_render import render_gap
from generator.report.rules_text import render_rules
from generator.report.validate_html import render_html
from generator.report.validate_text import render_text

F = TypeVar("F", bound=Callable[..., Any])


def echo_err(text: str) -> None:
    click.echo(text, err=True)


def handle_errors(func: F) -> F:
    """Turn our exceptions into a Chinese message on stderr and the exception's exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ProfileError as exc:
            for problem in exc.problems:
                echo_err(problem.format(exc.path))
            echo_err(f"{exc.path}: 共 {len(exc.problems)} 处问题，请修改后重试")
            sys.exit(exc.exit_code)
        except SvcError as exc:
            echo_err(f"错误：{exc.render()}")
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            echo_err("已中断")
            sys.exit(130)
        except OSError as exc:  # a write or read our code did not expect to fail (disk full …)
            echo_err(f"错误：{write_error(exc, Path(exc.filename or '.')).render()}")
            sys.exit(EXIT_FAILED)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="svcmanual")
def main() -> None:
    """svcmanual：GB/T 27922-2011 商品售后服务认证文件生成与检查工具。"""


@main.command()
@click.argument("profiles", nargs=-1, required=True, type=click.Path(dir_okay=False))
@handle_errors
def check(profiles: tuple[str, ...]) -> None:
    """检查企业档案（YAML），逐条列出问题及其行号。"""
    failed = 0
    for path in profiles:
        try:
            loaded = load_profile(path)
        except ProfileError as exc:
            failed += 1
            for problem in exc.problems:
                echo_err(problem.format(exc.path))
            echo_err(f"{path}: 不通过，共 {len(exc.problems)} 处问题")
            continue
        except SvcError as exc:
            failed += 1
            echo_err(f"错误：{exc.render()}")
            continue
        for warning in loaded.warnings:
            echo_err(warning.format(path))
        click.echo(f"{path}: 通过（{len(loaded.warnings)} 条警告）")
    sys.exit(EXIT_SHORT if failed else EXIT_OK)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式")
@handle_errors
def rules(fmt: str) -> None:
    """列出文件一致性规则（编号、条款、说明），check 与 validate 的结果按编号引用。"""
    click.echo(render_rules(load_rules(), load_evidence(), fmt), nl=False)


@main.command()
@handle_errors
def sectors() -> None:
    """列出行业包：编号（填入 company.sector）和名称。"""
    for sector in sector_set().sectors.values():
        click.echo(f"{sector.id}\t{sector.name}")


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写入文件而不是标准输出")
@handle_errors
def schema(output: str | None) -> None:
    """输出企业档案的 JSON Schema（供编辑器自动补全与提示）。"""
    text = json.dumps(profile_schema(), ensure_ascii=False, indent=2) + "\n"
    if output:
        atomic_write_text(Path(output), text)
        click.echo(f"已写入 {output}")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@click.option("--example", "example", help="直接复制一个示例档案（不提问），如 lanqin-appliance")
@click.option("--force", is_flag=True, help="覆盖已存在的文件")
@handle_errors
def init(path: str | None, example: str | None, force: bool) -> None:
    """通过问答生成企业档案（或复制示例档案）。"""
    target = Path(path or "profile.yaml")
    if target.exists() and not force:
        echo_err(f"错误：{target} 已存在；如需覆盖请加 --force")
        sys.exit(EXIT_FAILED)
    written = run_init(target, example=example, ask=_ask)
    click.echo(f"已生成企业档案 {written}；请用 svcmanual check {written} 检查")


@main.command()
@click.argument("profiles", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", "output", default="output", show_default=True,
              type=click.Path(file_okay=False), help="输出目录")
@click.option("--templates", "templates", type=click.Path(file_okay=False),
              help="自定义模板目录（缺少的文件使用默认模板）")
@click.option("--pdf", is_flag=True, help="同时导出 PDF（需要 LibreOffice）")
@click.option("--jobs", "jobs", default=1, show_default=True, type=click.IntRange(1, 64),
              help="并行进程数")
@click.option("--dry-run", is_flag=True, help="只显示将要生成或修改的文件，不写入")
@click.option("--force", is_flag=True, help="覆盖手工修改过的文件（先备份）")
@click.option("--no-refresh", is_flag=True,
              help="不调用 LibreOffice 填写目录页码（更快；目录只列标题）")
@handle_errors
def build(profiles: tuple[str, ...], output: str, templates: str | None, pdf: bool, jobs: int,
          dry_run: bool, force: bool, no_refresh: bool) -> None:
    """由企业档案生成售后服务手册、程序文件和记录表单。"""
    options = BuildOptions(output=output, templates=templates, pdf=pdf, dry_run=dry_run,
                           force=force, refresh=not no_refresh)
    names = list(profiles)
    if in_parallel(jobs, len(names)):
        with click.progressbar(length=len(names), label="生成中", file=None) as bar:
            outcomes = run_batch(names, options, jobs=jobs, done=lambda _: bar.update(1))
        for outcome in outcomes:
            _report_build(outcome, dry_run)
    else:
        outcomes = run_batch(names, options, jobs=jobs,
                             done=lambda outcome: _report_build(outcome, dry_run))
    if len(names) > 1:
        _build_summary(outcomes)
    sys.exit(batch_exit_code(outcomes))


def _report_build(outcome: Outcome, dry_run: bool) -> None:
    result = outcome.result
    for line in result.warnings if result else []:
        echo_err(line)
    for line in outcome.problems:
        echo_err(line)
    if result is None:
        echo_err(f"{outcome.profile}: 生成失败")
        return
    verb = "将" if dry_run else "已"
    if result.changes:
        click.echo(f"{outcome.profile}：企业档案有 {len(result.changes)} 处变更")
        for text in result.changes:
            click.echo(f"  · {text}")
    click.echo(f"{outcome.profile} → {result.folder}：{verb}生成或更新 {len(result.written)} 个文件，"
               f"{len(result.unchanged)} 个未变")
    if dry_run:
        for path in result.written:
            if path in result.bumps:
                old, new = result.bumps[path]
                click.echo(f"  将修订 {path}（版本 {old} → {new}）")
            else:
                click.echo(f"  将新建 {path}")
    for path in result.merged:
        old, new = result.bumps.get(path, ("", ""))
        click.echo(f"  {path}：手工修改{verb}与新内容合并（版本 {old} → {new}）")
    for line in clash_lines(result):
        click.echo(f"  冲突：{line}")
    for path in result.protected:
        why = result.not_merged.get(path)
        echo_err(f"  {path}：已被手工修改，" + (f"未合并：{why}；" if why else "") +
                 "未覆盖（如需覆盖请加 --force，原文件会先备份）")
    for path in result.backed_up:
        click.echo(f"  {path}：手工修改的原文件已备份后覆盖")
    if result.kept:
        click.echo(f"  {verb}保留用户自行放入的文件 {len(result.kept)} 个（原样保留，未改动）")
    for note in result.notes:
        click.echo(f"  {note}")


def _build_summary(outcomes: list[Outcome]) -> None:
    click.echo("")
    click.echo(f"{'档案':<40} {'结果':<6} {'写入':>4} {'未变':>4}")
    for o in outcomes:
        status = "成功" if o.ok else "失败"
        written, unchanged = (len(o.result.written), len(o.result.unchanged)) if o.result else (0, 0)
        click.echo(f"{o.profile:<40} {status:<6} {written:>4} {unchanged:>4}")
    failed = sum(not o.ok for o in outcomes)
    click.echo(f"共 {len(outcomes)} 个档案，成功 {len(outcomes) - failed} 个，失败 {failed} 个")


@main.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False), help="模板目录")
@handle_errors
def diff(old: str, new: str, templates_dir: str | None) -> None:
    """比较两个企业档案：列出变更的字段及其影响的文件和章节。"""
    impacts = profile_diff(Path(old), Path(new), Path(templates_dir) if templates_dir else None)
    if not impacts:
        click.echo("两个档案内容相同，没有文件需要更新")
        return
    touched = {d.id for i in impacts for d in i.documents}
    click.echo(f"共 {len(impacts)} 处变更，影响 {len(touched)} 个文件：")
    for n, impact in enumerate(impacts, 1):
        click.echo(f"{n}. {impact.change.text}（{impact.change.path}）")
        if not impact.documents:
            click.echo("   不影响任何文件的内容")
        for doc in impact.documents:
            click.echo(f"   - {doc.path}：{'、'.join(doc.sections)}")


@main.group()
def templates() -> None:
    """模板包：列出、检查、导出文字。"""


def _pack_dir(templates_dir: str | None) -> Path:
    return Path(templates_dir) if templates_dir else default_pack_dir()


@templates.command("list")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False), help="模板目录")
@handle_errors
def templates_list(templates_dir: str | None) -> None:
    """列出模板包中的模板。"""
    folder = _pack_dir(templates_dir)
    files = pack_files(folder)
    for path in files:
        click.echo(str(path.relative_to(folder)))
    click.echo(f"共 {len(files)} 个模板（{folder}）")


@templates.command("lint")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False), help="模板目录")
@handle_errors
def templates_lint(templates_dir: str | None) -> None:
    """检查模板：语法、拆分标签、全角字符、未知变量、中文字体、页码域。"""
    folder = _pack_dir(templates_dir)
    findings = lint_pack(folder)
    for finding in findings:
        echo_err(finding.format())
    if findings:
        echo_err(f"共 {len(findings)} 个问题")
        sys.exit(EXIT_SHORT)
    click.echo(f"模板检查通过（{folder}）")


@templates.command("import")
@click.argument("source", type=click.Path())
@click.option("--profile", "facts", required=True, type=click.Path(dir_okay=False),
              help="上一家客户的企业档案（可只写部分字段：名称、简称、热线、人员、部门……）")
@click.option("-o", "--output", "output", required=True, type=click.Path(),
              help="新模板包的目录（须不存在或为空）")
@handle_errors
def templates_import(source: str, facts: str, output: str) -> None:
    """把咨询机构的 Word 文件（文件夹或 .zip）转为模板包，并输出导入报告。"""
    report = import_pack(Path(source), Path(facts), Path(output))
    click.echo(to_markdown(report), nl=False)
    click.echo(f"已写入模板包 {output}（{len(report.placed)} 个文件），报告见 {Path(output) / REPORT_NAME}")


@templates.command("dump")
@click.argument("names", nargs=-1, required=True)
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False), help="模板目录")
@handle_errors
def templates_dump(names: tuple[str, ...], templates_dir: str | None) -> None:
    """输出模板的文字与标签（可作为 git diff 的 textconv）。"""
    folder = _pack_dir(templates_dir)
    for name in names:
        path = Path(name)
        if not path.is_file():
            matches = find_templates(folder, name)
            if len(matches) != 1:
                raise InputFileError(f"找不到模板“{name}”", hint="可用 svcmanual templates list 查看")
            path = matches[0]
        click.echo(dump_template(path), nl=False)


def _ask(question: str, default: str) -> str:
    return str(click.prompt(question, default=default))


GAP_FORMATS = ("text", "json", "md", "html", "docx")


@main.command("gap-check")
@click.option("--profile", "profile", required=True, type=click.Path(dir_okay=False),
              help="企业档案（YAML）")
@click.option("--docs", type=click.Path(), help="要核对的文件：.docx、文件夹或 .zip")
@click.option("--assessment", type=click.Path(dir_okay=False),
              help="评估文件（YAML），其结论优先于自动判断")
@click.option("--scheme", type=click.Path(dir_okay=False),
              help="评分方案（YAML），默认为内置的 GB/T 27922-2011 估计权重")
@click.option("--format", "fmt", type=click.Choice(GAP_FORMATS), default="text",
              show_default=True, help="输出格式")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="写入文件（docx 格式必须指定）")
@click.option("--fail-under", type=float, help="得分低于该值时以退出码 3 结束")
@handle_errors
def gap_check(profile: str, docs: str | None, assessment: str | None, scheme: str | None,
              fmt: str, output: str | None, fail_under: float | None) -> None:
    """估算 GB/T 27922 评分与等级，并按失分列出整改项。"""
    if fmt == "docx" and not output:
        raise click.UsageError("docx 格式需要用 -o 指定输出文件，如 -o 差距评估报告.docx")
    report = run_gap_check(
        Path(profile),
        docs=Path(docs) if docs else None,
        assessment=Path(assessment) if assessment else None,
        scheme=Path(scheme) if scheme else None,
    )
    content = render_gap(report, fmt)
    if isinstance(content, str):
        content = clean_text(content)
    if output:
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        atomic_write_bytes(Path(output), data)
        click.echo(f"已写入 {output}（估计得分 {report.score:.2f}，等级：{report.level or '无'}）")
    else:
        click.echo(content, nl=False)
    if fail_under is not None and report.score < fail_under - EPSILON:
        echo_err(f"估计得分 {report.score:.2f} 低于 --fail-under {fail_under:g}")
        sys.exit(EXIT_SHORT)


VALIDATE_FORMATS = ("text", "json", "html")


@main.command()
@click.argument("path", type=click.Path())
@click.option("--profile", "profile", type=click.Path(dir_okay=False),
              help="企业档案（YAML）：用于核对企业名称、热线、部门岗位和删减")
@click.option("--format", "fmt", type=click.Choice(VALIDATE_FORMATS), default="text",
              show_default=True, help="输出格式")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="写入文件而不是标准输出")
@handle_errors
def validate(path: str, profile: str | None, fmt: str, output: str | None) -> None:
    """检查手册与程序文件是否满足 5.1.4.1（PATH 为 .docx、文件夹或 .zip）。"""
    loaded = load_profile(profile) if profile else None
    report = validate_path(Path(path), loaded.profile if loaded else None)
    if fmt == "json":
        content = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        content = render_html(report)
    else:
        content = render_text(report)
    content = clean_text(content)  # a file name that was not UTF-8: U+FFFD, never a raw byte
    if output:
        atomic_write_text(Path(output), content)
        click.echo(f"已写入 {output}（{report.errors} 项错误，{report.warnings} 项警告）")
    else:
        click.echo(content, nl=False)
    sys.exit(EXIT_OK if report.complete else EXIT_SHORT)


if __name__ == "__main__":  # pragma: no cover
    main()
