"""app/tabs.py's registry is what the lab's tab bar, lazy loading and a link's hide= list read."""
from __future__ import annotations

import pytest

from app.lab import BackpropLab
from app.panel_compat import tab_titles
from app.share import HIDEABLE
from app.tabs import GROUPS, TABS
from app.views import StateView


def test_the_tab_bar_is_the_registry_in_order_and_each_tab_waits_until_opened():
    lab = BackpropLab()
    lab.sidebar()
    lab.main()
    assert tab_titles(lab.tabs) == ["Step through", *(tab.title for tab in TABS)]
    assert all(lazy.view is None for lazy in lab._lazy.values())
    assert HIDEABLE == GROUPS + tuple(tab.key for tab in TABS)


@pytest.mark.parametrize("key", [tab.key for tab in TABS])
def test_a_link_hiding_one_registered_tab_hides_exactly_that_tab(key):
    lab = BackpropLab()
    lab.sidebar()
    lab.main()
    lab.share.hidden_on_load = [key]
    title = next(tab.title for tab in TABS if tab.key == key)
    assert tab_titles(lab.tabs) == ["Step through", *(t.title for t in TABS if t.title != title)]
    assert lab._lazy[title].view is None and lab.tab_view(key) is lab._lazy[title].view is not None


def test_every_view_over_the_lab_state_shares_the_one_base():
    lab = BackpropLab()
    lab.sidebar()
    lab.main()
    views = [lab, lab.diagram, lab.stepper, lab.weights, lab.sample, lab.network, lab.share,
             lab.tab_view("vanishing"), lab.tab_view("gradcheck")]
    assert all(isinstance(v, StateView) and v.state is lab.state for v in views)
