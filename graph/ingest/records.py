"""The common record every reader yields and the RDF writer consumes.

A reader turns one row (or one joined group of rows) of an export into a
:class:`PatentRecord` of normalised values, or raises :class:`RowError` with the
reason; it never touches RDF. Values are already cleaned by
:mod:`patentnav.graph.ingest.normalize`.

>>> r = PatentRecord(line=2, application_number="CN201510123456")
>>> r.key
'CN201510123456'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from patentnav.graph.ingest.normalize import IPCCode, Place

__all__ = [
    "CITATION_COUNT_KINDS",
    "EVENT_KINDS",
    "FAMILY_KINDS",
    "Applicant",
    "FamilyLink",
    "FileError",
    "Inventor",
    "LegalEvent",
    "Notice",
    "PatentRecord",
    "Priority",
    "RowError",
    "VendorClass",
    "VendorScore",
]


class FileError(ValueError):
    """The file as a whole cannot be read; nothing of it is loaded."""


class RowError(ValueError):
    """One row cannot be read; it is reported with its line number and skipped."""

    def __init__(self, reason: str, line: int | str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Notice:
    """Something a row said that was changed or could not be used, while the row itself was loaded.

    ``field`` names the record field (or the header) concerned; ``reason`` says what happened.
    """

    line: int | str
    field: str
    reason: str


@dataclass(frozen=True)
class Applicant:
    """An applicant (or current holder) as written (``raw_name``) and normalised, with where it sits."""

    raw_name: str
    name: str
    org_type: str
    address: str | None = None
    #: Hints a reader has beside the address: CNIPA's 国省代码 or a country column.
    country_hint: str | None = None
    province_code: str | None = None
    #: Set by readers that know the place outright; otherwise resolved from the address.
    place: Place | None = None
    #: ``file`` when the export states the type (申请人类型, applicant type), ``guess`` when guessed from the name.
    org_type_source: str = "guess"
    #: 统一社会信用代码 (unified social credit code), validated (GB 32100-2015).
    credit_code: str | None = None
    #: Province / city / district *names* from region columns (PatSnap 当前申请(专利权)人州/省 …), when the
    #: export gives them instead of (or beside) an address; resolved to GB/T 2260 codes by the loader.
    region_names: tuple[str | None, str | None, str | None] | None = None


@dataclass(frozen=True)
class Inventor:
    """An inventor's (or agent's) name as normalised (the writer mints one node per name)."""

    name: str


@dataclass(frozen=True)
class Priority:
    """A priority claim: the priority application's number and date, as the export gives them."""

    number: str
    date: date | None = None


#: Family definitions, as the vendors name them: simple (the same priorities), extended (INPADOC, linked by any
#: priority), DocDB (EPO's simple family) and DWPI (Derwent's family).
FAMILY_KINDS = ("simple", "extended", "docdb", "dwpi")


@dataclass(frozen=True)
class FamilyLink:
    """A family the patent belongs to: its kind, the members' publication numbers (normalised), the stated size."""

    kind: str
    members: tuple[str, ...] = ()
    size: int | None = None


#: Legal event kinds: transfer (assignment, 转让), licence (许可), pledge (质押), litigation (诉讼),
#: invalidation (无效宣告请求) and reexamination (复审请求).
EVENT_KINDS = ("transfer", "licence", "pledge", "litigation", "invalidation", "reexamination")


@dataclass(frozen=True)
class LegalEvent:
    """A patent operation or dispute: who it goes from and to, how often, when.

    ``from_parties`` are the transferors, licensors, pledgors, plaintiffs or requesters;
    ``to_parties`` the transferees, licensees, pledgees or defendants (names normalised,
    raw forms in ``raw``). Exports list each kind's parties in one cell each, without
    pairing them, so one event per kind and patent carries all its parties, the count
    the export states (转让次数 …) and the dates it lists (转让执行日 …, one per transfer).
    ``detail`` holds, e.g., the licence type.
    """

    kind: str
    from_parties: tuple[str, ...] = ()
    to_parties: tuple[str, ...] = ()
    count: int | None = None
    dates: tuple[date, ...] = ()
    detail: str | None = None
    raw: tuple[str, ...] = ()


@dataclass(frozen=True)
class VendorClass:
    """A classification a vendor assigned (战略新兴产业分类, 国民经济分类 …): never presented as patentnav's own."""

    scheme: str
    value: str
    vendor: str


@dataclass(frozen=True)
class VendorScore:
    """A score a vendor computed (incoPat 合享价值度 …), attributed to that vendor."""

    indicator: str
    value: float
    vendor: str


#: Citation count kinds: backward (the patent cites), forward (cited by), forward within 5 years, self/other
#: backward and forward, family backward/forward, non-patent literature.
CITATION_COUNT_KINDS = (
    "backward",
    "forward",
    "forward_5y",
    "backward_self",
    "backward_other",
    "forward_self",
    "forward_other",
    "family_backward",
    "family_forward",
    "npl",
)


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
    #: The application year, for exports that give a year without the date (Derwent's Application Year).
    application_year: int | None = None
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
    #: Current holders (当前权利人, Owners, Assignee - Current), apart from the applicants as filed.
    current_holders: list[Applicant] = field(default_factory=list)
    #: Patent agency (代理机构) and agents (代理人).
    agency: str | None = None
    agents: list[Inventor] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    families: list[FamilyLink] = field(default_factory=list)
    #: Publication numbers (normalised) the patent cites (backward) and of the patents citing it (forward).
    cited: list[str] = field(default_factory=list)
    citing: list[str] = field(default_factory=list)
    #: Citation counts the export states, by kind (:data:`CITATION_COUNT_KINDS`).
    citation_counts: dict[str, int] = field(default_factory=dict)
    claims_count: int | None = None
    independent_claims_count: int | None = None
    #: The first (main) claim's text (主权项 / 独立权利要求).
    first_claim: str | None = None
    #: Lapse or expiry date (失效日) and patent life in months (专利寿命(月)), as the export states them.
    lapse_date: date | None = None
    life_months: int | None = None
    events: list[LegalEvent] = field(default_factory=list)
    vendor_classes: list[VendorClass] = field(default_factory=list)
    vendor_scores: list[VendorScore] = field(default_factory=list)
    #: What was changed or could not be used while the row was read (the row itself loads).
    notices: list[Notice] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The number that identifies the patent: application number, else publication number."""
        if self.application_number:
            return self.application_number
        return self.publication_numbers[0]
