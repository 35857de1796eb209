"""The distribution maps every source folder to an import package (editable installs included)."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_source_folder_is_a_listed_package() -> None:
    config = _config()
    folders = {Path(path) for path in config["package-dir"].values()}
    listed = set(config["packages"])
    by_folder = {Path(path): name for name, path in config["package-dir"].items()}
    for top in ("patentnav", "graph", "ontology", "api", "data"):
        for init in (ROOT / top).rglob("__init__.py"):
            folder = init.parent.relative_to(ROOT)
            assert folder in folders, f"{folder} has an __init__.py but no package-dir entry in pyproject.toml"
            assert by_folder[folder] in listed, f"{by_folder[folder]} is missing from [tool.setuptools] packages"


def test_every_listed_package_imports() -> None:
    for name in _config()["packages"]:
        importlib.import_module(name)


def test_resources_ship_as_package_data() -> None:
    from patentnav.data import pilot_graph_path
    from patentnav.ontology import ontology_path, shapes_path

    for path in (pilot_graph_path(), ontology_path(), shapes_path()):
        assert path.is_file(), path
