"""``patentnav view …`` writes the same self-contained pages the API serves."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from patentnav.cli import app

runner = CliRunner()


@pytest.mark.parametrize(
    "args",
    [
        ["overview"],
        ["overview", "--lang", "en"],
        ["entity", "industry/construction-machinery", "--depth", "2", "--type", "region"],
        ["entity", "工程机械"],
        ["landscape", "--industry", "construction-machinery", "--region", "430100"],
        ["coapplicants", "--industry", "new-materials"],
        ["ipc", "--max-nodes", "100"],
        ["ipc", "--level", "subclass"],
        ["citations", "--industry", "construction-machinery", "--level", "patent"],
        ["transfers", "--region", "430100", "--level", "province", "--max-links", "10", "--mode", "region"],
    ],
)
def test_view_writes_html(tmp_path, args):
    out = tmp_path / "view.html"
    result = runner.invoke(app, ["view", *args, "-o", str(out), "--store", "memory://"])
    assert result.exit_code == 0, result.output
    html = out.read_text("utf-8")
    assert html.startswith("<!doctype html>")
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?https?://""", html)


def test_unknown_entity_is_one_clear_line(tmp_path):
    result = runner.invoke(
        app, ["view", "entity", "industry/nope", "-o", str(tmp_path / "x.html"), "--store", "memory://"]
    )
    assert result.exit_code == 1
    assert "unknown entity https://w3id.org/patentnav/id/industry/nope" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_unwritable_output_is_one_clear_line(tmp_path):
    result = runner.invoke(
        app, ["view", "overview", "-o", str(tmp_path / "missing" / "x.html"), "--store", "memory://"]
    )
    assert result.exit_code == 1
    assert "cannot write" in result.output
