"""The import layers hold: ``lint-imports`` checks the contracts in ``pyproject.toml``'s ``[tool.importlinter]``.

pyproject's setuptools ``package-dir`` maps folders to packages (``graph/`` is ``patentnav.graph``,
``api/`` is ``patentnav.api``), which grimp, the import graph import-linter reads, cannot follow:
it walks a package's folder. So the test copies every listed package's modules into the
installed layout in a temporary folder and runs ``lint-imports`` there, with that folder first
on ``PYTHONPATH``. A contract that breaks fails with import-linter's report (which import, by
which chain).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"


def installed_layout(target: Path) -> Path:
    """Copy the ``.py`` files of every package pyproject lists to ``target/<package path>``; return ``target``."""
    setuptools = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["setuptools"]
    for package in setuptools["packages"]:
        source = ROOT / setuptools["package-dir"].get(package, package.replace(".", "/"))
        dest = target.joinpath(*package.split("."))
        dest.mkdir(parents=True, exist_ok=True)
        for module in source.glob("*.py"):
            shutil.copy2(module, dest / module.name)
    return target


def test_imports_follow_the_layers(tmp_path):
    layout = installed_layout(tmp_path / "layout")
    lint = Path(sys.executable).with_name("lint-imports")
    env = {**os.environ, "PYTHONPATH": str(layout)}
    done = subprocess.run(
        [str(lint), "--config", str(PYPROJECT), "--no-cache"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"lint-imports found imports against the layers:\n{done.stdout}\n{done.stderr}"
    assert "0 broken" in done.stdout, done.stdout
