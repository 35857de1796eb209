"""The policy workbook: its sheets, their columns, and the tables a workbook holds.

A plan is written as tables, one per sheet (``plan``, ``tasks``, ``targets`` …; Chinese sheet
names are accepted too). Each column has an English name (the one the template and ``policy
export`` write) and a Chinese equivalent (``label_zh`` / ``中文名称``); a reader takes either.
Columns the model does not know are kept on the row as notes. A list inside a cell is
``;``-separated (``；``, ``,``, ``、`` and line breaks work too for ids and codes).

:data:`SHEETS` is the model: for each sheet its entity type, key column and columns, each with
its kind (how a cell is parsed), whether it is required, the entity type it refers to, the RDF
predicate it is written as, and its explanation in Chinese and English (the template's README
sheet is made from them). The module is over 400 lines because that model is one declarative
table of every sheet's columns (about 270 lines of data), kept beside the classes it is made of.

:class:`Workbook` is what a reader returns and an export builds: sheet name -> rows, each row
its cells as strings (lists as tuples) and its notes. :meth:`Workbook.tables` is the
comparable form (empty cells dropped, lists as sets) that a round trip keeps.

>>> SHEETS["tasks"].column("行业") is None, SHEETS["tasks"].column("涉及产业").name
(True, 'industries')
>>> sheet_spec("目标").name
'targets'
>>> wb = Workbook({"plan": [Row(2, {"id": "x", "regions": ("430100",)})]})
>>> wb.tables()["plan"]
[{'id': 'x', 'regions': ('430100',)}]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from patentnav.ontology import PNAV, PREFIXES

__all__ = [
    "COMMENT_PREFIX",
    "EXAMPLE_MARK",
    "SHEETS",
    "Column",
    "InputProblem",
    "PlanConflictError",
    "PlanInputError",
    "Row",
    "SheetSpec",
    "Workbook",
    "header_key",
    "sheet_spec",
]

_RDFS, _SKOS, _DCT, _PROV = PREFIXES["rdfs"], PREFIXES["skos"], PREFIXES["dct"], PREFIXES["prov"]

#: A row whose first cell starts with this is a comment, never read (the template's example rows are).
COMMENT_PREFIX = "#"
#: How the template marks its example rows (first cell), e.g. ``# 示例 example: rail-transit``.
EXAMPLE_MARK = "# 示例 example: "

#: Kinds of cell: how the text of a cell is parsed.
KINDS = {
    "key": "the row's id (letters, digits, . _ ~ % -)",
    "id": "an id (letters, digits, . _ ~ % -)",
    "text": "text",
    "texts": "several texts, ;-separated",
    "ref": "the id of one entity",
    "refs": "ids, ;-separated",
    "number": "a number",
    "year": "a year (four digits)",
    "date": "a date (YYYY-MM-DD)",
    "bool": "true or false (是/否)",
    "choice": "one of the listed values",
    "ipc": "IPC codes or prefixes, ;-separated",
    "url": "a web address (http:// or https://)",
}
LIST_KINDS = frozenset({"texts", "refs", "ipc"})


@dataclass(frozen=True)
class Column:
    """One column of a sheet: names, how its cells are parsed, what it becomes in the graph."""

    name: str
    zh: str
    kind: str
    help_en: str
    help_zh: str
    example: str = ""
    required: bool = False
    #: Entity type a ``ref``/``refs`` column names (``industry``, ``region`` …).
    ref: str | None = None
    #: The predicate the column is written as (``None``: written by the writer's own rules).
    predicate: str | None = None
    #: Language tag of a ``text``/``texts`` column's literal.
    lang: str | None = None
    #: Allowed values of a ``choice`` column.
    choices: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return self.kind in LIST_KINDS


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: its names, the entity type its rows are, the key column, the columns."""

    name: str
    zh: str
    entity: str
    key: str
    columns: tuple[Column, ...]
    help_en: str
    help_zh: str
    #: The ``plan`` sheet holds exactly one row.
    single: bool = False
    required: bool = False
    #: Rows need a Chinese or an English label.
    labelled: bool = True

    def column(self, header: str) -> Column | None:
        """The column a header names (English or Chinese, loosely compared), or ``None``."""
        key = header_key(header)
        for column in self.columns:
            if key in (header_key(column.name), header_key(column.zh)):
                return column
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def __getitem__(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)


