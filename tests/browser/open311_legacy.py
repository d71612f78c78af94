"""Loads PyPI's `open311` 1.1 client (Code for America, 2011) on Python 3 without changing its code.

It was written for Python 2: its modules import their siblings implicitly (`from api import API`), it posts a `str`
body, and its XML reader calls `Element.getchildren()`, removed in Python 3.9. Three shims stand in for Python 2:
the sibling modules are registered under the names it imports, the body is encoded as Python 2 sent it (UTF-8), and
its XML reader gets elements that still have `getchildren`. What it asks of a server — paths, parameters, formats —
is untouched, which is what the tests check Mashang against."""
import importlib.metadata
import importlib.util
import os
import sys
import types
import urllib.request
import xml.etree.ElementTree as ElementTree


class _Element(ElementTree.Element):
    def getchildren(self):
        return list(self)


def _fromstring(text):
    parser = ElementTree.XMLParser(target=ElementTree.TreeBuilder(element_factory=_Element))
    parser.feed(text)
    return parser.close()


def _urlopen(url, data=None):
    return urllib.request.urlopen(url, data.encode("utf-8") if isinstance(data, str) else data)


def _load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def open311_class():
    """The `Open311` class of the installed `open311` 1.1 distribution."""
    root = os.path.join(str(importlib.metadata.distribution("open311").locate_file("")), "open311")
    saved_path, saved_modules = list(sys.path), {name: sys.modules.get(name) for name in ("api", "api.api", "xml2dict", "object_dict")}
    try:
        sys.path[:0] = [os.path.join(root, "api"), os.path.join(root, "api", "xml2dict")]
        implementation = _load("api.api", os.path.join(root, "api", "api.py"))
        package = types.ModuleType("api")
        package.__path__ = [os.path.join(root, "api")]
        package.API, package.urlencode, package.api = implementation.API, implementation.urlencode, implementation
        package.urlopen = implementation.urlopen = _urlopen
        sys.modules["api"] = package
        sys.modules["xml2dict.xml2dict"].ET = types.SimpleNamespace(fromstring=_fromstring)
        client = _load("open311_legacy_client", os.path.join(root, "open311.py"))
        client.urlopen = _urlopen
        return client.Open311
    finally:
        sys.path[:] = saved_path
        for name, module in saved_modules.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
