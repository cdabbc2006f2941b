"""Placeholder for a package Backprop Lab's static site does not ship; build.py ships it as
`pandas` and as `yaml`.

bokeh 3.7 imports pandas (in ColumnDataSource) only to test isinstance(data, pd.DataFrame),
and PyYAML (in bokeh.settings and bokeh.themes) only to read YAML files: a bokeh.yaml
settings file that does not exist in the browser (read inside try/except) and
`Theme(filename=...)`, which Panel never uses (it builds its themes from dicts).

Every attribute (and every submodule, e.g. pandas.core.groupby) is an empty class, so
isinstance(x, pd.DataFrame) is False and `x is pd.NaT` is False; calling one raises, so code
that really needs the package fails loudly instead of computing something wrong.
"""
import importlib.abc
import importlib.machinery
import sys
import types

__version__ = "0.0.0+placeholder"  # build.py checks this matches its pin
_PACKAGE = __name__.split(".")[0]  # pandas or yaml


class _Absent(type):
    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Absent(name, (), {})

    def __call__(cls, *args, **kwargs):
        raise ImportError(f"{_PACKAGE}.{cls.__name__}: {_PACKAGE} is not shipped with this static site")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _Absent(name, (), {})


class _Submodules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, name, path=None, target=None):
        if name.startswith(_PACKAGE + "."):
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
