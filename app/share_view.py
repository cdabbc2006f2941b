"""Share and save: the page URL follows the state, JSON export and import, the NumPy script."""
from __future__ import annotations

import io
import json
from urllib.parse import parse_qsl, urlencode

import panel as pn
import param

from core.export import numpy_script
from core.inputs import InputError

from . import address, flow, share, theme
from .lesson import open_page
from .pacing import Trailing
from .panel_compat import TextArea, TextBox
from .training import TrainingState
from .views import StateView

# on a phone the hide choices and the script toggle's words take more lines, not more width
WRAP_CHOICES = ".bk-input-group { flex-wrap: wrap; row-gap: 4px; }"
WRAP_LABEL = ".bk-btn { white-space: normal; }"


class ShareView(StateView):
    """Keeps the page's URL equal to the state, and saves, loads and exports it."""

    training = param.ClassSelector(class_=TrainingState, doc="Its training settings.")
    hide = param.ListSelector(default=[], objects=list(share.HIDEABLE),
                              doc="Classroom: controls a shared link hides.")
    hidden_on_load = param.List(default=[], item_type=str,
                                doc="What the link this page was opened with hides (the lab hides it when set).")

    def __init__(self, **params):
        super().__init__(**params)
        self._dragged = False  # a slider has changed the state since the address was written
        self.drag.param.watch(self._released, "released")
        self.location = pn.state.location if pn.state.curdoc is not None else None
        # the page side (app/address.py): Python orders a push or a replace of the address in
        # `address_box`; the page tells Python in `back_box` where Back or Forward went, whether
        # Copy link copied, and the size of an import it refused. Both are hidden and live in the
        # lab's main column, so they exist whichever tab is open
        self.address_box = TextBox(visible=False, css_classes=["share-address"])
        self.back_box = TextBox(visible=False, css_classes=["share-back"])
        self.address_box.jscallback(value=address.HISTORY_JS, args={"back": self.back_box})
        self.back_box.param.watch(self._heard, "value")
        self.address = pn.Column(self.address_box, self.back_box, visible=False, sizing_mode="fixed", width=0, height=0)
        self.url = TextArea(name="link to exactly this view", disabled=False,
                                            css_classes=["share-link"], height=90, sizing_mode="stretch_width")
        self.copy = pn.widgets.Button(name="Copy link", button_type="primary", css_classes=["share-copy"],
                                      width=120, sizing_mode="fixed")
        self.copied = pn.pane.Markdown("", css_classes=["share-copied"], margin=(0, 10))
        self.copy.js_on_click(args={"url": self.url, "back": self.back_box}, code=address.COPY_JS)
        self.custom_note = pn.pane.Markdown(share.CUSTOM_DATA_NOTE[0].upper() + share.CUSTOM_DATA_NOTE[1:] + ".",
                                            css_classes=["share-custom-data"], margin=(0, 10), visible=False)
        self.hide_choice = pn.widgets.CheckBoxGroup.from_param(self.param.hide, name="hide in the shared link",
                                                               inline=True, css_classes=["share-hide"],
                                                               stylesheets=[WRAP_CHOICES])
        self.download = pn.widgets.FileDownload(callback=self._json_file, filename="backprop-lab.json",
                                                label="Export JSON", css_classes=["share-export"], button_type="primary")
        self.script = pn.widgets.FileDownload(callback=self._script_file, filename="backprop_lab_pass.py",
                                              label="Export as NumPy script", css_classes=["share-script"])
        self.upload = pn.widgets.FileInput(accept=".json", css_classes=["share-import"])
        self.upload.param.watch(self._uploaded, "value")
        # shown by a toggle, not in a collapsed Card: Panel 1.7.5 never renders a collapsed Card's
        # Markdown, and its next margin update then throws "reading 'style'" in the browser
        self.preview = pn.pane.Markdown(css_classes=["share-script-preview"], sizing_mode="stretch_width",
                                        visible=False, stylesheets=[theme.CODE_PANE_CSS])
        self.show_script = pn.widgets.Toggle(name="Show the NumPy script (prints the numbers this page shows)",
                                             css_classes=["share-script-show"], sizing_mode="stretch_width",
                                             max_width=420, stylesheets=[WRAP_LABEL, theme.TOUCH_BUTTON_CSS])
        self.show_script.param.watch(lambda event: setattr(self.preview, "visible", event.new), "value")
        self.show_script.param.watch(lambda event: self._preview(), "value")
        # In Pyodide the worker learns the page's address only after the first render: until
        # then href is empty, and writing the default state would replace the shared link.
        self._awaiting_address = self.location is not None and not self.location.href
        self._restoring = False
        self._later = Trailing(self._write)
        self._shown = self._query()  # our keys in the address
        if self.location is not None:
            # read the raw query string: Location.query_params turns "0.6" into a float and
            # sync() then refuses the whole set, so the link's keys are parsed here, once
            if not self._awaiting_address:
                self._open_link(self.location.search)
            self.location.param.watch(self._address_known, "href")
            pn.state.onload(self._page_loaded)
        self._write(to_address=False)

    def _address_known(self, event) -> None:
        if self._awaiting_address and event.new:
            self._awaiting_address = False
            self._open_link(self.location.search)
            self._write(to_address=False)

    def _open_link(self, search: str, whole: bool = False) -> None:
        """Apply the query string the page was opened (or gone Back) to: each of our keys it holds
        over its preset; a key that cannot be used is named, the rest applies.

        `whole`: the address is all there is (Back and Forward), so what it leaves out takes its
        default, training settings and hidden controls included.
        """
        query = {k: v for k, v in parse_qsl((search or "").lstrip("?"), keep_blank_values=True)
                 if k in share.URL_KEYS}
        if not query and not whole:
            return
        guide, guide_problems = share.read_guide(query)
        # a lesson link without network keys opens the page's own network, not the preset's default
        page_only = guide["lesson"] is not None and set(query) <= set(share.LESSON_LINK_KEYS)
        snap, problems = share.read_link(query)
        problems = guide_problems + problems
        if whole and "training" not in snap:
            snap["training"] = share.training_defaults()
        self._restoring = True
        applied = False
        try:
            if guide["predict"] is not None or whole:
                self.state.predict = bool(guide["predict"])
            if guide["lesson"] is not None:  # the page first: a network in the link then replaces its own
                open_page(self.state, guide["lesson"], preset=query.get("preset"))
            elif whole:
                self.state.lesson = 0
            if page_only:
                if whole and self.training is not None:
                    self.training.param.update(**snap["training"])
            else:
                share.apply(self.state, self.training, snap)
            self.hidden_on_load = snap["hide"]
            self.hide = list(snap["hide"])
            applied = True
        except InputError as error:
            problems = [str(error)]
        finally:
            self._restoring = False
        self._shown = self._query()
        asked, last = snap.get("step"), len(self.state.steps)
        if applied and "step" in query and isinstance(asked, int) and asked > last and self.state.step == last:
            # shown at its last step, not refused: said, so that a class does not wonder where step 999 went
            problems.append(f"'step' {asked} is past this network's last step, {last}, which is shown")
        if problems:
            self.state.message = "Part of this link could not be used; the rest is shown. " + " ".join(
                p.rstrip(".") + "." for p in problems)

    def _page_loaded(self) -> None:
        # starts the page side (address.HISTORY_JS): Back and Forward, and the upload's size guard
        self.address_box.value = json.dumps({"mode": "init", "limit": share.MAX_JSON_BYTES})

    def _heard(self, event) -> None:
        """What the page side says: Back or Forward reached an address, or a file was too large to send."""
        try:
            said = json.loads(event.new)
        except (ValueError, TypeError, RecursionError):
            return
        if not isinstance(said, dict):
            return
        refused = said.get("refused")
        if isinstance(refused, int) and not isinstance(refused, bool):
            self.state.message = (f"that file was not loaded, nothing changed: it is {refused / 1e6:.1f} MB and a "
                                  f"saved state is at most {share.MAX_JSON_BYTES // 1000} kB, so it was not sent")
            return
        if isinstance(said.get("copied"), bool):
            self.copied.object = "Link copied." if said["copied"] else (
                "Your browser did not let the page copy: the link is selected in the box above, "
                "press Ctrl+C (Cmd+C on a Mac) to copy it.")
            return
        search = said.get("search")
        if isinstance(search, str):
            # Back or Forward: the page shows exactly what the address it arrived at holds
            self._later.cancel()
            self._open_link(search, whole=True)
            self._write(to_address=False)

    @param.depends("state.network", "state.x", "state.target", "state.learning_rate", "state.l1", "state.l2",
                   "state.seed", "state.step", "training.dataset", "training.features", "training.n_points",
                   "training.noise", "training.test_fraction", "training.batch_size", "hide",
                   "state.lesson", "state.predict", watch=True)
    def _changed(self) -> None:
        # not on `state.preset` alone: a new preset arrives with its network, in one update, and
        # the preset's name before its network would put a half-changed state in the history
        if self._restoring:
            return
        if self.drag.live:
            # a drag writes the address once, when the slider is let go (`_released`): on each
            # pause it had pushed a history entry, and Back went to halfway through the drag
            self._dragged = True
            return
        self.when_settled(self._later)

    def _released(self, event=None) -> None:
        if self._dragged:
            self._dragged = False
            self._later.when(False)

    @param.depends("training.dataset", watch=True, on_init=True)
    def _custom_data(self) -> None:
        if hasattr(self, "custom_note"):
            self.custom_note.visible = self.training is not None and self.training.dataset == "custom"

    def _write(self, to_address: bool = True) -> None:
        """The link box, and the address: a new entry in the page's history for a change of the
        network or the settings, the same entry replaced when only the step moved."""
        query = self._query()
        base = ""
        if self.location is not None and not self._awaiting_address:
            if to_address and query != self._shown:
                moved = {k for k in set(query) | set(self._shown) if query.get(k) != self._shown.get(k)}
                others = [(k, v) for k, v in parse_qsl((self.location.search or "").lstrip("?"))
                          if k not in share.URL_KEYS]
                search = "?" + urlencode(others + list(query.items()), safe=",")
                self.address_box.value = json.dumps({"mode": "replace" if moved == {"step"} else "push",
                                                     "search": search})
                self._shown = query
            base = (self.location.href or "").split("?")[0]
        self.url.value = f"{base}?{urlencode(query, safe=',')}"
        self._preview()

    def _query(self) -> dict[str, str]:
        """Our keys: the snapshot's, then where the learner is in the lesson."""
        return {**share.to_query(share.snapshot(self.state, self.training, self.hide)),
                **share.guide_to_query(self.state)}

    def _preview(self) -> None:
        # highlighting the script costs more than the rest of a drag: only while it is shown
        if self.show_script.value:
            s = self.state
            self.preview.object = "```python\n" + numpy_script(s.network, s.x, s.target, s.learning_rate, s.l1, s.l2) + "\n```"

    def _json_file(self):
        return io.StringIO(share.to_json(share.snapshot(self.state, self.training, self.hide)))

    def _script_file(self):
        s = self.state
        return io.StringIO(numpy_script(s.network, s.x, s.target, s.learning_rate, s.l1, s.l2))

    def _uploaded(self, event) -> None:
        if event.new is None:
            return
        data = event.new
        self.upload.value = None  # the file's bytes are not kept once read
        self.load_json(data)

    def load_json(self, data) -> bool:
        """Open a saved file; a message and no change if it is not a valid save."""
        try:
            share.apply(self.state, self.training, share.from_json(data))
        except InputError as error:
            self.state.message = f"that file was not loaded, nothing changed: {error}"
            return False
        return True

    def __panel__(self):
        return pn.Column(
            pn.pane.Markdown("**Share this exact view.** This link holds the whole state (network, weights, "
                             "sample, η, seed, step, training settings); once you change anything, so does the "
                             "page's address, and Back and Forward go through your changes.", margin=(0, 10)),
            self.url,
            flow.row(self.copy, self.copied),
            self.custom_note,
            pn.pane.Markdown("**Classroom:** tick what the shared link hides from students.", margin=(0, 10)),
            self.hide_choice,
            flow.row(self.download, self.script),
            flow.row(pn.pane.Markdown("**Import a saved JSON file:**", margin=(0, 10)), self.upload),
            self.show_script,
            self.preview,
            sizing_mode="stretch_width",
        )
