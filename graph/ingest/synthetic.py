"""Synthetic patent exports in each format's exact layout -- clearly labelled, never real.

Deterministic for a seed; rows are generated and written one at a time, so 10k or 1M
rows take the same memory. The same seed gives the same patents in every format
(so dedup across formats can be tested). What makes the data recognisably synthetic:

* applicant names are "合成样例…有限公司0001" / "Synthetic Example … Co. 0001" (the English
  name, used by PatentsView, translates the Chinese one; :func:`write_aliases` writes the
  alias table that maps one to the other);
* CN application serials start at 9,000,000 and publication numbers with ``CN9`` (no
  real publication has either yet); US patent and application ids start with ``99``;
* file names this module suggests contain ``synthetic``, which makes ingest mark the
  source ``pnav:synthetic true``;
* street addresses are on "合成路" (Synthetic Road).

Applicants follow a Zipf law (a few file most patents); IPC symbols are real IPC
main groups, mostly of the concordance's subclasses; addresses are real districts of
Hunan, a few other provinces, and some foreign countries.

The module stays whole: the generator and every format's writer share one seeded model
(:class:`SyntheticPatent`), which is what makes a seed give the same patents in every format.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> p = write_export("cnipa", d / "synthetic_cnipa.csv", rows=3, seed=1)
>>> p.read_text(encoding="utf-8").splitlines()[0].split(",")[:3]
['申请号', '公开(公告)号', '申请日']
"""

from __future__ import annotations

import bisect
import csv
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

__all__ = [
    "ALIAS_FILE",
    "FORMAT_FILES",
    "SyntheticPatent",
    "cn_check_digit",
    "patents",
    "write_aliases",
    "write_export",
    "write_samples",
]

#: the file name ingest expects for each format (PatentsView: a folder).
FORMAT_FILES = {
    "cnipa": "synthetic_cnipa.csv",
    "cnipa-xlsx": "synthetic_cnipa.xlsx",
    "google": "synthetic_google.csv",
    "lens": "synthetic_lens.csv",
    "patentsview": "synthetic_patentsview/g_patent.tsv",
}
#: the alias table mapping the generator's English applicant names to the Chinese ones.
ALIAS_FILE = "synthetic_aliases.csv"
#: rows and seed of the samples bundled in ``data/samples``.
SAMPLE_ROWS, SAMPLE_SEED = 20, 2024

# Real IPC main groups: most in the concordance's subclasses, some outside every industry.
IPC_GROUPS = (
    "B66C23/00", "B66C13/00", "B66F9/00", "E02F3/00", "E02F9/00", "E01C19/00", "B28C5/00", "E04G21/04", "E21B7/00",
    "B61D17/00", "B61F5/00", "B61L27/00", "B61H13/00", "B60L50/00", "E01B9/00",
    "C22C38/00", "C22C21/00", "C04B35/00", "B22F3/00", "C01B32/00", "C08L23/00", "C23C14/00", "H01M4/00",
    "A63F13/00", "A63H33/00", "G10H1/00", "B44C1/00", "A44C5/00",
    "H04L9/00", "H04W4/00", "H04N21/00", "G06F16/00", "G06N3/00", "G06T7/00", "G06Q10/00", "H01L21/00",
    "A61K31/00", "F16H1/00", "A01B1/00",
)  # fmt: skip

# Real districts (GB/T 2260 names) -- addresses on the fictitious 合成路.
PLACES_CN = (
    ("湖南省长沙市岳麓区", 6), ("湖南省长沙市雨花区", 4), ("湖南省长沙市开福区", 2), ("湖南省长沙市望城区", 2),
    ("湖南省株洲市天元区", 4), ("湖南省株洲市石峰区", 2), ("湖南省湘潭市岳塘区", 2), ("湖南省湘潭市雨湖区", 1),
    ("湖南省衡阳市蒸湘区", 1), ("湖南省岳阳市岳阳楼区", 1), ("北京市海淀区", 3), ("上海市浦东新区", 2),
    ("广东省深圳市南山区", 3), ("江苏省苏州市吴中区", 1), ("湖北省武汉市洪山区", 1),
)  # fmt: skip
PLACES_FOREIGN = (("JP", "日本东京都"), ("US", "美国加利福尼亚州"), ("DE", "德国慕尼黑"), ("KR", "韩国首尔"))
KINDS_ZH = ("重工", "机械", "轨道装备", "新材料", "信息技术", "文化创意", "电子", "科技")
# KINDS_EN[i] is the English rendering of KINDS_ZH[i] (PatentsView names applicants in English).
KINDS_EN = (
    "Heavy Industry",
    "Machinery",
    "Rail Equipment",
    "Materials",
    "Information Technology",
    "Creative",
    "Electronics",
    "Technology",
)
TITLES = ("一种合成样例{}装置", "一种合成样例{}方法", "合成样例{}系统及其控制方法", "一种用于合成样例{}的结构")
TOPICS = ("起重臂", "转向架", "合金材料", "数据处理", "显示", "挖掘", "制动", "编码")
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
STATUS: tuple[tuple[str, int], ...] = (("有效", 5), ("审中", 3), ("失效", 2), ("未缴年费", 1))