def header_key(name: object) -> str:
    """Headers and sheet names compared loosely: NFKC, lower case, no spaces, ``_`` or ``-``.

    >>> header_key(" Label_ZH "), header_key("中文 名称")
    ('labelzh', '中文名称')
    """
    text = unicodedata.normalize("NFKC", str(name or "")).replace("\ufeff", "").lower()
    return re.sub(r"[\s_\-]+", "", text)


# ---------------------------------------------------------------- columns shared by the entity sheets


def _label_zh(example: str) -> Column:
    return Column(
        "label_zh", "中文名称", "text", "Name in Chinese (a row needs label_zh or label_en)",
        "中文名称（中文或英文名称至少填一项）", example, predicate=_RDFS + "label", lang="zh",
    )  # fmt: skip


def _label_en(example: str) -> Column:
    return Column(
        "label_en", "英文名称", "text", "Name in English", "英文名称", example, predicate=_RDFS + "label", lang="en"
    )


_COMMENTS = (
    Column("comment_zh", "中文说明", "text", "A note in Chinese", "中文说明", predicate=_RDFS + "comment", lang="zh"),
    Column("comment_en", "英文说明", "text", "A note in English", "英文说明", predicate=_RDFS + "comment", lang="en"),
)
_SOURCES = Column(
    "sources", "来源编号", "refs",
    "Ids of the sources this row is taken from (sources sheet, or a source in the graph); empty: the plan's source",
    "本行依据的来源编号（来源表或图谱中已有的来源）；留空即规划的来源", ref="source",
)  # fmt: skip
_QUOTE = Column(
    "source_quote", "原文", "text", "The source's own words for this row (quoted, not paraphrased)",
    "来源原文（照录，不改写）", predicate=PNAV.sourceText,
)  # fmt: skip


def _entity(key: Column, labels: tuple[str, str], *columns: Column, quote: bool = False) -> tuple[Column, ...]:
    return (key, _label_zh(labels[0]), _label_en(labels[1]), *columns, *((_QUOTE,) if quote else ()),
            *_COMMENTS, _SOURCES)  # fmt: skip


def _id(example: str, what_en: str, what_zh: str) -> Column:
    return Column(
        "id", "编号", "key",
        f"Id of the {what_en}: letters, digits, '.', '_', '~', '%' or '-' (the last part of its IRI)",
        f"{what_zh}编号：字母、数字及 . _ ~ % -（实体 IRI 的最后一段）", example, required=True,
    )  # fmt: skip


# ---------------------------------------------------------------- the sheets

SHEETS: dict[str, SheetSpec] = {}


def _sheet(spec: SheetSpec) -> None:
    SHEETS[spec.name] = spec


