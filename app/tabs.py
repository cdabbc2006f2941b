"""The lab's tabs after "Step through": one entry each, read by the lab (the tab bar and lazy
loading) and by a classroom link's `hide=` list. A new tab is one entry here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

# Sidebar groups a classroom link can hide too (app/lab.py's sidebar).
GROUPS = ("network", "sample", "weights")


@dataclass(frozen=True)
class Tab:
    key: str    # its name in a link's hide= list and in the lab (`lab.tab_view(key)`)
    title: str  # on the tab bar
    make: Callable  # make(lab) -> the tab's view; called the first time the tab is opened


def _training(lab):
    from .training_view import TrainingView

    lab.training.refresh()  # the lab's network may have changed since training last looked
    return TrainingView(training=lab.training)


def _vanishing(lab):
    from .insight_views import VanishingView

    return VanishingView(state=lab.state, training=lab.training)


def _gradcheck(lab):
    from .insight_views import GradientCheckView

    return GradientCheckView(state=lab.state)


def _practice(lab):
    from .practice import PracticeView

    return PracticeView()


TABS = (
    Tab("training", "Training", _training),
    Tab("vanishing", "Vanishing gradients", _vanishing),
    Tab("gradcheck", "Gradient check", _gradcheck),
    Tab("share", "Share & save", lambda lab: lab.share),
    Tab("practice", "Practice", _practice),
)

HIDEABLE = GROUPS + tuple(tab.key for tab in TABS)
