"""The README's notebook line, run by a real Jupyter kernel (nbclient), loads nothing from off the machine."""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]

# What a browser would fetch: a script's or a link's address, a style sheet's url (Bokeh's
# ImportedStyleSheet), a CSS @import or url(). Text inside an inlined library (BokehJS has a
# CDN fallback for MathJax that the inlined bokeh-mathjax bundle makes unused) is not a request.
FETCHED = re.compile(
    r"""<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*\\?["'](https?://[^"'\\]+)"""
    r"""|\\*"url\\*"\s*:\s*\\*"(https?://[^"\\]+)"""
    r"""|@import\s+(?:url\()?\s*["']?(https?://[^"')\s]+)"""
    r"""|url\(\s*["']?(https?://[^"')\s]+)""")
# Panel's loader script names what it will load in lists such as `var js_urls = [...]`.
LOADER_LISTS = re.compile(r"""\b(?:js_urls|css_urls|js_modules|js_exports)\s*=\s*([\[{][^\]}]*[\]}])""")


def readme_notebook_line() -> str:
    text = (ROOT / "README.md").read_text()
    [line] = re.findall(r"`(import panel as pn; from app\.lab import BackpropLab;[^`]*)`", text)
    return line


def fetched_urls(outputs: list[dict]) -> set[str]:
    found = set()
    for output in outputs:
        for data in output.get("data", {}).values():
            text = data if isinstance(data, str) else json.dumps(data)
            found |= {next(g for g in m if g) for m in FETCHED.findall(text)}
            for listed in LOADER_LISTS.findall(text):
                found |= set(re.findall(r"https?://[^\s\"'\\,\]}]+", listed))
    return found


def run_cell(source: str) -> list[dict]:
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT)}}).execute()
    return nb.cells[0].outputs


def test_the_readme_notebook_line_shows_the_lab_and_fetches_nothing_off_site():
    outputs = run_cell(readme_notebook_line())
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "data-root-id" in html  # the lab was rendered
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert fetched_urls(outputs) == set()


def test_the_check_sees_the_cdn_when_the_line_is_not_inline():
    """Without inline=True the same line sends the browser to Bokeh's and Panel's CDNs."""
    outputs = run_cell(readme_notebook_line().replace(", inline=True", ""))
    hosts = {re.match(r"https?://([^/]+)", url).group(1) for url in fetched_urls(outputs)}
    assert {"cdn.bokeh.org", "cdn.holoviz.org"} <= hosts
