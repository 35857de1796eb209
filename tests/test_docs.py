"""The manual and the README: generated pages match the code, ``mkdocs build --strict`` passes, links resolve.

``mkdocs`` is a dev dependency. Without it the build test is skipped with one line saying how to
install it; with ``CI`` set it fails instead, as for the outside programs of ``tests/conftest.py``.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import on_ci

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MKDOCS_INSTALL = "uv sync --group dev"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_reference", ROOT / "docs" / "gen_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()


@pytest.mark.parametrize("page", sorted(GENERATOR.PAGES))
def test_generated_page_is_current(page: str) -> None:
    """docs/cli.md (the typer app), docs/settings.md (Settings) and the module map follow the code."""
    current = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert current == GENERATOR.render(page), (
        f"docs/{page} is out of date with the code: run `uv run python docs/gen_reference.py` and commit it"
    )


def test_every_command_is_in_the_cli_reference() -> None:
    """The reference names every command of the app (a generator that lost some would still be 'current')."""
    import typer

    from patentnav.cli import app

    root = typer.main.get_command(app)
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in root.commands:
        assert f"## patentnav {name}\n" in text, name


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    """Broken links and anchors, pages missing from the nav and bad config fail the build."""
    if importlib.util.find_spec("mkdocs") is None:
        if on_ci():
            pytest.fail(f"mkdocs not installed (CI is set: it must be): {MKDOCS_INSTALL}", pytrace=False)
        pytest.skip(f"mkdocs not installed: {MKDOCS_INSTALL}")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_readme_is_short() -> None:
    """The README sells and starts; the manual is in docs/ and the measurements in benchmarks/README.md."""
    size = len(README.read_bytes())
    assert size < 10 * 1024, f"README.md is {size:,} bytes: move reference text to docs/ and figures to benchmarks/"


def _slug(heading: str) -> str:
    """The anchor mkdocs gives a heading (Python-Markdown's toc ``slugify``: ASCII, lower case, dashes)."""
    text = unicodedata.normalize("NFKD", re.sub(r"`|\*", "", heading)).encode("ascii", "ignore").decode()
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text).strip().lower())


def test_readme_links_resolve() -> None:
    """Every relative link of the README names a file that exists, and an anchor its page has."""
    text = README.read_text(encoding="utf-8")
    links = re.findall(r"\]\((?!https?://|mailto:|#)([^)\s]+)\)", text)
    assert links, "the README should link into docs/"
    for link in links:
        target, _, anchor = link.partition("#")
        path = (ROOT / target).resolve()
        assert path.exists(), f"README.md links to {link}, which does not exist"
        if anchor and path.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
            assert anchor in {_slug(h) for h in headings}, f"README.md links to {link}: no such heading"
