"""Placeholder for narwhals in Backprop Lab's static site (build.py ships it as `narwhals`).

bokeh 3.7 imports `narwhals.stable.v1` in ColumnDataSource.__init__ (and in its
EagerDataFrame/EagerSeries property checks) only to ask whether a value is a
dataframe or a series that narwhals could convert.  The site ships no dataframe
library (pandas is a placeholder too), so no such value can exist and every
`is_*` question answers False, as the real narwhals would here.  The real package
is 1 MB and ~0.25 s of start-up (download, unpack, import) for that answer.
Anything else in it raises, so code that really needs narwhals fails loudly.
"""
import sys
import types

__version__ = "0.0.0+placeholder"  # build.py checks this matches its pin


def _false(value, *args, **kwargs):
    return False


def _dependencies_getattr(name):
    if name.startswith("is_"):
        return _false
    raise AttributeError(f"narwhals.dependencies.{name}: narwhals is not shipped with this static site")


def _absent_getattr(module):
    def __getattr__(name):
        if name.startswith("__"):
            raise AttributeError(name)

        def absent(*args, **kwargs):
            raise ImportError(f"{module}.{name}: narwhals is not shipped with this static site")
        absent.__name__ = name
        return absent
    return __getattr__


def _module(name, getattr_):
    module = types.ModuleType(name)
    module.__getattr__ = getattr_
    module.__path__ = []
    sys.modules[name] = module
    return module


dependencies = _module("narwhals.dependencies", _dependencies_getattr)
stable = _module("narwhals.stable", _absent_getattr("narwhals.stable"))
stable.v1 = _module("narwhals.stable.v1", _absent_getattr("narwhals.stable.v1"))
stable.v1.dependencies = dependencies
stable.v1.typing = _module("narwhals.stable.v1.typing", _absent_getattr("narwhals.stable.v1.typing"))
stable.v1.stable = stable
sys.modules["narwhals.stable.v1.dependencies"] = dependencies
__getattr__ = _absent_getattr("narwhals")
