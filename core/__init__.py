"""Backprop Lab's core: the lesson's forward and backward passes in NumPy, step by step."""
from .activations import ACTIVATIONS, OUTPUT_ACTIVATIONS, Activation, get_activation
from .datasets import ALL_DATASETS, DATASETS, make_dataset, train_test_split
from .losses import LOSSES, PENALTIES, Loss, Penalty, get_loss
from .gradcheck import GradientCheck, gradient_check
from .network import Network
from .passes import BackwardPass, ForwardPass
from .presets import PRESETS, Preset, preset
from .steps import PHASES, Step, StepText, teaching_steps, walkthrough
from .training import accuracy, loss, train, train_step

__all__ = [
    "ACTIVATIONS", "OUTPUT_ACTIVATIONS", "Activation", "get_activation",
    "ALL_DATASETS", "DATASETS", "make_dataset", "train_test_split",
    "LOSSES", "PENALTIES", "Loss", "Penalty", "get_loss",
    "GradientCheck", "gradient_check",
    "BackwardPass", "ForwardPass", "Network",
    "PRESETS", "Preset", "preset",
    "PHASES", "Step", "StepText", "teaching_steps", "walkthrough",
    "accuracy", "loss", "train", "train_step",
]
