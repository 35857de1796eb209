"""How each class of entity looks in a view: colour, shape and legend labels.

One table (:data:`CLASS_STYLES`) serves the nodes and the legend, so they cannot drift.

>>> style_of("industry").shape
'dot'
>>> style_of("no-such-type").label_en
'Other'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CLASS_STYLES",
    "COMMUNITY_COLORS",
    "FLOW_DIRECTIONS",
    "FLOW_GROUPS",
    "ClassStyle",
    "community_color",
    "style_of",
]


@dataclass(frozen=True)
class ClassStyle:
    """Colour, vis-network shape and legend labels of one entity type."""

    color: str
    shape: str
    label_zh: str
    label_en: str
    size: int = 16


#: Entity type (URL segment, see ``patentnav.ontology.ENTITY_TYPES``) -> style.
#: Shapes are those vis-network draws with the label below, so node size stays meaningful.
CLASS_STYLES: dict[str, ClassStyle] = {
    "plan": ClassStyle("#6c3483", "star", "规划方案", "Plan", 30),
    "task": ClassStyle("#e67e22", "square", "政策任务", "Policy task", 16),
    "target": ClassStyle("#c0392b", "triangle", "目标", "Target", 16),
    "indicator": ClassStyle("#a04000", "triangleDown", "指标", "Indicator", 14),
    "industry": ClassStyle("#2471a3", "dot", "产业", "Industry", 20),
    "center": ClassStyle("#1e8449", "diamond", "支撑中心", "Support center", 18),
    "region": ClassStyle("#117a65", "hexagon", "地区", "Region", 18),
    "zone": ClassStyle("#48c9b0", "hexagon", "园区/试验区", "Zone", 16),
    "agency": ClassStyle("#34495e", "star", "机构", "Agency", 18),
    "org": ClassStyle("#d4ac0d", "dot", "申请人", "Applicant", 12),
    "person": ClassStyle("#95a5a6", "dot", "发明人", "Inventor", 10),
    "patent": ClassStyle("#7f8c8d", "square", "专利", "Patent", 8),
    "ipc": ClassStyle("#8e44ad", "triangle", "IPC分类", "IPC class", 12),
    "observation": ClassStyle("#cb4335", "triangleDown", "观测值", "Observation", 12),
    "source": ClassStyle("#566573", "square", "来源", "Source", 12),
}

_OTHER = ClassStyle("#bdc3c7", "dot", "其他", "Other", 12)

#: Colours for communities, distinguishable on white and for most colour-blind readers
#: (Okabe-Ito first, then Tableau's). Past the list colours repeat; the layout keeps
#: communities in separate discs, so two with one colour are never mixed.
COMMUNITY_COLORS: tuple[str, ...] = (
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#d55e00", "#56b4e9", "#f0e442", "#000000",
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
)  # fmt: skip


def style_of(entity_type: str | None) -> ClassStyle:
    """The style of an entity type; unknown types get a neutral grey dot."""
    return CLASS_STYLES.get(entity_type or "", _OTHER)


def community_color(community: int | None) -> str:
    """Colour of community number ``community`` (0 is the largest); colours repeat past the palette.

    >>> community_color(0), community_color(16)
    ('#0072b2', '#0072b2')
    """
    if community is None or community < 0:
        return "#aab7b8"
    return COMMUNITY_COLORS[community % len(COMMUNITY_COLORS)]


#: Node groups of a flow page: organisation types, then places -> (colour, zh, en).
FLOW_GROUPS: dict[str, tuple[str, str, str]] = {
    "university": ("#1e8449", "高校", "University"),
    "research institute": ("#48c9b0", "科研院所", "Research institute"),
    "enterprise": ("#2471a3", "企业", "Enterprise"),
    "individual": ("#af7ac5", "个人", "Individual"),
    "government": ("#6c3483", "机关团体", "Government"),
    "hospital": ("#cb4335", "医院", "Hospital"),
    "other": ("#aab7b8", "其他", "Other"),
    "type not given": ("#d5d8dc", "类型不详", "Type not given"),
    "party not given": ("#e5e7e9", "未列当事人", "Party not given"),
    "home": ("#1d5fa8", "本区域", "Home region"),
    "domestic": ("#7f8c8d", "国内其他地区", "Elsewhere in China"),
    "foreign": ("#e08a1e", "境外", "Abroad"),
    "unknown": ("#d5d8dc", "地区不详", "Place not known"),
}
#: Link colours of a flow page by direction relative to the scope's region (operations.py's ``direction``).
FLOW_DIRECTIONS: dict[str, tuple[str, str, str]] = {
    "out of": ("#c0392b", "转出本区域", "Out of the region"),
    "into": ("#1e8449", "转入本区域", "Into the region"),
    "within": ("#1d5fa8", "区域内", "Within the region"),
    "outside": ("#95a5a6", "区域外之间", "Outside the region"),
    "not known": ("#d5d8dc", "方向不详", "Direction not known"),
    "none": ("#95a5a6", "未选区域", "No region chosen"),
}
