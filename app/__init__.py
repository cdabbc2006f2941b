"""Backprop Lab's front end: Panel widgets and a Bokeh diagram over one LabState."""
