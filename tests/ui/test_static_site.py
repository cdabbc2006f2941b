"""The static site (`python build.py`) in Debian's chromium, with every off-site request refused.

What is tested is exactly what is shipped: the fixture builds build/site/ (or
reuses it when its inputs are unchanged), serves it on a free 127.0.0.1 port
and loads it in a fresh browser context whose router aborts, and records, any
request that is not to 127.0.0.1, the Pyodide worker's requests included.
"""
from __future__ import annotations

import re

import subprocess
import sys

import numpy as np
import pytest

from app.picture import hover_text
from core import Network, teaching_steps, walkthrough
from core.notation import plain

from .browser import (
    show_every_step,
    CHROMIUM, CHROMIUM_ARGS, ROOT, drag_slider, source, text_of, type_a_deep_wide_network, wait_for,
    wait_until_ready,
)

pytestmark = pytest.mark.ui
START_TIMEOUT_MS = 180_000  # a cold start is ~10 s here; a loaded CI machine may be slower
# Belt and braces: even a request the router did not see cannot resolve a host name.
NO_DNS = ["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


@pytest.fixture(scope="session")
def static_site():
    """The built site served on 127.0.0.1; yields (url, server) so tests can see what it served."""
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--if-stale"], cwd=ROOT, check=True)
    sys.path.insert(0, str(ROOT))
    from sitebuild.serve import serve_in_background

    server, url = serve_in_background()
    yield url, server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def chromium(request):
    """Debian's chromium, on conftest's shared Playwright where there is one (a second
    sync_playwright() in the same process fails)."""
    try:
        driver = request.getfixturevalue("playwright_driver")
    except pytest.FixtureLookupError:
        driver = None
    if driver is not None:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + NO_DNS)
        yield browser
        browser.close()
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + NO_DNS)
        yield browser
        browser.close()


class Watch:
    """Console errors, page errors, failed responses and off-site requests of one browser context."""

    def __init__(self, context, page):
        self.errors: list[str] = []
        self.external: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.cancelled: list[str] = []
        page.on("requestfailed", self._request_failed)

        def route(r):
            if r.request.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
                r.continue_()
            else:
                self.external.append(r.request.url)
                r.abort()

        context.route("**/*", route)  # the context's router also sees the worker's requests

    def _request_failed(self, request):
        # net::ERR_ABORTED is the page itself cancelling a request: leaving for the next address,
        # or Panel replacing a view whose <link> style sheet was still loading. A file the site
        # lacks answers 404 (seen above) and a refused off-site request fails as net::ERR_FAILED.
        failure = request.failure or ""
        (self.cancelled if "ERR_ABORTED" in failure else self.failed).append(f"{failure} {request.url}")

    def assert_clean(self):
        assert self.external == [], f"requests left the site: {self.external}"
        assert self.errors == [], f"console errors: {self.errors}"
        assert self.failed == [], f"failed responses: {self.failed}"


@pytest.fixture
def site_page(chromium, static_site):
    context = chromium.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.watch = Watch(context, page)
    yield page
    context.close()


def step_line(page, text: str):
    """The stepper's own "Step n of N" line: the live region for screen readers says the same words,
    and the site's pre-rendered copy of the page holds a hidden one."""
    return page.locator("strong:visible", has_text=re.compile("^" + re.escape(text) + "$"))


def open_site(page, url):
    """Load the site and wait until Python runs the app (or the start-up panel reports a failure)."""
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.bpState !== 'loading'", timeout=START_TIMEOUT_MS)
    state = page.evaluate("document.documentElement.dataset.bpState")
    assert state == "ready", f"start-up failed: {page.inner_text('#bp-boot')}; errors: {page.watch.errors}"
    wait_until_ready(page)


def lesson_network(w1: float = 0.4) -> Network:
    return Network(weights=[np.array([[w1], [-0.2]]), np.array([[0.1]])])


