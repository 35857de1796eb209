"""The common record every reader yields and the RDF writer consumes.

A reader turns one row (or one joined group of rows) of an export into a
:class:`PatentRecord` of normalised values, or raises :class:`RowError` with the
reason; it never touches RDF. Values are already cleaned by
:mod:`patentnav.graph.normalize`.

>>> r = PatentRecord(line=2, application_number="CN201510123456")
>>> r.key
'CN201510123456'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from patentnav.graph.normalize import IPCCode, Place

__all__ = ["Applicant", "FileError", "Inventor", "PatentRecord", "RowError"]


class FileError(ValueError):
    """The file as a whole cannot be read; nothing of it is loaded."""


class RowError(ValueError):
    """One row cannot be read; it is reported with its line number and skipped."""

    def __init__(self, reason: str, line: int | str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Applicant:
    """An applicant as written (``raw_name``) and normalised, with where it sits."""

    raw_name: str
    name: str
    org_type: str
    address: str | None = None
    #: Hints a reader has beside the address: CNIPA's 国省代码 or a country column.
    country_hint: str | None = None
    province_code: str | None = None
    #: Set by readers that know the place outright; otherwise resolved from the address.
    place: Place | None = None


@dataclass(frozen=True)
class Inventor:
    """An inventor's name as normalised (the writer mints one node per name)."""

    name: str


@dataclass
class PatentRecord:
    """One patent from one export row, normalised.

    ``line`` is where the row starts in the file (1-based, header included) or a
    ``"sheet!row"`` reference for XLSX. ``application_number`` may be ``None`` for
    exports that do not give it (Google Patents); then the publication number
    identifies the patent.
    """

    line: int | str
    application_number: str | None = None
    publication_numbers: list[str] = field(default_factory=list)
    kind: str | None = None
    application_date: date | None = None
    publication_date: date | None = None
    grant_date: date | None = None
    patent_type: str | None = None
    title: str | None = None
    title_lang: str = "zh"
    abstract: str | None = None
    applicants: list[Applicant] = field(default_factory=list)
    inventors: list[Inventor] = field(default_factory=list)
    ipc_main: IPCCode | None = None
    ipc: list[IPCCode] = field(default_factory=list)
    cpc: list[IPCCode] = field(default_factory=list)
    legal_status: str | None = None
    legal_status_raw: str | None = None
    country: str | None = None

    @property
    def key(self) -> str:
        """The number that identifies the patent: application number, else publication number."""
        if self.application_number:
            return self.application_number
        return self.publication_numbers[0]