@dataclass
class SyntheticApplicant:
    """A synthetic applicant: Chinese or foreign, with an address."""

    name_zh: str
    name_en: str
    address: str
    country: str
    province: str | None


@dataclass
class SyntheticPatent:
    """One synthetic patent, rendered by each format writer."""

    index: int
    type_digit: str
    application_date: date
    publication_date: date
    grant_date: date | None
    serial: int
    applicants: list[SyntheticApplicant]
    inventors: list[str]
    ipc: list[str]
    status: str
    title: str

    @property
    def app12(self) -> str:
        return f"{self.application_date.year}{self.type_digit}{self.serial:07d}"

    @property
    def kind(self) -> str:
        if self.type_digit == "2":
            return "U"
        return "B" if self.grant_date else "A"

    @property
    def pub_number(self) -> str:
        return f"CN9{self.index:08d}{self.kind}"

    @property
    def patent_type_zh(self) -> str:
        return {"1": "发明申请" if not self.grant_date else "发明授权", "2": "实用新型"}[self.type_digit]


def cn_check_digit(number12: str) -> str:
    """A check digit as CNIPA appends it after the dot (weights 2..9,2..5, mod 11; 10 is X).

    Used only to make synthetic numbers look like exports; ingest strips check digits
    without validating them.

    >>> cn_check_digit("201510123456")
    '1'
    """
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] if len(number12) == 12 else [2, 3, 4, 5, 6, 7, 8, 9]
    total = sum(int(d) * w for d, w in zip(number12, weights, strict=True)) % 11
    return "X" if total == 10 else str(total)


def _applicant(k: int) -> SyntheticApplicant:
    local = random.Random(f"applicant-{k}")  # the same applicant k in every file and format
    if k % 17 == 5:
        cc, where = PLACES_FOREIGN[k % len(PLACES_FOREIGN)]
        kind_en = KINDS_EN[k % len(KINDS_EN)]
        return SyntheticApplicant(f"Synthetic Example {kind_en} Co. {k:04d}", f"Synthetic Example {kind_en} Co. {k:04d}",
                                  f"{where}合成路{k}号", cc, None)  # fmt: skip
    places, weights = zip(*PLACES_CN, strict=True)
    place = local.choices(places, weights)[0]
    if k % 11 == 3:
        name, name_en = f"合成样例理工大学{k:04d}", f"Synthetic Example University of Technology {k:04d}"
    elif k % 13 == 4:
        name, name_en = f"合成样例研究院{k:04d}", f"Synthetic Example Research Institute {k:04d}"
    else:
        kind = k % len(KINDS_ZH)
        name, name_en = f"合成样例{KINDS_ZH[kind]}有限公司{k:04d}", f"Synthetic Example {KINDS_EN[kind]} Co. {k:04d}"
    return SyntheticApplicant(name, name_en, f"{place}合成路{k % 300 + 1}号", "CN", None)