_sheet(
    SheetSpec(
        "plan", "规划", "plan", "id",
        (
            _id("example-city-ip-plan", "plan", "规划"),
            _label_zh("示例市知识产权强市建设实施方案"),
            _label_en("Implementation plan of Example City as an IP-strong city"),
            Column("title_zh", "中文标题", "text", "The plan's official title in Chinese", "规划正式标题（中文）",
                   predicate=_DCT + "title", lang="zh"),
            Column("title_en", "英文标题", "text", "The plan's official title in English", "规划正式标题（英文）",
                   predicate=_DCT + "title", lang="en"),
            Column("issued_by", "发布机关", "refs", "Agencies that issued the plan (ids)", "发布机关（机构编号）",
                   "example-city-government", ref="agency", predicate=PNAV.issuedBy),
            Column("approved_by", "批复机关", "refs", "Agencies that approved the plan", "批复机关（机构编号）",
                   "cnipa", ref="agency", predicate=PNAV.approvedBy),
            Column("implemented_by", "实施主体", "refs", "Agencies that implement the plan", "实施主体（机构编号）",
                   ref="agency", predicate=PNAV.implementedBy),
            Column("date", "发布日期", "date", "Date the plan was issued", "发布日期", "2025-03-01",
                   predicate=_DCT + "issued"),
            Column("source", "来源", "ref", "Id of the plan's source document (sources sheet or graph); or fill "
                   "source_title/source_url/source_date instead", "规划来源文献的编号（来源表或图谱中已有）；"
                   "或改填 source_title / source_url / source_date", ref="source"),
            Column("source_title", "来源标题", "text", "Title of the document the plan is read from",
                   "规划来源文献标题", "示例市人民政府关于印发实施方案的通知"),
            Column("source_url", "来源链接", "url", "Web address of the source document", "来源文献网址",
                   "https://www.example.gov.cn/plan.html"),
            Column("source_date", "来源日期", "date", "Date of the source document", "来源文献日期", "2025-03-01"),
            Column("regions", "覆盖地区", "refs", "Regions the plan covers (GB/T 2260 codes or region ids)",
                   "规划覆盖的地区（GB/T 2260 代码或地区编号）", "440100", required=True, ref="region",
                   predicate=PNAV.coversRegion),
            Column("pilot_regions", "先行先试地区", "refs", "Regions that go first (also covered)",
                   "先行先试地区（亦属覆盖地区）", ref="region", predicate=PNAV.pilotRegion),
            Column("industry_scheme", "产业体系编号", "id", "Id of the scheme (list) the plan's industries form; "
                   "default <plan id>-industries", "本规划产业体系的编号，默认 <规划编号>-industries"),
            Column("industry_scheme_label_zh", "产业体系中文名称", "text", "Chinese name of that scheme",
                   "产业体系中文名称"),
            Column("industry_scheme_label_en", "产业体系英文名称", "text", "English name of that scheme",
                   "产业体系英文名称"),
            Column("fictitious", "虚构", "bool", "true for an invented example plan (labelled so everywhere)",
                   "虚构示例规划填 true（各处均标明虚构）", predicate=PNAV.fictitious),
            _QUOTE,
            *_COMMENTS,
        ),
        "The plan: one row.", "规划本身：一行。", single=True, required=True,
    )
)  # fmt: skip
_sheet(
    SheetSpec(
        "sources", "来源", "source", "id",
        (
            _id("example-city-plan-2025", "source", "来源"),
            _label_zh("示例市知识产权强市建设实施方案（示例市人民政府，2025-03-01）"),
            _label_en("Example City IP-strong city plan (Example City government, 2025-03-01)"),
            Column("title_zh", "中文标题", "text", "The document's title in Chinese", "文献标题（中文）",
                   predicate=_DCT + "title", lang="zh"),
            Column("title_en", "英文标题", "text", "The document's title in English", "文献标题（英文）",
                   predicate=_DCT + "title", lang="en"),
            Column("publisher", "发布者", "text", "Who published it", "发布者", "示例市人民政府",
                   predicate=_DCT + "publisher"),
            Column("date", "日期", "date", "Date of publication", "发布日期", "2025-03-01",
                   predicate=_DCT + "issued"),
            Column("url", "链接", "url", "Web address", "网址", "https://www.example.gov.cn/plan.html",
                   predicate=_DCT + "source"),
            *_COMMENTS,
        ),
        "Documents the plan's facts are taken from (optional: the plan sheet's source_title/source_url/"
        "source_date describe a single source).",
        "规划事实所依据的文献（可选：只有一个来源时填规划表的 source_title / source_url / source_date 即可）。",
    )
)  # fmt: skip
_sheet(
    SheetSpec(
        "agencies", "机构", "agency", "id",
        _entity(
            _id("example-city-ipo", "agency", "机构"), ("示例市知识产权局", "Example City IP Office"),
            Column("alt_labels_zh", "中文别名", "texts", "Other Chinese names, ;-separated", "其他中文名称，用 ; 分隔",
                   predicate=_SKOS + "altLabel", lang="zh"),
            Column("alt_labels_en", "英文别名", "texts", "Other English names, ;-separated", "其他英文名称，用 ; 分隔",
                   predicate=_SKOS + "altLabel", lang="en"),
            Column("jurisdiction", "管辖地区", "refs", "Regions the agency governs", "管辖地区", "440100",
                   ref="region", predicate=PNAV.jurisdiction),
            Column("located_in", "所在地", "refs", "Where the agency sits", "所在地区", "440100", ref="region",
                   predicate=PNAV.locatedIn),
        ),
        "Government bodies: IP offices, people's governments.", "政府机构：知识产权局、人民政府等。",
    )
)  # fmt: skip
_sheet(
    SheetSpec(
        "regions", "地区", "region", "code",
        (
            Column("code", "代码", "key", "GB/T 2260 code (six digits), or the id of a group of regions such as a "
                   "city group (then fill includes)", "GB/T 2260 行政区划代码（六位），或城市群等地区组合的编号（须填 "
                   "includes）", "440100", required=True),
            _label_zh("广州市"),
            _label_en("Guangzhou"),
            Column("admin_level", "行政级别", "text", "province, prefecture, county, city group …",
                   "行政级别：province 省、prefecture 地级、county 县级、city group 城市群 …", "prefecture",
                   predicate=PNAV.adminLevel),
            Column("part_of", "上级地区", "ref", "The region it lies in", "上级地区", "440000", ref="region",
                   predicate=PNAV.partOfRegion),
            Column("includes", "包含地区", "refs", "For a group of regions: its members", "地区组合所含地区",
                   ref="region", predicate=PNAV.includesRegion),
            *_COMMENTS,
            _SOURCES,
        ),
        "Regions the plan names. Regions already in the graph (e.g. the Hunan pilot's) need no row.",
        "规划涉及的地区。图谱中已有的地区（如湖南试点的地区）无需再列。", labelled=True,
    )
)  # fmt: skip
_sheet(
    SheetSpec(
        "zones", "园区", "zone", "id",
        _entity(
            _id("example-hi-tech-zone", "zone", "园区"), ("示例高新技术产业开发区", "Example High-tech Zone"),
            Column("located_in", "所在地区", "refs", "Regions the zone lies in", "园区所在地区", "440100",
                   required=True, ref="region", predicate=PNAV.locatedIn),
            Column("part_of", "上级园区", "ref", "The zone it is part of", "所属上级园区", ref="zone",
                   predicate=PNAV.partOfZone),
        ),
        "Designated zones, parks and pilot areas.", "功能区、园区与试验区。",
    )
)  # fmt: skip
_sheet(
    SheetSpec(
        "industries", "产业", "industry", "id",
        _entity(
            _id("example-smart-equipment", "industry", "产业"), ("智能装备", "Smart equipment"),
            Column("ipc", "IPC", "ipc", "IPC codes or prefixes that define the industry for this plan (B25J; "
                   "G05B19/00): patents classified there are in it", "界定本产业的 IPC 分类号或前缀（如 B25J; "
                   "G05B19/00），分类于其下的专利即属本产业", "B25J; G05B19/00"),
        ),
        "Industries. A row for an industry already in the graph with both labels empty only adds its ipc codes.",
        "产业。图谱中已有的产业若只填编号和 ipc（名称留空），则仅为其补充 IPC 对照。",
    )
)  # fmt: skip
_sheet(
    SheetSpec(
        "tasks", "任务", "task", "id",
        _entity(
            _id("example-patent-navigation", "task", "任务"), ("实施专利导航工程", "Patent navigation"),
            Column("industries", "涉及产业", "refs", "Industries the task concerns", "任务涉及的产业",
                   "example-smart-equipment", ref="industry", predicate=PNAV.concernsIndustry),
            Column("regions", "涉及地区", "refs", "Regions the task concerns", "任务涉及的地区", "440100",
                   ref="region", predicate=PNAV.concernsRegion),
            Column("zones", "涉及园区", "refs", "Zones the task concerns", "任务涉及的园区", "example-hi-tech-zone",
                   ref="zone", predicate=PNAV.concernsZone),
            Column("lead_agency", "牵头单位", "ref", "The agency that leads the task", "牵头单位（机构编号）",
                   "example-city-ipo", ref="agency", predicate=PNAV.leadAgency),
            Column("part_of", "上级任务", "ref", "The task it is part of", "所属上级任务", ref="task",
                   predicate=PNAV.partOfTask),
            Column("centers", "规划中心", "refs", "Support centers the task plans", "任务规划建设的支撑中心",
                   ref="center", predicate=PNAV.plansCenter),
            quote=True,
        ),
        "Tasks the plan sets out.", "规划部署的任务。",
    )
)  # fmt: skip
_sheet(
    SheetSpec(
        "targets", "目标", "target", "id",
        _entity(
            _id("example-invention-patents-per-10k", "target", "目标"),
            ("每万人口发明专利拥有量达到50件", "Invention patents held per 10,000 population at 50"),
            Column("indicator", "指标", "ref", "Id of the indicator (indicators sheet, or one in the graph such as "
                   "invention-patents-per-10k-population)", "指标编号（指标表或图谱中已有，如 "
                   "invention-patents-per-10k-population）", "invention-patents-per-10k-population", required=True,
                   ref="indicator", predicate=PNAV.measuredBy),
            Column("comparator", "比较", "choice", "How the value compares: > >= < <= =, or 'among' for a standing "
                   "(no value needed)", "比较关系：> >= < <= =，或 among 表示进入某一行列（无需目标值）", ">=",
                   choices=(">", ">=", "<", "<=", "=", "among"), predicate=PNAV.comparator),
            Column("value", "目标值", "number", "The target value (needed unless comparator is among)",
                   "目标值（比较关系为 among 时可不填）", "50", predicate=PNAV.targetValue),
            Column("unit", "单位", "text", "Unit of the value (needed with a value)", "目标值单位（有目标值时必填）",
                   "件/万人", predicate=PNAV.unit),
            Column("deadline_year", "目标年份", "year", "Year the target is due", "目标年份", "2027", required=True,
                   predicate=PNAV.deadlineYear),
            Column("region", "目标地区", "ref", "The region the target applies to", "目标适用的地区", "440100",
                   required=True, ref="region", predicate=PNAV.targetRegion),
            Column("baseline_multiple", "对比倍数", "number", "For a relative target: multiple of the baseline "
                   "region's value", "相对目标：为对比地区数值的倍数", predicate=PNAV.baselineMultiple),
            Column("baseline_region", "对比地区", "ref", "The region a relative target compares with", "对比地区",
                   ref="region", predicate=PNAV.baselineRegion),
            Column("source_truncated", "原文不完整", "bool", "true when the source's text breaks off",
                   "来源原文不完整时填 true", predicate=PNAV.sourceTruncated),
            quote=True,
        ),
        "Targets: indicator, comparator, value, unit, deadline year and region.",
        "目标：指标、比较关系、目标值、单位、目标年份与地区。",
    )
)  # fmt: skip
_sheet(
    SheetSpec(
        "centers", "支撑中心", "center", "id",
        _entity(
            _id("example-smart-equipment-center", "center", "支撑中心"),
            ("智能装备产业专利战略支撑中心（规划）", "Planned patent strategy support center: smart equipment"),
            Column("industries", "服务产业", "refs", "Industries the center serves", "中心服务的产业",
                   "example-smart-equipment", required=True, ref="industry", predicate=PNAV.servesIndustry),
            Column("region", "服务地区", "refs", "Regions the center serves", "中心服务的地区", "440100",
                   ref="region", predicate=PNAV.servesRegion),
            Column("located_in", "所在地", "refs", "Where the center sits", "中心所在地区", ref="region",
                   predicate=PNAV.locatedIn),
            Column("status", "状态", "choice", "planned (the plan calls for it), operating or closed",
                   "状态：planned 规划中、operating 运行中、closed 已关闭", "planned", required=True,
                   choices=("planned", "operating", "closed"), predicate=PNAV.status),
            quote=True,
        ),
        "Industrial patent strategy support centers.", "产业专利战略支撑中心。",
    )
)  # fmt: skip
_sheet(
    SheetSpec(
        "indicators", "指标", "indicator", "id",
        _entity(
            _id("example-high-value-patents-per-10k", "indicator", "指标"),
            ("每万人口高价值发明专利拥有量", "High-value invention patents per 10,000 population"),
            Column("unit", "单位", "text", "Unit the indicator is measured in", "指标单位", "件/万人",
                   predicate=PNAV.unit),
        ),
        "New indicators (the graph already knows invention-patents-per-10k-population, ip-strong-enterprises …).",
        "新的指标（图谱已有 invention-patents-per-10k-population、ip-strong-enterprises 等）。",
    )
)  # fmt: skip
_sheet(
    SheetSpec(
        "observations", "统计", "observation", "id",
        (
            Column("id", "编号", "key", "Id of the observation; default <plan>-<indicator>-<region>-<date>",
                   "统计数据编号，默认 <规划>-<指标>-<地区>-<日期>"),
            Column("indicator", "指标", "ref", "Indicator observed", "统计的指标",
                   "invention-patents-per-10k-population", required=True, ref="indicator",
                   predicate=PNAV.observedIndicator),
            Column("region", "地区", "ref", "Region observed", "统计的地区", "440100", required=True, ref="region",
                   predicate=PNAV.observedRegion),
            Column("year", "年份", "year", "Year (stands for its year-end, YYYY-12-31); or fill date",
                   "年份（指年末，YYYY-12-31）；或填 date", "2024"),
            Column("date", "日期", "date", "Date of the figure, when not a year-end", "统计时点（非年末时填写）"),
            Column("value", "数值", "number", "The official figure", "官方统计数值", "45.6", required=True,
                   predicate=PNAV.observedValue),
            Column("unit", "单位", "text", "Unit of the value", "单位", "件/万人", predicate=PNAV.unit),
            Column("numerator", "分子", "number", "For a ratio: the count (e.g. invention patents held)",
                   "比率指标的分子（如有效发明专利数）", predicate=PNAV.numeratorValue),
            Column("denominator", "分母", "number", "For a ratio: the base (e.g. population in 10,000s)",
                   "比率指标的分母（如常住人口，万人）", predicate=PNAV.denominatorValue),
            Column("label_zh", "中文名称", "text", "Name in Chinese (optional)", "中文名称（可选）",
                   predicate=_RDFS + "label", lang="zh"),
            Column("label_en", "英文名称", "text", "Name in English (optional)", "英文名称（可选）",
                   predicate=_RDFS + "label", lang="en"),
            Column("source", "来源", "ref", "Id of the statistics' source (sources sheet or graph); or fill "
                   "source_title/source_url", "统计来源编号；或改填 source_title / source_url", ref="source"),
            Column("source_title", "来源标题", "text", "Title of the statistics' source", "统计来源标题",
                   "示例市2024年知识产权统计公报"),
            Column("source_url", "来源链接", "url", "Web address of the statistics' source", "统计来源网址",
                   "https://www.example.gov.cn/stats.html"),
            *_COMMENTS,
        ),
        "Official statistics that target tracking compares against (e.g. invention patents held, population).",
        "目标监测对照的官方统计数据（如发明专利拥有量、人口）。", labelled=False,
    )
)  # fmt: skip