def update_formula(w1: float) -> str:
    """The update step's formula with numbers, as the page shows it, for the lesson's network with this w1."""
    net = lesson_network(w1)
    fwd = net.forward([0.1, 0.3])
    return "$$" + teaching_steps(net, fwd, net.backward(fwd, [1.0], 0.5))[-1].numbers + "$$"


def test_the_site_starts_offline_with_no_console_error(site_page, static_site):
    url, server = static_site
    html = site_page.request.get(url).text()
    assert 'id="bp-boot"' in html and "<progress" in html  # landing text and progress while Pyodide starts
    open_site(site_page, url)
    assert site_page.locator("#bp-boot").is_hidden()
    assert site_page.evaluate("Object.keys(window.bpTimings)") == ["pyodide", "packages", "code", "render", "ready"]
    assert any(p.startswith("/pyodide/pyodide.asm.wasm") for p in server.served)
    site_page.wait_for_timeout(1000)  # late patches and errors after start-up
    site_page.watch.assert_clean()


def test_dragging_a_weight_slider_changes_the_diagram_to_the_cores_values(site_page, static_site):
    open_site(site_page, static_site[0])
    show_every_step(site_page, timeout=60)
    assert source(site_page, "edges")["w"][0] == repr(0.4)
    drag_slider(site_page, "weight-w0-0-0", 60)
    wait_for(lambda: source(site_page, "edges")["w"][0] != repr(0.4), timeout=60)

    def diagram_matches_core() -> bool:
        """The diagram shows the core's numbers for the weight it shows (drags arrive one by one)."""
        w1 = float(source(site_page, "edges")["w"][0])
        fwd, bwd, _ = walkthrough(lesson_network(w1), [0.1, 0.3], [1.0], 0.5)
        nodes = source(site_page, "nodes")
        return (nodes["value_text"][2] == f"h = {plain(fwd.layer_inputs[0][0])}\na = {plain(fwd.layer_outputs[0][0])}"
                and nodes["value_text"][3] == f"h = {plain(fwd.layer_inputs[1][0])}\nŷ = {plain(fwd.output[0])}"
                and nodes["delta_text"][2] == f"δ = {plain(bwd.deltas[0][0])}"
                and float(source(site_page, "edges")["dw"][2]) == pytest.approx(bwd.weight_steps[1][0, 0], rel=1e-11))

    wait_for(diagram_matches_core, timeout=60)
    assert float(source(site_page, "edges")["w"][0]) > 0.4
    # the formula panes wait for the drag to pause, then show the numbers of the weight the
    # diagram shows (read each time: the worker may still be sending the drag's last events)
    wait_for(lambda: text_of(site_page, "step-numbers") == update_formula(float(source(site_page, "edges")["w"][0])),
             timeout=60)
    site_page.watch.assert_clean()


def test_a_typed_architecture_rebuilds_the_weight_sliders_in_the_static_site(site_page, static_site):
    """The sliders follow the new network, not only the diagram (they stayed 2-1-1's in Pyodide)."""
    open_site(site_page, static_site[0])
    assert site_page.locator("[class*=weight-w] .noUi-handle").count() == 3
    field = site_page.locator(".architecture-input input")
    field.fill("2-3-1")
    field.press("Enter")
    wait_for(lambda: len(source(site_page, "nodes")["id"]) == 6, timeout=60)
    # 2x3 + 3x1 weights, one slider each, and the new ones are live: a drag moves their edge
    wait_for(lambda: site_page.locator("[class*=weight-w] .noUi-handle").count() == 9, timeout=60)
    index = source(site_page, "edges")["id"].index("w1.2.0")
    before = source(site_page, "edges")["w"][index]
    drag_slider(site_page, "weight-w1-2-0", 60)
    wait_for(lambda: source(site_page, "edges")["w"][index] != before, timeout=60)
    site_page.watch.assert_clean()