def patents(rows: int, seed: int = 0) -> Iterator[SyntheticPatent]:
    """Yield ``rows`` synthetic patents, deterministically for ``seed``."""
    rng = random.Random(seed)
    pool = max(20, rows // 5)
    cumulative = list(itertools.accumulate(1 / (k**1.1) for k in range(1, pool + 1)))
    applicants: dict[int, SyntheticApplicant] = {}
    statuses, status_weights = zip(*STATUS, strict=True)
    for i in range(rows):
        n_app = 1 if rng.random() < 0.8 else 2
        chosen = []
        for _ in range(n_app):
            k = bisect.bisect(cumulative, rng.random() * cumulative[-1]) + 1
            if k not in applicants:
                if len(applicants) > 50_000:  # keep memory bounded at 1M rows
                    applicants.clear()
                applicants[k] = _applicant(k)
            if applicants[k] not in chosen:
                chosen.append(applicants[k])
        filed = date(2010, 1, 1) + timedelta(days=rng.randrange(365 * 14))
        type_digit = "1" if rng.random() < 0.7 else "2"
        published = filed + timedelta(days=rng.randrange(120, 540))
        granted = None
        if type_digit == "2":
            granted = published
        elif rng.random() < 0.5:
            granted = published + timedelta(days=rng.randrange(300, 900))
        n_ipc = rng.choice((1, 1, 2, 3))
        ipc = list(dict.fromkeys(rng.choice(IPC_GROUPS) for _ in range(n_ipc)))
        status = rng.choices(statuses, status_weights)[0]
        if not granted and status in ("有效", "未缴年费"):
            status = "审中"
        inventors = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(rng.randint(1, 3))]
        yield SyntheticPatent(
            index=i,
            type_digit=type_digit,
            application_date=filed,
            publication_date=published if not granted or type_digit == "2" else granted,
            grant_date=granted,
            serial=9_000_000 + i,
            applicants=chosen,
            inventors=list(dict.fromkeys(inventors)),
            ipc=ipc,
            status=status,
            title=rng.choice(TITLES).format(rng.choice(TOPICS)),
        )


CNIPA_HEADER = ["申请号", "公开(公告)号", "申请日", "公开(公告)日", "名称", "摘要", "申请(专利权)人", "申请人地址",
                "发明(设计)人", "IPC分类号", "主分类号", "法律状态", "国省代码", "专利类型"]  # fmt: skip
GOOGLE_HEADER = ["id", "title", "assignee", "inventor/author", "priority date", "filing/creation date",
                 "publication date", "grant date", "result link", "representative figure link"]  # fmt: skip
LENS_HEADER = ["#", "Jurisdiction", "Kind", "Display Key", "Lens ID", "Publication Date", "Publication Year",
               "Application Number", "Application Date", "Priority Numbers", "Earliest Priority Date", "Title",
               "Abstract", "Applicants", "Inventors", "Owners", "URL", "Document Type", "Has Full Text",
               "Cited by Patent Count", "Simple Family Size", "Extended Family Size", "Sequence Count",
               "CPC Classifications", "IPCR Classifications", "US Classifications", "NPL Citation Count",
               "NPL Resolved Citation Count", "NPL Resolved Lens ID(s)", "NPL Resolved External ID(s)",
               "NPL Citations", "Legal Status"]  # fmt: skip


def _cnipa_row(p: SyntheticPatent) -> list[str]:
    # Vary the number spellings as real exports do: with and without check digit and prefix.
    app = p.app12
    number = (f"CN{app}.{cn_check_digit(app)}", f"{app}.{cn_check_digit(app)}", f"CN{app}")[p.index % 3]
    first = p.applicants[0]
    province = first.province or ("43" if first.address.startswith("湖南") else "")
    return [
        number,
        p.pub_number,
        p.application_date.isoformat() if p.index % 2 else p.application_date.strftime("%Y.%m.%d"),
        p.publication_date.isoformat(),
        p.title,
        f"本合成样例摘要描述{p.title}（合成数据，非真实专利）。",
        ";".join(a.name_zh for a in p.applicants),
        first.address,
        ";".join(p.inventors),
        ";".join(p.ipc),
        p.ipc[0],
        p.status,
        first.country if first.country != "CN" else province,
        p.patent_type_zh,
    ]


def _google_row(p: SyntheticPatent) -> list[str]:
    pub = p.pub_number
    gid = f"CN-{pub[2:-1]}-{pub[-1]}"
    return [
        gid,
        p.title,
        ", ".join(a.name_zh for a in p.applicants),
        ", ".join(p.inventors),
        p.application_date.isoformat(),
        p.application_date.isoformat(),
        p.publication_date.isoformat(),
        p.grant_date.isoformat() if p.grant_date else "",
        f"https://patents.google.com/patent/{pub}/zh",
        "",
    ]


