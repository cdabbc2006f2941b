"""The page side of the address bar and the Copy link button: the only JavaScript the share view runs.

Why JavaScript at all: Panel 1.7.5's `Location` pushes a history entry for every change of
`search` and never listens to the browser's `popstate`, so Back changed the address and
not the page. These snippets run as Bokeh `CustomJS` (Panel's public `jscallback` and
`js_on_click`), which works the same under `panel serve` and in the static site's page,
with no extra file to ship.
"""
from __future__ import annotations

# cb_obj: the hidden "address" box, whose value Python sets to {"mode": "init", "limit": bytes} once the
# page has loaded, then to {"mode": "push"|"replace", "search": "?…"}. The first order starts listening
# to popstate, and from then on tells Python, through the hidden "back" box, which address Back or
# Forward arrived at. It also guards the JSON import: a file over `limit` is never read nor sent
# (a large upload would close the page's connection), and Python hears only its size.
HISTORY_JS = """
let order = {};
try { order = JSON.parse(cb_obj.value || "{}"); } catch (e) { return; }
let n = window.__backpropLabMessages || 0;
const tell = (message) => { n += 1; window.__backpropLabMessages = n; back.value = JSON.stringify({n: n, ...message}); };
if (!window.__backpropLabPopstate) {
  window.__backpropLabPopstate = true;
  window.addEventListener("popstate", () => tell({search: window.location.search}));
  const limit = order.limit || 200000;
  document.addEventListener("input", (event) => {
    const el = event.composedPath()[0];
    if (!el || el.type !== "file" || !el.files || el.files.length === 0) return;
    const root = el.getRootNode();
    if (!root || !root.host || !root.host.classList.contains("share-import")) return;
    const size = el.files[0].size;
    if (size <= limit) return;
    // the file input's own "change" listener (which reads and sends the file) never hears of it
    root.addEventListener("change", (e) => e.stopImmediatePropagation(), {capture: true, once: true});
    el.value = "";
    tell({refused: size});
  }, true);
}
const here = window.location.pathname + window.location.search + window.location.hash;
const there = window.location.pathname + (order.search || "") + window.location.hash;
if (there === here) return;
if (order.mode === "push") window.history.pushState({}, "", there);
else if (order.mode === "replace") window.history.replaceState({}, "", there);
"""

# Copies the link box's text; where the clipboard is refused (no permission, not a secure
# page), selects the text in the box so that Ctrl+C copies it by hand. Python hears which,
# through the hidden "back" box, and says so beside the button.
COPY_JS = """
const n = (window.__backpropLabMessages || 0) + 1;
window.__backpropLabMessages = n;
const tell = (copied) => { back.value = JSON.stringify({n: n, copied: copied}); };
const by_hand = () => {
  const view = Bokeh.index.find_one(url);
  if (view && view.input_el) { view.input_el.focus(); view.input_el.select(); }
  tell(false);
};
if (navigator.clipboard && navigator.clipboard.writeText) {
  navigator.clipboard.writeText(url.value).then(() => tell(true), by_hand);
} else {
  by_hand();
}
"""