#: Sheet names a workbook may have that are never read (the template's explanations).
README_SHEETS = frozenset({header_key("说明 README"), header_key("README"), header_key("说明")})


def sheet_spec(name: str) -> SheetSpec | None:
    """The sheet a workbook's sheet name stands for (English or Chinese), or ``None``.

    >>> sheet_spec("Tasks").name, sheet_spec("支撑中心").name, sheet_spec("x")
    ('tasks', 'centers', None)
    """
    key = header_key(name)
    for spec in SHEETS.values():
        if key in (header_key(spec.name), header_key(spec.zh)):
            return spec
    return None


# ---------------------------------------------------------------- tables


@dataclass
class Row:
    """One row: its number in the file (spreadsheet row, or item number in YAML), cells and notes.

    ``values`` maps column names to the cell's text, a tuple of texts for list columns; empty
    cells are left out. ``notes`` maps the headers of columns the model does not know to their text.
    """

    number: int
    values: dict[str, str | tuple[str, ...]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> str | tuple[str, ...] | None:
        return self.values.get(name)

    def cells(self) -> dict[str, str | tuple[str, ...]]:
        """Values and notes together, comparable: lists as sorted tuples, empty cells dropped."""
        out: dict[str, str | tuple[str, ...]] = {}
        for name, value in self.values.items():
            if isinstance(value, tuple):
                if value:
                    out[name] = tuple(sorted(dict.fromkeys(value)))
            elif value != "":
                out[name] = value
        for header, value in self.notes.items():
            if value != "":
                out[header] = value
        return out


@dataclass
class Workbook:
    """A plan as tables: canonical sheet name -> rows (sheets in :data:`SHEETS` order when written)."""

    sheets: dict[str, list[Row]] = field(default_factory=dict)
    #: The file it was read from (for messages).
    name: str = ""
    #: Per sheet, the model's columns its header has (a required column missing from it is one problem).
    headers: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def rows(self, sheet: str) -> list[Row]:
        return self.sheets.get(sheet, [])

    def tables(self) -> dict[str, list[dict[str, str | tuple[str, ...]]]]:
        """The comparable form: non-empty sheets, each row's non-empty cells, lists as sorted tuples."""
        return {name: [row.cells() for row in rows] for name, rows in self.sheets.items() if rows}

    def plan_id(self) -> str | None:
        rows = self.rows("plan")
        value = rows[0].get("id") if len(rows) == 1 else None
        return value if isinstance(value, str) else None


# ---------------------------------------------------------------- errors


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with a workbook: where (sheet, row, column) and why.

    >>> print(InputProblem("tasks", 4, "industries", "no industry 'rail'"))
    tasks, row 4, column industries: no industry 'rail'
    >>> str(InputProblem(None, None, None, "no plan sheet"))
    'no plan sheet'
    """

    sheet: str | None
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.sheet or ""] if self.sheet else []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def as_dict(self) -> dict[str, str | int | None]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "reason": self.reason}


class PlanInputError(ValueError):
    """The workbook cannot be loaded as it is; ``problems`` says every reason, nothing was written."""

    def __init__(self, file: str, problems: list[InputProblem]) -> None:
        self.file = file
        self.problems = problems
        first = problems[0] if problems else InputProblem(None, None, None, "unreadable")
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{file}: {first}{more}")

    def lines(self) -> list[str]:
        """One line per problem, each naming the file."""
        return [f"{self.file}: {p}" for p in self.problems]


class PlanConflictError(PlanInputError):
    """The plan's id is already loaded from another file."""
