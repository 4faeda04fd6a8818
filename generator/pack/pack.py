"""Template packs: the default one shipped with svcmanual, and a consultancy's own.

A custom pack has the same layout (procedures/, manual/, records/) and file names; any file it
lacks is taken from the default pack, so a consultancy can replace just the documents it cares
about. Templates are looked up by name only: nothing outside a pack folder is ever read.

A custom pack whose folder is missing, that holds no template, or whose templates are not
where the default pack has them (at the root, in a misspelt folder, under a name the default
pack does not use) is refused with one problem per file, each naming the file and where or
how it should be (`layout_problems`): a misplaced template would otherwise be silently
replaced by the default one.
A sector's templates live in a sub-folder named by its id (procedures/<sector>/, records/
<sector>/). Lookup order: the custom pack's sector folder, the custom pack's folder, the default
pack's sector folder, the default folder.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from generator.catalog.sectors import SECTOR_IDS
from generator.errors import TemplatePackError
from generator.resources import data_dir

FOLDERS = ("procedures", "manual", "records")


def default_pack_dir() -> Path:
    return data_dir("templates")


def _template_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.docx")
                  if p.is_file() and not p.name.startswith(("~$", ".")))


_CODE = re.compile(r"^[A-Za-z]+(?:-\d+)*\d*")


def _same_code(name: str, known: list[str]) -> list[str]:
    """The one known name with the same leading code (P04, JL-04-01 …), if any."""
    code = _CODE.match(name)
    if not code or not code.group(0):
        return []
    same = [k for k in known if k.startswith(code.group(0) + "-")]
    return same if len(same) == 1 else []


def layout_problems(custom: Path, default: Path | None = None) -> list[tuple[Path, str]]:
    """Each file of a custom pack that is not where the default pack has one, with where it
    should be or what it should be called; empty when the pack is laid out right."""
    default = default or default_pack_dir()
    if not custom.is_dir():
        return [(custom, "模板目录不存在（--templates 应指向含 procedures/、manual/、records/ 的文件夹）")]
    known = {p.relative_to(default).as_posix() for p in _template_files(default)}
    # a name the default pack has at its root and in sector folders points to the root one
    by_name = {Path(k).name: k for k in sorted(known, key=lambda k: -k.count("/"))}
    files = _template_files(custom)
    if not files:
        return [(custom, "模板目录中没有任何 .docx 模板（应按 procedures/、manual/、records/ "
                "放置与默认模板包同名的文件，可用 svcmanual templates list 查看）")]
    problems = []
    for path in files:
        rel = path.relative_to(custom).as_posix()
        if rel in known:
            continue
        if path.name in by_name:
            problems.append((path, f"位置不对，应放在 {by_name[path.name]}"))
            continue
        folder = rel.split("/")[0] if "/" in rel else ""
        pool = [k for k in known if k.startswith(f"{folder}/")
                and k.count("/") == rel.count("/")] or sorted(known)
        close = _same_code(path.name, [Path(k).name for k in pool]) or difflib.get_close_matches(
            path.name, [Path(k).name for k in pool], n=1, cutoff=0.3)
        where = (f"应改名为 {by_name[close[0]]}" if close
                 else "请改为默认模板包中的文件名（svcmanual templates list 可查看）")
        problems.append((path, f"不是默认模板包中的模板名，不会被使用；{where}"))
    return problems


class TemplatePack:
    def __init__(self, custom: Path | None = None):
        self.default = default_pack_dir()
        self.custom = custom
        if custom is not None and not custom.is_dir():
            raise TemplatePackError("模板目录不存在", where=str(custom),
                                    hint="--templates 应指向含 procedures/、manual/、records/ 的文件夹")
        if custom is not None and custom.resolve() != self.default.resolve():
            problems = layout_problems(custom, self.default)
            if problems:
                raise TemplatePackError(
                    f"模板包的布局与默认模板包不一致（{len(problems)} 处）：\n  "
                    + "\n  ".join(f"{path}: {text}" for path, text in problems),
                    where=str(custom),
                    hint="请按提示移动或改名后重试；可先运行 svcmanual templates lint --templates 检查")

    def _find(self, folder: str, name: str, sector: str | None = None) -> Path:
        if "/" in name or "\\" in name or name.startswith("."):
            raise TemplatePackError(f"模板文件名不合法：{name}")
        if sector is not None and sector not in SECTOR_IDS:
            raise TemplatePackError(f"行业编号不合法：{sector}")
        roots = [r for r in (self.custom, self.default) if r is not None]
        for root in roots:
            for sub in ((sector,) if sector else ()) + ("",):
                candidate = root / folder / sub / name if sub else root / folder / name
                if candidate.is_file():
                    return candidate
        raise TemplatePackError(f"缺少模板 {folder}/{name}", where=str(self.default),
                                hint="请运行 python tools/build_templates.py 重新生成默认模板")

    def procedure(self, name: str, sector: str | None = None) -> Path:
        return self._find("procedures", name, sector)

    def manual(self, name: str) -> Path:
        return self._find("manual", name)

    def record(self, name: str, sector: str | None = None) -> Path:
        return self._find("records", name, sector)
