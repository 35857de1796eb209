"""The fictitious example plan shipped in ``data/samples/``: a plan for Ningbo that does not exist.

It shows a second plan beside the Hunan pilot: its own industries defined by IPC codes, tasks that
also name a pilot industry (``rail-transit``), a target on the pilot's density indicator with an
observation to track it against, a planned support center, a zone, and a column the model does
not know (kept as a note). The region codes are real (GB/T 2260: 浙江省, 宁波市, 鄞州区);
**everything else is invented** and says so: the plan, its label, its agencies, its "source" and its
"statistics" are labelled 虚构 / fictitious, the plan sheet has ``fictitious: true``, and the graph's
provenance carries ``pnav:fictitious true``.

``data/samples/fictitious_city_plan.xlsx`` is written by :func:`write_sample` (run
``python -m patentnav.graph.policy.sample data/samples/fictitious_city_plan.xlsx`` to regenerate it).

>>> SAMPLE_PLAN_ID
'fictitious-ningbo-ip-plan'
>>> sample_workbook().rows("plan")[0].values["fictitious"]
'true'
"""

from __future__ import annotations

import sys
from pathlib import Path

from patentnav.graph.policy.files import write_workbook
from patentnav.graph.policy.model import SHEETS, Row, Workbook
from patentnav.graph.policy.reader import split_list

__all__ = ["SAMPLE_FILE", "SAMPLE_PLAN_ID", "sample_workbook", "write_sample"]

SAMPLE_PLAN_ID = "fictitious-ningbo-ip-plan"
#: Where the sample lives in ``patentnav.data``.
SAMPLE_FILE = "samples/fictitious_city_plan.xlsx"
_F = "（虚构示例）"

