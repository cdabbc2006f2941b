"""A box a learner types a number into: used as typed or refused with a reason beside it.

Panel's FloatInput and IntInput let the browser filter characters before Python sees them
(seed `1e400` arrives as 1400, batch `1e9` as 19, η `0x10` as 10) and send None for an
empty box, which param refuses in the server log. A plain TextInput hands Python exactly
what was typed; `core.inputs` reads it by the app's one rule, and the box then shows the
value in force, with the reason beside it when what was typed could not be used.
"""
from __future__ import annotations

from typing import Callable

import panel as pn
import param

from core.inputs import InputError, plain

from .panel_compat import TextBox


def shortest(value: float) -> str:
    """A float as the shortest text that reads back as it: 0.5, 1e-06, 0.55 (not 0.5499999999999998)."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


class TypedNumber(pn.viewable.Viewer):
    """A TextInput and the line beside it that says why what was typed was not used.

    `read(text)` returns the value or raises InputError; `use(value)` puts it in force and
    returns a warning to show ("" for none) or raises InputError; `shown()` is the text of
    the value in force, which the box shows after every entry.
    """

    message = param.String(default="", doc="Why the last entry was refused, or a warning about it.")

    def __init__(self, name: str, read: Callable[[str], object], use: Callable[[object], str],
                 shown: Callable[[], str], css: str, **params):
        super().__init__(**params)
        self._read, self._use, self._shown = read, use, shown
        self.input = TextBox(name=name, value=shown(), css_classes=[css], sizing_mode="stretch_width")
        self.note = pn.pane.Str("", css_classes=[f"{css}-message", "typed-message"], visible=False,
                                margin=(0, 10), styles={"white-space": "normal", "font-size": "0.9em"},
                                sizing_mode="stretch_width")
        self._showing = False
        self.input.param.watch(self._typed, "value")

    def _typed(self, event) -> None:
        if self._showing:
            return
        try:
            value = self._read(event.new)
            warning = self._use(value)
        except InputError as error:
            self._say(f"{plain(str(error))}. Still in force: {self._shown()}.")
        else:
            self._say(plain(warning) if warning else "")
        self.follow()

    def _say(self, text: str) -> None:
        self.message = text
        self.note.object = text
        self.note.visible = bool(text)

    def follow(self, clear_if_changed: bool = False) -> None:
        """Show the value in force (after an entry, or when it changed elsewhere: then the old word goes)."""
        text = self._shown()
        if self.input.value != text:
            if clear_if_changed:
                self._say("")
            self._showing = True
            try:
                self.input.value = text
            finally:
                self._showing = False

    @property
    def disabled(self) -> bool:
        return self.input.disabled

    @disabled.setter
    def disabled(self, value: bool) -> None:
        self.input.disabled = value

    def __panel__(self):
        return pn.Column(self.input, self.note, sizing_mode="stretch_width", margin=0)
