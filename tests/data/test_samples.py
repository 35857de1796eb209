"""The bundled synthetic samples (data/samples): regenerable, and one applicant is one organization.

The four formats hold the same 20 synthetic inventions: CNIPA, Google Patents and Lens as
the same CN documents (ingest merges them), PatentsView as US documents (different
patents). Applicants are named in Chinese in the CN formats and in English in
PatentsView; ``synthetic_aliases.csv`` makes them one organization each.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from patentnav.graph.analysis.landscape import top_applicants, top_inventors
from patentnav.graph.analysis.scope import resolve_scope
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.synthetic import SAMPLE_ROWS, SAMPLE_SEED, patents, write_samples
from patentnav.graph.store import PatentStore, open_store, select

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "samples"
CNIPA = SAMPLES / "synthetic_cnipa.csv"
CN_FORMATS = [CNIPA, SAMPLES / "synthetic_google.csv", SAMPLES / "synthetic_lens.csv"]
PATENTSVIEW = SAMPLES / "synthetic_patentsview"
ALL_FORMATS = [*CN_FORMATS, PATENTSVIEW]
ALIASES = SAMPLES / "synthetic_aliases.csv"
INDUSTRY = "construction-machinery"


def _store(paths: list[Path], aliases: list[Path]) -> PatentStore:
    store = open_store("memory://")
    ensure_seeded(store)
    for path in paths:
        result = ingest_file(store, path, alias_files=aliases)
        assert result.rows_rejected == 0, result.rejections
    return store


def _applicants(store: PatentStore) -> Counter[str]:
    table = top_applicants(store, resolve_scope(store, industry=INDUSTRY), limit=None)
    return Counter(dict(zip(table["name"], table["patents"], strict=True)))


def _inventors(store: PatentStore) -> Counter[str]:
    table = top_inventors(store, resolve_scope(store, industry=INDUSTRY), limit=None)
    return Counter(dict(zip(table["name"], table["patents"], strict=True)))


def _organizations(store: PatentStore) -> list[str]:
    rows = select(store, "SELECT DISTINCT ?org ?name WHERE { ?p pnav:applicant ?org . ?org pnav:normalizedName ?name }")
    return sorted(row["name"] for row in rows)


@pytest.fixture(scope="module")
def cnipa_alone() -> PatentStore:
    return _store([CNIPA], [])


@pytest.fixture(scope="module")
def merged() -> PatentStore:
    return _store(ALL_FORMATS, [ALIASES])


def test_bundled_samples_are_what_the_generator_writes(tmp_path: Path) -> None:
    for written in write_samples(tmp_path):
        if written.suffix == ".xlsx":  # the workbook stores its creation time
            continue
        for part in [written, *written.parent.glob("g_*.tsv")] if written.name == "g_patent.tsv" else [written]:
            bundled = SAMPLES / part.relative_to(tmp_path)
            assert bundled.read_bytes() == part.read_bytes(), f"{bundled} is stale: regenerate with write_samples"


def test_every_format_with_the_alias_file_gives_one_organization_per_applicant(merged) -> None:
    applicants = {a.name_zh for p in patents(SAMPLE_ROWS, SAMPLE_SEED) for a in p.applicants}
    assert _organizations(merged) == sorted(applicants)


def test_landscape_applicants_over_every_format_match_the_cnipa_sample(merged, cnipa_alone) -> None:
    cn_documents = _store(CN_FORMATS, [ALIASES])
    assert _applicants(cn_documents) == _applicants(cnipa_alone)
    assert _inventors(cn_documents) == _inventors(cnipa_alone)
    # The PatentsView documents are other (US) patents of the same applicants: they add to
    # each applicant's count under the same name, and no applicant appears twice.
    us_documents = _store([PATENTSVIEW], [ALIASES])
    assert set(_applicants(us_documents)) <= set(_applicants(cnipa_alone))
    assert _applicants(merged) == _applicants(cnipa_alone) + _applicants(us_documents)
    assert set(_applicants(merged)) == set(_applicants(cnipa_alone))
    assert _inventors(merged) == _inventors(cnipa_alone) + _inventors(us_documents)
    assert set(_inventors(merged)) == set(_inventors(cnipa_alone))


def test_without_the_alias_file_an_applicant_is_two_organizations(merged) -> None:
    unaliased = _store(ALL_FORMATS, [])
    english = [name for name in _applicants(unaliased) if name.startswith("Synthetic Example")]
    assert "Synthetic Example Machinery Co. 0001" in english
    assert len(_organizations(unaliased)) > len(_organizations(merged))
    assert set(_applicants(unaliased)) != set(_applicants(merged))
