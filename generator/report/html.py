"""The shared frame of every HTML report: one self-contained page (inline CSS, no network
references, no scripts) that a consultant can e-mail to a client and print on A4.

`body` is HTML built by the caller with escaping on (a jinja2 environment with autoescape, or
`html.escape`); `title` is plain text and is escaped here.
"""

from __future__ import annotations

from jinja2 import Environment, select_autoescape
from markupsafe import Markup

BASE_CSS = """
:root { --ok: #1b7f3b; --err: #b42318; --warn: #b54708; --muted: #667085; --line: #d0d5dd; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 960px; padding: 24px 32px; color: #101828; line-height: 1.6;
  font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
  "SimSun", sans-serif; font-size: 14px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #101828; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.meta { color: var(--muted); margin: 2px 0; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 16px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: #f2f4f7; font-weight: 600; }
tr { page-break-inside: avoid; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px;
  color: #fff; white-space: nowrap; }
.badge.ok { background: var(--ok); } .badge.error { background: var(--err); }
.badge.warning { background: var(--warn); } .badge.muted { background: var(--muted); }
.verdict { padding: 12px 16px; border-radius: 6px; margin: 16px 0; font-size: 16px; }
.verdict.ok { background: #ecfdf3; border: 1px solid var(--ok); }
.verdict.error { background: #fef3f2; border: 1px solid var(--err); }
.where { color: var(--muted); font-size: 12px; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line);
  padding-top: 8px; }
@media print { body { padding: 0; max-width: none; } h2 { page-break-after: avoid; } }
"""

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_PAGE = _ENV.from_string(
    "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>{{ title }}</title>\n<style>{{ css }}</style>\n</head>\n"
    "<body>\n{{ body }}\n</body>\n</html>\n"
)


def html_page(title: str, body: str, *, extra_css: str = "") -> str:
    """A complete HTML document around `body` (already-escaped HTML)."""
    css = Markup(BASE_CSS + extra_css.replace("</", "<\\/"))
    return _PAGE.render(title=title, css=css, body=Markup(body))
