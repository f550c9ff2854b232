"""Load a script of ``tools/`` as a module, for tests of its functions.

The tools are scripts, not a package. ``load_tool`` runs one as
``python tools/<path>`` would: its own folder is first on ``sys.path``
while it is imported, so a tool's own imports (``from _bootstrap import
...``) resolve the same way.
"""
import importlib.util
import os.path as osp
import sys
from types import ModuleType

REPO_ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))


def load_tool(relative_path: str) -> ModuleType:
    """The module of ``REPO_ROOT/tools/<relative_path>`` (a fresh one on
    each call, so a test may monkeypatch it freely)."""
    path = osp.join(REPO_ROOT, 'tools', relative_path)
    name = osp.splitext(osp.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, osp.dirname(path))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(osp.dirname(path))
    return module