_TABLES: dict[str, list[dict[str, str]]] = {
    "plan": [{
        "id": SAMPLE_PLAN_ID,
        "label_zh": f"宁波市知识产权强市建设示范方案{_F}",
        "label_en": "Fictitious example: IP-strong city plan of Ningbo (not a real plan)",
        "issued_by": "fictitious-ningbo-ip-office",
        "date": "2025-01-15",
        "source": "fictitious-ningbo-plan-source",
        "regions": "330200",
        "pilot_regions": "330212",
        "industry_scheme": "fictitious-ningbo-priority-industries",
        "industry_scheme_label_zh": f"宁波示例规划重点产业{_F}",
        "industry_scheme_label_en": "Priority industries of the fictitious Ningbo example plan",
        "fictitious": "true",
        "comment_zh": "虚构示例：用于演示政策规划表，不是真实规划。",
        "comment_en": "A fictitious example to show the policy workbook; it is not a real plan.",
    }],
    "sources": [
        {"id": "fictitious-ningbo-plan-source", "label_zh": "虚构示例，无真实来源：patentnav 样例规划",
         "label_en": "Fictitious example, no real source: a patentnav sample plan",
         "comment_en": "Invented for the sample; no document says any of this."},
        {"id": "fictitious-ningbo-statistics", "label_zh": "虚构示例统计，非官方数据",
         "label_en": "Fictitious statistics, not official (patentnav sample)",
         "comment_en": "An invented figure, to show target tracking for a second plan."},
    ],
    "agencies": [{
        "id": "fictitious-ningbo-ip-office",
        "label_zh": f"宁波市知识产权工作机构{_F}",
        "label_en": "Fictitious example: Ningbo IP office (invented)",
        "jurisdiction": "330200",
        "located_in": "330200",
    }],
    "regions": [
        {"code": "330000", "label_zh": "浙江省", "label_en": "Zhejiang Province", "admin_level": "province"},
        {"code": "330200", "label_zh": "宁波市", "label_en": "Ningbo", "admin_level": "prefecture",
         "part_of": "330000"},
        {"code": "330212", "label_zh": "鄞州区", "label_en": "Yinzhou District", "admin_level": "county",
         "part_of": "330200"},
    ],
    "zones": [{
        "id": "fictitious-ningbo-smart-manufacturing-park",
        "label_zh": f"宁波智能制造示范园{_F}",
        "label_en": "Fictitious example: Ningbo smart manufacturing park",
        "located_in": "330212",
    }],
    "industries": [
        {"id": "fictitious-smart-equipment", "label_zh": f"智能装备{_F}",
         "label_en": "Smart equipment (fictitious example)", "ipc": "B25J; G05B19/00"},
        {"id": "fictitious-new-energy-vehicles", "label_zh": f"新能源汽车{_F}",
         "label_en": "New-energy vehicles (fictitious example)", "ipc": "B60K6/00; H01M10/00"},
    ],
    "tasks": [
        {"id": "fictitious-ningbo-patent-navigation", "label_zh": f"实施智能装备与新能源汽车专利导航{_F}",
         "label_en": "Fictitious example: patent navigation for smart equipment and new-energy vehicles",
         "industries": "fictitious-smart-equipment; fictitious-new-energy-vehicles", "regions": "330200",
         "zones": "fictitious-ningbo-smart-manufacturing-park", "lead_agency": "fictitious-ningbo-ip-office",
         "source_quote": "（虚构原文）围绕智能装备、新能源汽车产业实施专利导航。", "progress 进度": "虚构示例"},
        {"id": "fictitious-ningbo-support-center", "label_zh": f"建设智能装备产业专利战略支撑中心{_F}",
         "label_en": "Fictitious example: a support center for smart equipment",
         "industries": "fictitious-smart-equipment", "regions": "330200",
         "part_of": "fictitious-ningbo-patent-navigation", "centers": "fictitious-ningbo-smart-equipment-center"},
        {"id": "fictitious-ningbo-rail-cooperation", "label_zh": f"与湖南先进轨道交通产业开展专利协作{_F}",
         "label_en": "Fictitious example: patent cooperation with Hunan's advanced rail transit industry",
         "industries": "rail-transit", "regions": "330200; 430200"},
    ],
    "targets": [
        {"id": "fictitious-ningbo-invention-patents-per-10k",
         "label_zh": f"宁波每万人口发明专利拥有量达到60件{_F}",
         "label_en": "Fictitious example: Ningbo invention patents held per 10,000 population at 60",
         "indicator": "invention-patents-per-10k-population", "comparator": ">=", "value": "60", "unit": "件/万人",
         "deadline_year": "2027", "region": "330200"},
        {"id": "fictitious-ningbo-high-value-patents", "label_zh": f"每万人口高价值发明专利拥有量达到25件{_F}",
         "label_en": "Fictitious example: high-value invention patents per 10,000 population at 25",
         "indicator": "fictitious-high-value-patents-per-10k", "comparator": ">=", "value": "25",
         "unit": "件/万人", "deadline_year": "2027", "region": "330200"},
    ],
    "centers": [{
        "id": "fictitious-ningbo-smart-equipment-center",
        "label_zh": f"智能装备产业专利战略支撑中心（规划）{_F}",
        "label_en": "Fictitious example: planned patent strategy support center for smart equipment",
        "industries": "fictitious-smart-equipment", "region": "330200", "located_in": "330212", "status": "planned",
    }],
    "indicators": [{
        "id": "fictitious-high-value-patents-per-10k",
        "label_zh": f"每万人口高价值发明专利拥有量{_F}",
        "label_en": "High-value invention patents per 10,000 population (fictitious example)",
        "unit": "件/万人",
    }],
    "observations": [{
        "indicator": "invention-patents-per-10k-population", "region": "330200", "year": "2024", "value": "50.5",
        "unit": "件/万人", "label_zh": f"宁波每万人口发明专利拥有量（2024年）{_F}",
        "label_en": "Fictitious example: Ningbo invention patents per 10,000 population (2024), invented figure",
        "source": "fictitious-ningbo-statistics",
    }],
}  # fmt: skip


def sample_workbook() -> Workbook:
    """The fictitious plan's tables."""
    workbook = Workbook(name=Path(SAMPLE_FILE).name)
    for sheet, items in _TABLES.items():
        spec = SHEETS[sheet]
        rows = []
        for number, item in enumerate(items, start=2):
            row = Row(number)
            for header, value in item.items():
                column = spec.column(header)
                if column is None:
                    row.notes[header] = value
                else:
                    row.values[column.name] = split_list(value, column) if column.is_list else value
            rows.append(row)
        workbook.sheets[sheet] = rows
    return workbook


def write_sample(path: Path | str) -> None:
    """Write the fictitious plan as a workbook (XLSX, or YAML for ``.yaml``)."""
    write_workbook(sample_workbook(), path)


if __name__ == "__main__":  # pragma: no cover - the command that regenerates the shipped file
    write_sample(sys.argv[1] if len(sys.argv) > 1 else SAMPLE_FILE)