def test_a_deep_wide_network_stacks_its_labels_and_gets_a_taller_diagram_in_the_static_site(site_page, static_site):
    open_site(site_page, static_site[0])
    type_a_deep_wide_network(site_page)
    site_page.watch.assert_clean()


def test_a_big_network_then_a_small_one_an_activation_and_two_tabs_leave_no_page_error(site_page, static_site):
    """Each typed network's sample sliders reach the page, and so do a new activation and the
    Training and Share tabs opened after them (the page said "reference ... isn't known" and
    kept the old sliders)."""
    from .test_training_share import show_tab

    open_site(site_page, static_site[0])
    field = site_page.locator(".architecture-input input")
    for arch, units, inputs, targets in (("4-8-8-8-2", 30, 4, 2), ("2-3-1", 6, 2, 1)):
        field.fill(arch)
        field.press("Enter")
        wait_for(lambda: len(source(site_page, "nodes")["id"]) == units, timeout=60)
        wait_for(lambda: site_page.locator("[class*=input-x] .noUi-handle").count() == inputs
                 and site_page.locator("[class*=target-y] .noUi-handle").count() == targets, timeout=60)
    # a typed network is shown whole, at the last step: every a drawn
    wait_for(lambda: source(site_page, "edges")["dw"][0] not in ("", "—"), timeout=60)
    shown = source(site_page, "nodes")["value_text"]
    site_page.locator(".activation-select select").select_option("tanh")
    wait_for(lambda: source(site_page, "nodes")["value_text"] != shown, timeout=60)  # a = tanh(h) now
    show_tab(site_page, "Training")
    site_page.locator(".train-epoch button").wait_for(timeout=60_000)
    show_tab(site_page, "Share & save")
    site_page.locator(".share-copy button").wait_for(timeout=60_000)
    site_page.watch.assert_clean()


def test_stepping_through_the_backward_pass_shows_each_delta_formula(site_page, static_site):
    open_site(site_page, static_site[0])
    step_line(site_page, "Step 0 of 10").wait_for(timeout=30000)
    for n in range(1, 6):
        site_page.locator(".step-next button").click()
        step_line(site_page, f"Step {n} of 10").wait_for(timeout=30000)
    # Under Pyodide each changed model is its own message, so wait for the formula itself.
    expected = {
        6: r"$$\delta^{o} = (1 - 0.512) \times 0.512 \times (1 - 0.512) = 0.122$$",
        7: r"$$\delta^{h} = 0.1 \times 0.122 \times 0.495 \times (1 - 0.495) = 0.00305$$",
        8: r"$$\Delta W = 0.5 \times 0.122 \times 0.495 = 0.0302$$",
    }
    for n, formula in expected.items():
        site_page.locator(".step-next button").click()
        step_line(site_page, f"Step {n} of 10").wait_for(timeout=30000)
        wait_for(lambda: text_of(site_page, "step-numbers") == formula, timeout=30)
        if n == 7:
            wait_for(lambda: source(site_page, "nodes")["delta_text"] == ["", "", "δ = 0.00305", "δ = 0.122"], timeout=30)
    assert site_page.locator(".step-numbers mjx-container").count() >= 1  # typeset, offline
    site_page.watch.assert_clean()


def test_a_second_visit_loads_from_the_service_workers_cache(site_page, static_site):
    url, server = static_site
    open_site(site_page, url)
    site_page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60000)
    site_page.wait_for_function(
        "caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.keys()))))"
        ".then(all => all.flat().some(r => r.url.endsWith('.wasm')))", timeout=60000)
    before = len(server.served)
    open_site(site_page, url)
    again = server.served[before:]
    assert not [p for p in again if p.startswith("/pyodide/")], f"second visit fetched {again}"
    site_page.watch.assert_clean()


