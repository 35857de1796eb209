"""The examples in public docstrings run as written, and every one of them is really run.

The modules are those of the packages ``pyproject.toml`` lists. Only modules with examples are
parametrised, each checking that doctest attempted exactly the examples it has; a separate test
checks that every module imports, that examples exist at all, and that every ``>>>`` prompt
written in a module is an example doctest collects (one it misses would never run).
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
PROMPT = re.compile(r"^\s*>>> ", re.MULTILINE)


def _runnable(module: ModuleType) -> int:
    """How many examples doctest finds in ``module`` and will run (``+SKIP`` ones left out)."""
    tests = doctest.DocTestFinder().find(module)
    return sum(1 for test in tests for example in test.examples if not example.options.get(doctest.SKIP))


def _inventory() -> tuple[dict[str, ModuleType], dict[str, int], dict[str, str]]:
    """Every module of the listed packages, imported, with the ``>>>`` prompts its source has (read at import);
    and the modules that failed to import, with the error."""
    modules: dict[str, ModuleType] = {}
    prompts: dict[str, int] = {}
    broken: dict[str, str] = {}

    def load(name: str) -> ModuleType | None:
        try:
            module = importlib.import_module(name)
        except Exception as exc:  # reported by test_every_module_imports_and_examples_exist
            broken[name] = f"{type(exc).__name__}: {exc}"
            return None
        modules[name] = module
        source = Path(module.__file__).read_text(encoding="utf-8") if module.__file__ else ""
        prompts[name] = len(PROMPT.findall(source))
        return module

    for package in PACKAGES:
        module = load(package)
        if module is None:
            continue
        for info in pkgutil.iter_modules(module.__path__):
            if not info.ispkg and info.name != "__main__":
                load(f"{package}.{info.name}")
    return modules, prompts, broken


MODULES, PROMPTS, BROKEN = _inventory()
EXAMPLES = {name: n for name, module in sorted(MODULES.items()) if (n := _runnable(module))}


def test_every_module_imports_and_examples_exist() -> None:
    """Each listed package and its modules import; there are examples; no written ``>>>`` prompt goes uncollected."""
    assert not BROKEN, BROKEN
    assert set(PACKAGES) <= set(MODULES)
    assert len(EXAMPLES) > 0 and sum(EXAMPLES.values()) > 0, "no module has a docstring example"
    uncollected = {}
    for name, module in MODULES.items():
        found = sum(len(t.examples) for t in doctest.DocTestFinder().find(module))
        if PROMPTS[name] != found:
            uncollected[name] = f"{PROMPTS[name]} prompts written, {found} examples collected"
    assert not uncollected, uncollected


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_docstring_examples(name: str) -> None:
    """The module's docstring examples all run, and all pass.

    They run in a thread of their own, as a reader's fresh interpreter would: the main thread may have an
    event loop running (Playwright's sync API keeps one there for the session's browser), and an example's
    ``asyncio.run`` would fail beside it.
    """
    with ThreadPoolExecutor(max_workers=1) as thread:
        result = thread.submit(doctest.testmod, MODULES[name], optionflags=FLAGS).result()
    assert result.attempted == EXAMPLES[name], f"{result.attempted} of {EXAMPLES[name]} examples ran in {name}"
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
