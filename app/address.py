"""The page side of the address bar and the Copy link button: the only JavaScript the share view runs.

Why JavaScript at all: Panel 1.7.5's `Location` pushes a history entry for every change of
`search` and never listens to the browser's `popstate`, so Back changed the address and
not the page. These snippets run as Bokeh `CustomJS` (Panel's public `jscallback` and
`js_on_click`), which works the same under `panel serve` and in the static site's page,
with no extra file to ship.
"""
from __future__ import annotations

# cb_obj: the hidden "address" box, whose value Python sets to {"mode": "push"|"replace", "search": "?…"}.
# On the first order it also starts listening to popstate, and from then on tells Python, through the
# hidden "back" box, which address Back or Forward arrived at.
HISTORY_JS = """
let order = {};
try { order = JSON.parse(cb_obj.value || "{}"); } catch (e) { return; }
if (!window.__backpropLabPopstate) {
  window.__backpropLabPopstate = true;
  let n = 0;
  window.addEventListener("popstate", () => {
    n += 1;
    back.value = JSON.stringify({n: n, search: window.location.search});
  });
}
const here = window.location.pathname + window.location.search + window.location.hash;
const there = window.location.pathname + (order.search || "") + window.location.hash;
if (there === here) return;
if (order.mode === "push") window.history.pushState({}, "", there);
else if (order.mode === "replace") window.history.replaceState({}, "", there);
"""

# Copies the link box's text; where the clipboard is refused (no permission, not a secure
# page), selects the text in the box so that Ctrl+C copies it by hand, and says so.
COPY_JS = """
const text = url.value;
const by_hand = () => {
  const view = Bokeh.index.find_one(url);
  if (view && view.input_el) { view.input_el.focus(); view.input_el.select(); }
  note.text = "Your browser did not let the page copy: the link is selected in the box above, press Ctrl+C (Cmd+C on a Mac) to copy it.";
};
note.text = "";
if (navigator.clipboard && navigator.clipboard.writeText) {
  navigator.clipboard.writeText(text).then(() => { note.text = "Link copied."; }, by_hand);
} else {
  by_hand();
}
"""
