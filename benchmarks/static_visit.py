"""How the static-site benchmarks visit the site: a fresh browser profile per cold visit, opened
once the new browser has finished its own start, and a press of Next made in the page as soon
as it takes one (bench_static.py, ab_static.py, floor_static.py)."""
from __future__ import annotations

import tempfile
import time

from tests.ui.browser import CHROMIUM, CHROMIUM_ARGS, wait_until_ready

# In every page of the benchmark, from its first moment: press Next as soon as there is an
# enabled Next button (the preview's, once static/baked.js has made it live, or the live one),
# and note when the page shows step 1 (window.bpFirstNext, ms from navigation start).
FIRST_NEXT = r"""
(() => {
  // the Next button's element, found through BokehJS's views (a walk through every shadow root
  // of the drawn page, every 10 ms, took ~1 ms a time on the page's thread while it was drawing)
  const nextButton = () => {
    if (!window.Bokeh || !Bokeh.index || typeof Bokeh.index.find_one !== 'function') return null
    for (const d of Bokeh.documents) {
      const model = [...d.all_models].find((m) => (m.css_classes || []).includes('step-next'))
      const button = model && Bokeh.index.find_one(model)?.button_el
      if (button && button.isConnected) return button
    }
    return null
  }
  const live = () => document.documentElement.classList.contains('bp-baked') ||
                     document.documentElement.dataset.bpState === 'ready' || !document.getElementById('bp-boot')
  // the steps the page's documents show ("Step N of M"; before the first, none: 0)
  const steps = () => (window.Bokeh ? Bokeh.documents : []).map((d) => {
    const m = [...d.all_models].find((m) => (m.css_classes || []).includes('step-progress'))
    const found = m && /Step (\d+) of/.exec(m.text || '')
    return found ? Number(found[1]) : 0
  })
  let pressed = false
  let after = 1  // the step a press of Next shows (a lesson page may open past step 0)
  const shown = () => steps().includes(after)
  const tick = () => {
    if (!pressed && document.body && live()) {
      const button = nextButton()
      if (button && !button.disabled) { after = Math.max(0, ...steps()) + 1; button.click(); pressed = true }
    }
    if (pressed && shown()) { requestAnimationFrame(() => { window.bpFirstNext = performance.now() }); return }
    setTimeout(tick, 10)
  }
  tick()
})()
"""
READY = "document.documentElement.dataset.bpState !== 'loading'"


def open_static(page, url: str) -> float:
    """Load the site; seconds from navigation start to interactive."""
    page.goto(url)
    # every 100 ms, not every frame (Playwright's default): the time is the page's own mark
    page.wait_for_function(READY, timeout=300_000, polling=100)
    state = page.evaluate("document.documentElement.dataset.bpState")
    if state != "ready":
        raise RuntimeError(f"the site did not start: {page.inner_text('#bp-boot')}")
    wait_until_ready(page)
    return page.evaluate("window.bpTimings.ready") / 1000


def new_profile(playwright, browser, incognito: bool, executable: str = CHROMIUM, settled: bool = True):
    """A browser context with empty caches: a fresh on-disk profile, as a learner's browser has
    (V8 keeps the wasm it compiled for the next visit), or Playwright's in-memory context, in
    which the second visit compiles all of Pyodide's wasm again (a Chrome trace shows it).

    `settled`: the fresh browser has finished its own start before the page is opened, as a
    learner's has when they follow a link; else the page is opened at once (a browser just launched)."""
    viewport = {"width": 1500, "height": 1000}
    if incognito:
        return browser.new_context(viewport=viewport), None
    folder = tempfile.mkdtemp(prefix="bp-profile-")
    context = playwright.chromium.launch_persistent_context(
        folder, executable_path=executable, args=CHROMIUM_ARGS, viewport=viewport)
    if settled:
        wait_until_browser_idle()
    return context, folder


def wait_until_browser_idle(quiet_s: float = 0.3, busy_cpu_s: float = 0.03, at_most_s: float = 20.0) -> None:
    """Return once the chromiums this process started use less than `busy_cpu_s` of CPU in
    `quiet_s`. A freshly launched chromium spends its first second on its own pages (here, two
    copies of the omnibox popup's WebUI, ~170 modules each, ~0.9 s of CPU in a Chrome trace):
    opened at once, the page shared both cores with them."""
    import psutil

    me = psutil.Process()

    def cpu_s() -> float:
        total = 0.0
        for child in me.children(recursive=True):
            try:  # not a busy process of SlowMachine's, nor Playwright's driver
                if "chrom" not in child.name():
                    continue
                times = child.cpu_times()
            except psutil.Error:  # a process that ended between listing and reading
                continue
            total += times.user + times.system
        return total

    deadline = time.monotonic() + at_most_s
    before = cpu_s()
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = cpu_s()
        if now - before < busy_cpu_s:
            return
        before = now


def first_next(page) -> float:
    """Seconds from navigation start to step 1 shown after the page's first press of Next."""
    page.wait_for_function("typeof window.bpFirstNext === 'number'", timeout=300_000, polling=100)
    return page.evaluate("window.bpFirstNext") / 1000
