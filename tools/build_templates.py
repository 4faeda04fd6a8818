"""Regenerate the default .docx templates from their text sources.

usage: python tools/build_templates.py
The committed templates must match the sources; tests/test_templates.py checks that.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.catalog import load_catalog  # noqa: E402
from generator.render.templatebuild import build_all  # noqa: E402


def main() -> None:
    catalog = load_catalog()
    written = build_all(ROOT / "templates" / "src" / "procedures",
                        ROOT / "templates" / "procedures", catalog)
    for path in written:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
