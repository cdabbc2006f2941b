"""The static site as GitHub Pages serves a project: under a sub-path (/backprop-lab/), not at the root."""
from __future__ import annotations

import pytest

from core import walkthrough
from core.notation import plain

from .browser import drag_slider, show_every_step, source, wait_for
from .test_static_site import chromium, lesson_network, open_site, site_page, static_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.ui
PREFIX = "/backprop-lab/"


@pytest.fixture
def sub_path_site(static_site):  # noqa: F811
    from sitebuild.serve import serve_in_background

    server, url = serve_in_background(prefix=PREFIX)
    yield url, server
    server.shutdown()
    server.server_close()


def test_the_site_works_under_a_sub_path(site_page, sub_path_site):  # noqa: F811
    url, server = sub_path_site
    assert url.endswith(PREFIX)
    assert site_page.request.get(url.replace(PREFIX, "/")).status == 404  # nothing at the root
    server.served.clear()  # from here on, only what the page asks for
    open_site(site_page, url)
    assert server.served and all(path.startswith(PREFIX) for path in server.served)
    show_every_step(site_page, timeout=60)  # a preset opens at step 0, before h is computed
    drag_slider(site_page, "weight-w0-0-0", 60)

    def hidden_unit_shows_the_cores_h_for_the_drawn_weight() -> bool:
        w1 = float(source(site_page, "edges")["w"][0])
        fwd, _, _ = walkthrough(lesson_network(w1), [0.1, 0.3], [1.0], 0.5)
        return w1 != 0.4 and source(site_page, "nodes")["value_text"][2].startswith(
            f"h = {plain(fwd.layer_inputs[0][0])}\n")

    wait_for(hidden_unit_shows_the_cores_h_for_the_drawn_weight, timeout=60)
    assert all(path.startswith(PREFIX) for path in server.served)  # the worker's requests too
    site_page.watch.assert_clean()
