"""The type hints hold: mypy checks ``graph/``, ``api/`` and ``patentnav/`` with ``[tool.mypy]`` of ``pyproject.toml``.

mypy, like grimp, finds a package by its folder, and pyproject's setuptools ``package-dir`` maps folders to
packages (``graph/`` is ``patentnav.graph``), so the test copies the modules into the installed layout in a
temporary folder (:func:`tests.test_layers.installed_layout`) and runs ``python -m mypy -p patentnav`` there.
Optional values are checked (``strict_optional``, mypy's default; ``no_implicit_optional``), and so are the
bodies of functions without annotations (``check_untyped_defs``). A finding fails with mypy's report.
"""

from __future__ import annotations

import subprocess
import sys

from tests.test_layers import PYPROJECT, installed_layout


def test_types_check(tmp_path):
    layout = installed_layout(tmp_path / "layout")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(PYPROJECT),
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            "-p",
            "patentnav",
        ],
        cwd=layout,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"mypy found type errors:\n{done.stdout}\n{done.stderr}"
    assert "Success: no issues found" in done.stdout, done.stdout
