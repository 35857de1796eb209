"""``patentnav --help`` stays fast: importing the CLI must not import the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

# Each costs from ~0.1 s to several seconds at import; only the command that needs one imports it.
HEAVY = ("pandas", "matplotlib", "pyvis", "IPython", "pyshacl", "networkx", "cpca", "jieba", "pydantic_settings")


def _modules_after(statement: str) -> set[str]:
    code = f"{statement}; import sys, json; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    return {name.split(".")[0] for name in json.loads(done.stdout.splitlines()[-1])}


def test_importing_the_cli_leaves_heavy_libraries_unloaded():
    loaded = _modules_after("import patentnav.cli")
    assert "typer" in loaded  # the probe really imported the CLI
    assert sorted(loaded.intersection(HEAVY)) == []


def test_the_probe_sees_a_heavy_import():
    # Guards the guard: the same probe reports pandas once a command's library is imported.
    assert "pandas" in _modules_after("import patentnav.cli, patentnav.graph.analysis.service")


def test_help_lists_every_command_without_heavy_imports():
    code = (
        "import sys, json\n"
        "from typer.testing import CliRunner\n"
        "from patentnav.cli import app\n"
        "out = CliRunner().invoke(app, ['--help']).output\n"
        "print(json.dumps({'out': out, 'mods': sorted({m.split('.')[0] for m in sys.modules})}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    result = json.loads(done.stdout.splitlines()[-1])
    for command in ("serve", "query", "search", "path", "validate", "analyze", "report", "view", "ingest"):
        assert command in result["out"]
    assert sorted(set(result["mods"]).intersection(HEAVY)) == []
