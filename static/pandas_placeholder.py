"""Placeholder for pandas in Backprop Lab's static site (build.py ships it as `pandas`).

bokeh 3.7's ColumnDataSource imports pandas only to test isinstance(data, pd.DataFrame).

Every attribute (and every submodule, e.g. pandas.core.groupby) is an empty
class, so isinstance(x, pd.DataFrame) is False and `x is pd.NaT` is False;
calling one raises, so code that really needs pandas fails loudly instead of
computing something wrong.
"""
import importlib.abc
import importlib.machinery
import sys
import types

__version__ = "0.0.0+placeholder"  # build.py checks this matches its pin


class _Absent(type):
    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Absent(name, (), {})

    def __call__(cls, *args, **kwargs):
        raise ImportError(f"pandas.{cls.__name__}: pandas is not shipped with this static site")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _Absent(name, (), {})


class _Submodules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name.startswith("pandas."):
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        module = types.ModuleType(spec.name)
        module.__getattr__ = __getattr__
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


sys.meta_path.append(_Submodules())
