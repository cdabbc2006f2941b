"""Placeholder for PyYAML in Backprop Lab's static site (build.py ships it as `yaml`).

bokeh 3.7 imports yaml when it is imported (bokeh.settings, bokeh.themes.theme), only
to read YAML files: a settings file (`bokeh.settings.load_config`, a bokeh.yaml that
does not exist in the browser; both reads are inside try/except) and
`Theme(filename=...)`.  Neither happens here: Panel builds its Bokeh themes from dicts.
The real package costs ~70 ms of start-up (unpack and import) for nothing.  Every
attribute is an empty class and calling anything raises, so code that really
needs YAML fails loudly.
"""
__version__ = "0.0.0+placeholder"  # build.py checks this matches its pin


class _Absent(type):
    def __getattr__(cls, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Absent(name, (), {})

    def __call__(cls, *args, **kwargs):
        raise ImportError(f"yaml.{cls.__name__}: PyYAML is not shipped with this static site")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    return _Absent(name, (), {})