def _failed_start(site_page, site) -> tuple[str, list[str]]:
    """Serve `site`, load it, expect start-up to fail cleanly; the start-up panel's text and
    the paths the server was asked for."""
    from sitebuild.serve import serve_in_background

    server, url = serve_in_background(site)
    try:
        site_page.goto(url)
        site_page.wait_for_function("document.documentElement.dataset.bpState !== 'loading'",
                                    timeout=START_TIMEOUT_MS)
        assert site_page.evaluate("document.documentElement.dataset.bpState") == "failed"
        message = site_page.inner_text("#bp-boot")
        assert "Traceback" not in message, message
        assert site_page.evaluate("Bokeh.documents.length") >= 1  # the pre-rendered picture stays
        return message, list(server.served)
    finally:
        server.shutdown()
        server.server_close()


def _site_copy(tmp_path):
    import shutil
    from sitebuild.paths import OUT

    site = tmp_path / "site"
    shutil.copytree(OUT, site)
    return site


def test_a_corrupted_package_bundle_stops_start_up_with_a_clear_message(site_page, static_site, tmp_path):
    """A static host serving a bundle that is not this build's (one byte differs, as after a partial
    upload): the fetch's sha256 check refuses it and the start-up panel says so, with no traceback."""
    from sitebuild.bundle import BUNDLE

    site = _site_copy(tmp_path)
    [bundle] = (site / "pyodide").glob(BUNDLE.format("*"))
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    bundle.write_bytes(bytes(data))
    message, served = _failed_start(site_page, site)
    assert bundle.name in message and "sha256" in message, message
    # the file was served (so it is the sha256 check that refused it, not a missing file)
    assert f"/pyodide/{bundle.name}" in served
    assert not [f for f in site_page.watch.failed if f[:1].isdigit()], site_page.watch.failed  # no 404


def test_a_missing_numpy_wheel_stops_start_up_with_a_clear_message(site_page, static_site, tmp_path):
    """Pyodide 0.27's loadPackage only logs a wheel it cannot load; the worker checks what loaded
    and says which package is missing, instead of a ModuleNotFoundError traceback later."""
    site = _site_copy(tmp_path)
    [numpy] = (site / "pyodide").glob("numpy-*.whl")
    numpy.unlink()
    message, _ = _failed_start(site_page, site)
    assert "numpy could not be loaded" in message and "publishing build/site/ again" in message, message