def _lens_row(p: SyntheticPatent) -> list[str]:
    pub = p.pub_number
    doc_type = "Utility Model" if p.kind == "U" else ("Granted Patent" if p.kind == "B" else "Patent Application")
    lens_id = f"900-{p.index // 1000000:03d}-{p.index // 1000 % 1000:03d}-{p.index % 1000:03d}-000"
    status_en = {"有效": "ACTIVE", "审中": "PENDING", "失效": "INACTIVE", "未缴年费": "EXPIRED"}[p.status]
    return [
        str(p.index + 1), "CN", p.kind, f"CN {pub[2:-1]} {p.kind}", lens_id, p.publication_date.isoformat(),
        str(p.publication_date.year), f"CN {p.app12} A", p.application_date.isoformat(), f"CN {p.app12} A",
        p.application_date.isoformat(), p.title, "合成样例摘要（合成数据）", ";;".join(a.name_zh for a in p.applicants),
        ";;".join(p.inventors), ";;".join(a.name_zh for a in p.applicants), f"https://lens.org/{lens_id}",
        doc_type, "false", "0", "1", "1", "0", "", ";;".join(p.ipc), "", "0", "0", "", "", "", status_en,
    ]  # fmt: skip


def write_export(fmt: str, path: Path | str, *, rows: int, seed: int = 0, encoding: str = "utf-8") -> Path:
    """Write ``rows`` synthetic patents in ``fmt`` (cnipa, cnipa-xlsx, google, lens, patentsview).

    ``encoding`` applies to the CNIPA CSV (``utf-8``, ``utf-8-sig``, ``gb18030``).
    For ``patentsview``, ``path`` is ``…/g_patent.tsv`` and the companion tables are
    written beside it. Returns the path written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "cnipa":
        with path.open("w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(CNIPA_HEADER)
            writer.writerows(_cnipa_row(p) for p in patents(rows, seed))
    elif fmt == "cnipa-xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        info = book.create_sheet("检索信息")
        info.append(["合成样例导出（synthetic export generated by patentnav; not real patents）"])
        sheet = book.create_sheet("专利列表")
        sheet.append(CNIPA_HEADER)
        for p in patents(rows, seed):
            sheet.append(_cnipa_row(p))
        book.save(path)
    elif fmt == "google":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["search URL:", "https://patents.google.com/?q=synthetic+example+(patentnav+generator)"])
            writer.writerow(GOOGLE_HEADER)
            writer.writerows(_google_row(p) for p in patents(rows, seed))
    elif fmt == "lens":
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(LENS_HEADER)
            writer.writerows(_lens_row(p) for p in patents(rows, seed))
    elif fmt == "patentsview":
        _write_patentsview(path, rows, seed)
    else:
        raise ValueError(f"unknown synthetic format {fmt!r}: use {', '.join(FORMAT_FILES)}")
    return path


def _write_patentsview(path: Path, rows: int, seed: int) -> None:
    names = ("g_patent", "g_application", "g_assignee_disambiguated", "g_location_disambiguated",
             "g_inventor_disambiguated", "g_ipc_at_issue")  # fmt: skip
    handles = {n: path.with_name(f"{n}.tsv").open("w", encoding="utf-8", newline="") for n in names}
    try:
        w = {n: csv.writer(h, delimiter="\t", quoting=csv.QUOTE_ALL) for n, h in handles.items()}
        w["g_patent"].writerow(["patent_id", "patent_type", "patent_date", "patent_title", "patent_abstract",
                                "wipo_kind", "num_claims", "withdrawn", "filename"])  # fmt: skip
        w["g_application"].writerow(["application_id", "patent_id", "patent_application_type", "filing_date",
                                     "series_code", "rule_47_flag"])  # fmt: skip
        w["g_assignee_disambiguated"].writerow(["patent_id", "assignee_sequence", "assignee_id",
            "disambig_assignee_individual_name_first", "disambig_assignee_individual_name_last",
            "disambig_assignee_organization", "assignee_type", "location_id"])  # fmt: skip
        w["g_location_disambiguated"].writerow(["location_id", "disambig_city", "disambig_state", "disambig_country",
                                                "latitude", "longitude", "county", "county_fips", "state_fips"])  # fmt: skip
        w["g_inventor_disambiguated"].writerow(["patent_id", "inventor_sequence", "inventor_id",
            "disambig_inventor_name_first", "disambig_inventor_name_last", "gender_code", "location_id"])  # fmt: skip
        w["g_ipc_at_issue"].writerow(["patent_id", "ipc_sequence", "classification_level", "section", "ipc_class",
            "subclass", "main_group", "subgroup", "symbol_position", "classification_value", "classification_status",
            "classification_data_source", "action_date", "ipc_version_indicator"])  # fmt: skip
        countries = {"CN": "loc-cn", "JP": "loc-jp", "US": "loc-us", "DE": "loc-de", "KR": "loc-kr"}
        for cc, loc in countries.items():
            w["g_location_disambiguated"].writerow([loc, "Synthetic City", "", cc, "", "", "", "", ""])
        for p in patents(rows, seed):
            pid = f"99{p.index:06d}"
            date_ = (p.grant_date or p.publication_date).isoformat()
            w["g_patent"].writerow([pid, "utility", date_, f"Synthetic example {p.index}: {p.title}",
                                    "Synthetic abstract (not a real patent).", "B2", "10", "0", "synthetic.xml"])  # fmt: skip
            w["g_application"].writerow([f"99{p.index:06d}", pid, "utility", p.application_date.isoformat(), "99", "0"])
            for seq, a in enumerate(p.applicants):
                w["g_assignee_disambiguated"].writerow([pid, seq, f"a-{a.name_en}", "", "", a.name_en, "2",
                                                        countries.get(a.country, "loc-cn")])  # fmt: skip
            for seq, name in enumerate(p.inventors):
                w["g_inventor_disambiguated"].writerow([pid, seq, f"i-{name}", name[1:], name[0], "", "loc-cn"])
            for seq, code in enumerate(p.ipc):
                group, sub = code[4:].split("/")
                w["g_ipc_at_issue"].writerow([pid, seq, "", code[0], code[1:3], code[3], group, sub, "F" if seq == 0 else "L",
                                              "I", "", "", date_, "20060101"])  # fmt: skip
    finally:
        for handle in handles.values():
            handle.close()


_ALIAS_HEADER = """\
# SYNTHETIC applicant aliases written by patentnav.graph.ingest.synthetic (write_aliases); not real companies.
# The generator names each applicant in Chinese (CNIPA, Google Patents, Lens) and in English (PatentsView),
# as real exports do; this table maps each English name to the Chinese one so both are one organization.
# Use it with: patentnav ingest ... --aliases data/samples/synthetic_aliases.csv
"""


def write_aliases(path: Path | str, *, rows: int, seed: int = 0) -> Path:
    """Write the alias table (``alias,canonical,note``) for the applicants of ``patents(rows, seed)``.

    One line per applicant whose English name differs from its Chinese one, in the
    layout ``patentnav ingest --aliases`` reads; the header comment says it is synthetic.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> lines = write_aliases(d / "synthetic_aliases.csv", rows=20, seed=2024).read_text("utf-8").splitlines()
    >>> [line for line in lines if not line.startswith("#")][:2]
    ['alias,canonical,note', 'Synthetic Example Technology Co. 0007,合成样例科技有限公司0007,synthetic']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    seen: dict[str, str] = {}
    for p in patents(rows, seed):
        for a in p.applicants:
            if a.name_en != a.name_zh:
                seen.setdefault(a.name_en, a.name_zh)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(_ALIAS_HEADER)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["alias", "canonical", "note"])
        writer.writerows([alias, canonical, "synthetic"] for alias, canonical in seen.items())
    return path


def write_samples(directory: Path | str, *, rows: int = SAMPLE_ROWS, seed: int = SAMPLE_SEED) -> list[Path]:
    """Write every format's sample and the alias table into ``directory`` (as in ``data/samples``).

    >>> import tempfile
    >>> [p.name for p in write_samples(tempfile.mkdtemp(), rows=3)][-2:]
    ['g_patent.tsv', 'synthetic_aliases.csv']
    """
    directory = Path(directory)
    written = [write_export(fmt, directory / name, rows=rows, seed=seed) for fmt, name in FORMAT_FILES.items()]
    return [*written, write_aliases(directory / ALIAS_FILE, rows=rows, seed=seed)]
