"""The SPARQL examples of the README and the manual: every ```` ```sparql ```` block of ``README.md`` and ``docs/``.

A block fenced as ``sparql`` is a promise: it runs on the bundled pilot graph, answers rows, and is one
of the query UI's examples (``api/examples/*.rq``). SPARQL that is not such an example is fenced
otherwise (``text``, ``rq``). ``tests/test_readme.py`` and ``tests/api/routes/test_sparql.py`` check the
promise wherever the blocks live.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
_BLOCK = re.compile(r"```sparql\n(.*?)```", re.DOTALL)


def documents() -> list[Path]:
    """The README and every page of the manual (links to files outside ``docs/`` included once)."""
    pages = sorted(DOCS.rglob("*.md")) if DOCS.is_dir() else []
    seen, out = set(), []
    for path in [README, *pages]:
        real = path.resolve()
        if real not in seen:
            seen.add(real)
            out.append(path)
    return out


def sparql_blocks(path: Path) -> list[str]:
    """The ``sparql`` blocks of one Markdown file, in order."""
    return _BLOCK.findall(path.read_text(encoding="utf-8"))


def sparql_examples() -> list[tuple[str, str]]:
    """Every ``sparql`` block of the README and the manual, as (where, query); ``where`` is ``file#n``."""
    return [
        (f"{path.relative_to(ROOT).as_posix()}#{n}", query)
        for path in documents()
        for n, query in enumerate(sparql_blocks(path), 1)
    ]