def test_numpy_ships_without_its_build_and_test_files_and_keeps_what_a_learner_uses(static_site):
    """The site's NumPy wheel has none of what only code built against NumPy, or NumPy's own
    tests, would read (sitebuild/pins.py: Pyodide's loadPackage unpacks every file and compiles
    every extension module of a wheel at each start); fft, linalg and random stay
    (tests/ui/test_practice.py runs a learner's code with them in the site)."""
    import hashlib
    import json
    import zipfile

    from sitebuild.pins import STRIP_FROM_WHEELS

    folder = ROOT / "build" / "site" / "pyodide"
    [wheel] = folder.glob("numpy-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    dropped = [re.compile(p) for p in STRIP_FROM_WHEELS["numpy"]]
    assert [n for n in names if n.endswith(".pyi")] == []
    assert not [n for n in names if any(p.search(n) for p in dropped)]
    for kept in ("numpy/_core/_multiarray_umath", "numpy/_core/_multiarray_tests", "numpy/fft/_pocketfft_umath",
                 "numpy/linalg/_umath_linalg", "numpy/linalg/lapack_lite", "numpy/random/_generator"):
        assert any(n.startswith(kept + ".") and n.endswith(".so") for n in names), kept
    # the site's lock names the stripped wheel, so Pyodide's sha256 check accepts it
    lock = json.loads((folder / "pyodide-lock.json").read_text())["packages"]["numpy"]
    assert lock["file_name"] == wheel.name
    assert lock["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()


def test_the_worker_keeps_the_standard_librarys_zip_read_when_import_caches_are_invalidated(tmp_path):
    """static/worker.js's BP_STDLIB_ZIP_KEPT: importlib.invalidate_caches() (loadPackage's, the
    worker's) no longer makes the importers of the standard library's zip, the first zip on
    sys.path, read its directory again; another zip's importers still do, and both still import."""
    import zipfile

    snippet = re.search(r"const BP_STDLIB_ZIP_KEPT = `(.*?)`", (ROOT / "static" / "worker.js").read_text(), re.S)[1]
    for name in ("stdlib", "other"):
        with zipfile.ZipFile(tmp_path / f"{name}.zip", "w") as z:
            z.writestr(f"{name}_pkg/__init__.py", f"WHO = {name!r}\n")
            z.writestr(f"{name}_pkg/sub.py", "")
    check = f"""
import importlib, sys, zipimport
sys.path[:0] = [{str(tmp_path / 'stdlib.zip')!r}, {str(tmp_path / 'other.zip')!r}]
import stdlib_pkg.sub, other_pkg.sub  # an importer for each zip and each of their packages
exec({snippet!r})
read = []
original = zipimport._read_directory
zipimport._read_directory = lambda archive: read.append(archive) or original(archive)
importlib.invalidate_caches()
assert read and all(a.endswith('other.zip') for a in read), read
assert (stdlib_pkg.WHO, other_pkg.WHO) == ('stdlib', 'other')
print('ok')
"""
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, cwd=tmp_path)
    assert out.stdout.strip() == "ok", out.stderr


def _run_with_placeholders(tmp_path, placeholders: dict[str, str], check: str) -> None:
    """Run `check` in a fresh Python where each module name imports its placeholder from static/."""
    for module, source in placeholders.items():
        (tmp_path / module).mkdir()
        (tmp_path / module / "__init__.py").write_text((ROOT / "static" / source).read_text())
    out = subprocess.run([sys.executable, "-c", check], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(tmp_path)})
    assert out.stdout.strip() == "ok", out.stderr


def test_the_page_loads_no_webgl_bundle_and_the_build_says_when_it_cannot_drop_it():
    from sitebuild.paths import BuildError
    from sitebuild.rewrite import without_webgl

    page = ('<script src="https://cdn.bokeh.org/bokeh/release/bokeh-3.7.3.min.js"></script>\n'
            '<script type="text/javascript" src="https://cdn.bokeh.org/bokeh/release/bokeh-gl-3.7.3.min.js"></script>\n'
            '<script src="https://cdn.bokeh.org/bokeh/release/bokeh-widgets-3.7.3.min.js"></script>\n')
    assert without_webgl(page) == page.replace(page.splitlines(keepends=True)[1], "")
    with pytest.raises(BuildError, match="bokeh-gl"):
        without_webgl(without_webgl(page))


def test_the_pandas_placeholder_answers_isinstance_and_refuses_use(tmp_path):
    """bokeh's isinstance checks work against the placeholder; using pandas raises."""
    _run_with_placeholders(tmp_path, {"pandas": "absent_placeholder.py"}, """
import pandas as pd
from pandas.core.groupby import GroupBy
assert not isinstance({"x": [1]}, (pd.DataFrame, pd.Series, GroupBy, pd.api.extensions.ExtensionArray))
assert 1.0 is not pd.NaT
try:
    pd.DataFrame({"x": [1]})
except ImportError as exc:
    assert "pandas is not shipped" in str(exc)
else:
    raise AssertionError("pd.DataFrame() should raise")
print("ok")
""")


