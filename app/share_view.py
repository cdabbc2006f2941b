"""Share and save: the page URL follows the state, JSON export and import, the NumPy script."""
from __future__ import annotations

import io
from urllib.parse import parse_qsl, urlencode

import panel as pn
import param

from core.export import numpy_script

from . import share
from .lesson import open_page
from .pacing import Trailing
from .state import LabState
from .training import TrainingState


class ShareView(pn.viewable.Viewer):
    """Keeps the page's URL equal to the state, and saves, loads and exports it."""

    state = param.ClassSelector(class_=LabState, doc="The lab to share.")
    training = param.ClassSelector(class_=TrainingState, doc="Its training settings.")
    hide = param.ListSelector(default=[], objects=list(share.HIDEABLE),
                              doc="Classroom: controls a shared link hides.")
    hidden_on_load = param.List(default=[], item_type=str,
                                doc="What the link this page was opened with hides (the lab hides it when set).")

    def __init__(self, **params):
        super().__init__(**params)
        self._written = None  # the query string this view last put in the address bar
        self.location = pn.state.location if pn.state.curdoc is not None else None
        self.url = pn.widgets.TextAreaInput(name="link to exactly this view (copy it)", disabled=False,
                                            css_classes=["share-link"], height=90, sizing_mode="stretch_width")
        self.hide_choice = pn.widgets.CheckBoxGroup.from_param(self.param.hide, name="hide in the shared link",
                                                               inline=True, css_classes=["share-hide"])
        self.download = pn.widgets.FileDownload(callback=self._json_file, filename="backprop-lab.json",
                                                label="Export JSON", css_classes=["share-export"], button_type="primary")
        self.script = pn.widgets.FileDownload(callback=self._script_file, filename="backprop_lab_pass.py",
                                              label="Export as NumPy script", css_classes=["share-script"])
        self.upload = pn.widgets.FileInput(accept=".json", css_classes=["share-import"])
        self.upload.param.watch(self._uploaded, "value")
        # shown by a toggle, not in a collapsed Card: Panel 1.7.5 never renders a collapsed Card's
        # Markdown, and its next margin update then throws "reading 'style'" in the browser
        self.preview = pn.pane.Markdown(css_classes=["share-script-preview"], sizing_mode="stretch_width",
                                        visible=False)
        self.show_script = pn.widgets.Toggle(name="Show the NumPy script (prints the numbers this page shows)",
                                             css_classes=["share-script-show"], width=420)
        self.show_script.param.watch(lambda event: setattr(self.preview, "visible", event.new), "value")
        self.show_script.param.watch(lambda event: self._preview(), "value")
        # In Pyodide the worker learns the page's address only after the first render: until
        # then href is empty, and writing the default state would replace the shared link.
        self._awaiting_address = self.location is not None and not self.location.href
        self._later = Trailing(self._write)
        if self.location is not None:
            # read the raw query string: Location.query_params turns "0.6" into a float and
            # sync() then refuses the whole set, so the link's keys are parsed here, once
            self._open_link(self.location.search)
            self.location.param.watch(lambda event: self._open_link(event.new), "search")
            self.location.param.watch(self._address_known, "href")
        self._write()

    def _address_known(self, event) -> None:
        if self._awaiting_address and event.new:
            self._awaiting_address = False
            self._open_link(self.location.search)
            self._write()

    def _open_link(self, search: str) -> None:
        """Apply a query string the page was opened (or navigated) with, if it carries a state."""
        if not search or search.lstrip("?") == self._written:
            return
        query = {k: v for k, v in parse_qsl(search.lstrip("?"), keep_blank_values=True) if k in share.URL_KEYS}
        if not query:
            return
        try:
            guide = share.guide_from_query(query)
            if guide["predict"] is not None:
                self.state.predict = guide["predict"]
            if guide["lesson"] is not None:  # the page first: a network in the link then replaces its own
                open_page(self.state, guide["lesson"], preset=query.get("preset"))
            if guide["lesson"] is not None and set(query) <= set(share.LESSON_LINK_KEYS):
                hide = share.hide_from_query(query)
            elif set(query) - set(share.GUIDE_KEYS):
                hide = share.apply(self.state, self.training, share.from_query(query))["hide"]
            else:
                hide = self.hide
            self.hidden_on_load = hide
            self.hide = list(hide)
        except ValueError as error:
            self.state.message = f"the link could not be opened, so the default network is shown: {error}"
            if hasattr(self, "url"):
                self._write()  # the address shows what is on screen, not the broken link

    @param.depends("state.network", "state.x", "state.target", "state.learning_rate", "state.seed",
                   "state.step", "state.preset", "training.dataset", "training.n_points", "training.noise",
                   "training.test_fraction", "training.batch_size", "hide", "state.lesson", "state.predict",
                   watch=True)
    def _changed(self) -> None:
        # a drag would otherwise write the address (and the link box) on every step of it
        self._later.when(self.state.live)

    def _write(self) -> None:
        query = {**share.to_query(share.snapshot(self.state, self.training, self.hide)), **share.guide_to_query(self.state)}
        base = ""
        if self.location is not None and not self._awaiting_address:
            others = [(k, v) for k, v in parse_qsl((self.location.search or "").lstrip("?")) if k not in share.URL_KEYS]
            self._written = urlencode(others + list(query.items()))
            if self.location.search.lstrip("?") != self._written:
                self.location.search = "?" + self._written
            base = (self.location.href or "").split("?")[0]
        self.url.value = f"{base}?{urlencode(query)}"
        self._preview()

    def _preview(self) -> None:
        # highlighting the script costs more than the rest of a drag: only while it is shown
        if self.show_script.value:
            s = self.state
            self.preview.object = "```python\n" + numpy_script(s.network, s.x, s.target, s.learning_rate) + "\n```"

    def _json_file(self):
        return io.StringIO(share.to_json(share.snapshot(self.state, self.training, self.hide)))

    def _script_file(self):
        s = self.state
        return io.StringIO(numpy_script(s.network, s.x, s.target, s.learning_rate))

    def _uploaded(self, event) -> None:
        if event.new is None:
            return
        self.load_json(event.new)

    def load_json(self, text) -> bool:
        """Open a saved file; a message and no change if it is not a valid save."""
        try:
            snap = share.from_json(text)
            share.apply(self.state, self.training, snap)
        except ValueError as error:
            self.state.message = f"that file was not loaded, nothing changed: {error}"
            return False
        return True

    def __panel__(self):
        return pn.Column(
            pn.pane.Markdown("**Share this exact view.** The page's address always holds the whole state "
                             "(network, weights, sample, η, seed, step, training settings): copy it from the "
                             "address bar or here.", margin=(0, 10)),
            self.url,
            pn.pane.Markdown("**Classroom:** tick what the shared link hides from students.", margin=(0, 10)),
            self.hide_choice,
            pn.Row(self.download, self.script),
            pn.Row(pn.pane.Markdown("**Import a saved JSON file:**", margin=(0, 10)), self.upload),
            self.show_script,
            self.preview,
            sizing_mode="stretch_width",
        )
