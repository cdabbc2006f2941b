"""Bokeh's model classes defined without their editor signatures in the site's worker.

As each model class of `bokeh.models` is defined, Bokeh builds an `inspect.Signature` for its
`__init__` from every property, each with its Sphinx type link, and appends the class's
example to its docstring (`Model.__init_subclass__`, bokeh/model/model.py): help for an
editor or the documentation, which nothing in the worker reads. That was ~0.2-0.3 s of
`import bokeh.models` in Pyodide here (0.56-0.61 s -> 0.31-0.40 s, Pyodide under Node), the
same kind of work as Panel's signatures, which the app turns off (`apply_signatures=False`,
app/main.py). The build removes those lines from the bokeh wheel's model.py; the documents
Bokeh writes are the same (tests/app/test_lazy_panel.py). `panel serve` runs Bokeh as installed.

A Bokeh whose lines differ stops the build, so an upgrade never ships a half-edited package.
"""
from __future__ import annotations

from sitebuild.paths import BuildError

MODEL = "bokeh/model/model.py"  # in the bokeh wheel

SIGNATURE = """\
            parameters = [x[0] for x in  cls.parameters()]
            cls.__init__.__signature__ = Signature(parameters=parameters)
            process_example(cls)
"""
INSTEAD = """\
            pass  # Backprop Lab's site build: no editor signature, no docstring example (sitebuild/bokeh_signatures.py)
"""


def without_signatures(path: str, source: str) -> str:
    """`source` of the bokeh wheel's model.py, its model classes defined without signatures."""
    if path != MODEL or source.count(SIGNATURE) != 1:
        raise BuildError(f"{path} in the bokeh wheel does not build its models' signatures as Bokeh 3.7 does: "
                         "a Bokeh other than the pinned one? See sitebuild/bokeh_signatures.py")
    return source.replace(SIGNATURE, INSTEAD)