def test_the_narwhals_and_yaml_placeholders_answer_bokeh_and_refuse_use(tmp_path):
    """What bokeh asks of narwhals and yaml works; anything that really needs them raises."""
    _run_with_placeholders(tmp_path, {"narwhals": "narwhals_placeholder.py", "yaml": "absent_placeholder.py"}, """
import narwhals, yaml
assert narwhals.__file__.startswith(%r) and yaml.__file__.startswith(%r)
import narwhals.stable.v1 as nw
from bokeh.models import ColumnDataSource
from bokeh.themes import Theme
source = ColumnDataSource({"x": [1, 2]})
source.data = {"x": [3]}
assert source.data == {"x": [3]}
assert not nw.dependencies.is_into_dataframe({"x": [1]}) and not nw.dependencies.is_into_series([1])
Theme(json={"attrs": {"Plot": {"width": 300}}})
for call in (lambda: nw.from_native({}), lambda: yaml.safe_load("a: 1"), lambda: yaml.load("a", Loader=yaml.SafeLoader)):
    try:
        call()
    except ImportError as exc:
        assert "not shipped" in str(exc)
    else:
        raise AssertionError("the placeholder should raise")
print("ok")
""" % (str(tmp_path), str(tmp_path)))


def test_the_bundle_holds_every_file_of_the_pure_wheels_where_site_packages_wants_it(tmp_path):
    """write_bundle's format (which static/worker-bundle.js reads; the browser tests run that
    reader), read back here by its specification: each wheel member's bytes at its
    site-packages path, .data/purelib and platlib moved to the top, other .data left out."""
    import base64, gzip, hashlib, json, zipfile
    sys.path.insert(0, str(ROOT))
    from sitebuild.bundle import BUNDLE, write_bundle
    from sitebuild.paths import sha256_of

    members = {
        "alpha-1.0.dist-info/METADATA": b"Name: alpha\nVersion: 1.0\n",
        "alpha/__init__.pyc": bytes(range(256)) * 3,
        "alpha/data/table.json": b'{"a": 1}',
        "alpha-1.0.data/purelib/alpha_extra.py": b"X = 1\n",
        "alpha-1.0.data/platlib/alpha_native.py": b"Y = 2\n",
        "alpha-1.0.data/data/etc/jupyter/alpha.json": b"{}",
    }
    wheels = []
    for name, files in (("alpha", members), ("beta", {"beta.py": b"", "beta-2.0.dist-info/RECORD": b"r"})):
        whl = tmp_path / f"{name}-1.0-py3-none-any.whl"
        with zipfile.ZipFile(whl, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{name}/", b"")  # a directory entry
            for member, data in files.items():
                zf.writestr(member, data)
        wheels.append(({"name": name, "version": "1.0", "sha256": sha256_of(whl)}, whl))
    name, integrity = write_bundle(wheels, tmp_path)
    target = tmp_path / name
    assert name == BUNDLE.format(hashlib.sha256(target.read_bytes()).hexdigest()[:12])

    assert integrity == "sha256-" + base64.b64encode(hashlib.sha256(target.read_bytes()).digest()).decode()
    raw = gzip.decompress(target.read_bytes())
    n = int.from_bytes(raw[:4], "little")
    header = json.loads(raw[4:4 + n])
    data = raw[4 + n:]
    unpacked = {path: data[offset:offset + size] for path, offset, size in header["files"]}
    expected = {k: v for k, v in members.items() if ".data/" not in k}
    expected |= {"alpha_extra.py": b"X = 1\n", "alpha_native.py": b"Y = 2\n", "beta.py": b"",
                 "beta-2.0.dist-info/RECORD": b"r"}
    assert unpacked == expected
    assert [(p["name"], p["wheel"], p["sha256"]) for p in header["packages"]] == [
        (e["name"], w.name, sha256_of(w)) for e, w in wheels]
    assert sum(size for _, _, size in header["files"]) == len(data)


# -- issue 5's features in the static build: a seeded training link, a shared link, a JSON file ----
def _with_query(url: str, query: dict) -> str:
    from urllib.parse import urlencode

    return url + "?" + urlencode(query)


def test_training_xor_from_a_seeded_link_in_the_static_site(site_page, static_site):
    from .test_training_share import image, opened, paused_state, show_tab, train_alongside, xor_link

    query = xor_link()
    open_site(site_page, _with_query(static_site[0], query))
    show_tab(site_page, "Training")
    wait_for(lambda: source(site_page, "loss_curve") is not None and source(site_page, "loss_curve")["epoch"] == [0],
             timeout=60)
    before = image(site_page)
    _, training = opened(query)
    train_alongside(site_page, training, epochs=2, rel=1e-9)  # Pyodide's NumPy: the same numbers as here
    wait_for(lambda: image(site_page) != before, timeout=60)
    # Play trains on by itself, frame after frame, and Pause stops it
    site_page.locator(".train-play button").click()
    wait_for(lambda: len(source(site_page, "loss_curve")["epoch"]) >= 13, timeout=60)
    site_page.locator(".train-play button").click()
    site_page.locator(".train-play button", has_text="Play").wait_for(timeout=30000)  # Python has paused
    # the curve and the heatmap at the epoch training paused at, as this process trains them
    curve, trained = paused_state(site_page, query, timeout=60, rel=1e-9)
    assert curve["train"] == pytest.approx(trained.history["train"], rel=1e-9)
    site_page.wait_for_timeout(1000)  # time for a frame after the pause to arrive, were one sent
    assert source(site_page, "loss_curve") == curve
    assert curve["train"][-1] < curve["train"][2] < curve["train"][0]
    site_page.watch.assert_clean()


def test_a_shared_link_reopens_every_weight_in_the_static_site(site_page, static_site):
    from app import share

    from .test_training_share import edge_weights, exercise_snapshot, opened

    snap = exercise_snapshot()
    lab, _ = opened(share.to_query(snap))
    open_site(site_page, _with_query(static_site[0], share.to_query(snap)))
    # the worker hears the page's address only after the first render, then opens the link
    wait_for(lambda: source(site_page, "edges")["w"] == edge_weights(lab.network), timeout=60)
    step_line(site_page, f"Step 6 of {len(lab.steps)}").wait_for(timeout=30000)
    site_page.watch.assert_clean()


def test_a_classroom_link_hides_what_the_teacher_chose_in_the_static_site(site_page, static_site):
    from app import share

    from .test_training_share import edge_weights, exercise_snapshot, opened

    snap = {**exercise_snapshot(), "hide": ["weights", "training"]}
    lab, _ = opened(share.to_query(snap))
    open_site(site_page, _with_query(static_site[0], share.to_query(snap)))
    wait_for(lambda: source(site_page, "edges")["w"] == edge_weights(lab.network), timeout=60)
    tabs = site_page.locator(".bk-tab")
    wait_for(lambda: tabs.all_inner_texts() == ["Step through", "Vanishing gradients", "Gradient check", "Share & save", "Practice"],
             timeout=30)
    assert site_page.locator("[class*=weight-w] .noUi-handle:visible").count() == 0
    assert site_page.locator(".eta-slider").is_visible()  # what the link does not name stays
    site_page.watch.assert_clean()


def test_importing_a_json_file_in_the_static_site(site_page, static_site, tmp_path):
    from app import share

    from .test_training_share import exercise_snapshot, show_tab

    snap = exercise_snapshot()
    saved = tmp_path / "saved.json"
    saved.write_text(share.to_json(snap))
    open_site(site_page, static_site[0])
    show_tab(site_page, "Share & save")
    site_page.set_input_files(".share-import input[type=file]", str(saved))
    expected = [hover_text(v) for w in snap["network"]["weights"] for row in w for v in row]
    wait_for(lambda: source(site_page, "edges")["w"] == expected, timeout=60)
    site_page.watch.assert_clean()


# -- parity with `panel serve`: the code pane, the dark theme, a huge upload, training's pause -------------
JS_CODE_COLOURS = """host => {
  const code = host.shadowRoot.querySelector('pre code') || host.shadowRoot.querySelector('pre');
  if (!code || !code.textContent.trim()) return null;
  // the text's own colour, and the first opaque background behind it
  const colour = getComputedStyle(code).color;
  let el = code, background = null;
  while (el && !background) {
    const bg = getComputedStyle(el).backgroundColor;
    if (bg && !/rgba\\(.*, 0\\)$/.test(bg) && bg !== 'transparent') background = bg;
    el = el.parentElement || (el.getRootNode() && el.getRootNode().host) || null;
  }
  return {colour, background: background || 'rgb(255, 255, 255)', text: code.textContent};
}"""


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""
    def luminance(css: str) -> float:
        r, g, b = (float(v) / 255 for v in css[css.index("(") + 1:css.index(")")].split(",")[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_numpy_code_pane_stays_readable_after_python_redraws_it(site_page, static_site):
    """After a step Python renders the code pane again, without Pygments: it turned dark on dark."""
    open_site(site_page, static_site[0])
    pane = site_page.locator(".step-numpy")
    step_line(site_page, "Step 0 of 10").wait_for(timeout=30000)
    wait_for(lambda: pane.evaluate(JS_CODE_COLOURS) is None, timeout=60)  # step 0 has no code
    site_page.locator(".step-next button").click()
    step_line(site_page, "Step 1 of 10").wait_for(timeout=30000)
    wait_for(lambda: pane.evaluate(JS_CODE_COLOURS) is not None, timeout=60)  # Python's own rendering of it
    seen = pane.evaluate(JS_CODE_COLOURS)
    assert contrast(seen["colour"], seen["background"]) >= 4.5, seen
    site_page.watch.assert_clean()


def test_the_dark_theme_from_the_address_in_the_static_site(site_page, static_site):
    open_site(site_page, static_site[0] + "?theme=dark")
    dark = "() => getComputedStyle(document.body).backgroundColor"

    def luminance_is_low() -> bool:
        return contrast(site_page.evaluate(dark), "rgb(0, 0, 0)") < 3  # near black, as under panel serve
    wait_for(luminance_is_low, timeout=60)
    site_page.watch.assert_clean()


def test_a_30_mb_csv_is_refused_in_the_static_site_and_the_page_stays_live(site_page, static_site, tmp_path):
    from .test_robust import big_csv, the_diagram_still_follows_a_slider, upload_is_refused
    from .test_training_share import show_tab

    open_site(site_page, static_site[0])
    show_tab(site_page, "Training")
    upload_is_refused(site_page, big_csv(tmp_path, 30), "30.0 MB")
    the_diagram_still_follows_a_slider(site_page, timeout=60)
    site_page.watch.assert_clean()


def test_the_floor_benchmark_changes_only_when_python_starts_and_which_app_it_runs(static_site, tmp_path):
    """benchmarks/floor_static.py's pages are the built site with the worker's start and app swapped:
    the site itself is left as it was (the copies are hard links), and nothing else of main.js moves."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.floor_static import APP_END, APP_START, SMALLEST_APP, bokeh_page, variant

    site = ROOT / "build" / "site"
    before = (site / "main.js").read_text()
    copy = variant(site, tmp_path / "smallest", True, SMALLEST_APP)
    after = (copy / "main.js").read_text()
    assert (site / "main.js").read_text() == before and (site / "main.js.gz").is_file()
    assert "create_app()" in before and "create_app()" not in after
    assert "const GO_ANYWAY_MS = 0 && " in after and "const GO_ANYWAY_MS = 0 && " not in before
    head, tail = before.split(APP_START, 1)[0], before.split(APP_END, 1)[1]
    assert after == (head.replace("const GO_ANYWAY_MS = ", "const GO_ANYWAY_MS = 0 && ", 1) + APP_START
                     + SMALLEST_APP.replace("\n", "\\n") + APP_END + tail)
    page = (bokeh_page(site, copy) / "floor.html").read_text()
    assert page.count("<script src=") == 6 and not (site / "floor.html").exists()
