"""Template packs: the default one shipped with svcmanual, and a consultancy's own.

A custom pack has the same layout (procedures/, manual/, records/) and file names; any file it
lacks is taken from the default pack, so a consultancy can replace just the documents it cares
about. Templates are looked up by name only: nothing outside a pack folder is ever read.

A sector's templates live in a sub-folder named by its id (procedures/<sector>/, records/
<sector>/). Lookup order: the custom pack's sector folder, the custom pack's folder, the default
pack's sector folder, the default folder.
"""

from __future__ import annotations

from pathlib import Path

from generator.catalog.sectors import SECTOR_IDS
from generator.errors import TemplatePackError
from generator.resources import data_dir


def default_pack_dir() -> Path:
    return data_dir("templates")


class TemplatePack:
    def __init__(self, custom: Path | None = None):
        self.default = default_pack_dir()
        self.custom = custom
        if custom is not None and not custom.is_dir():
            raise TemplatePackError("模板目录不存在", where=str(custom),
                                    hint="--templates 应指向含 procedures/、manual/、records/ 的文件夹")

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
