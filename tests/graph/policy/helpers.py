"""Workbooks for the policy tests: a filled template (XLSX or YAML) and small YAML plans."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import yaml

from patentnav.graph.policy.files import write_template

#: A plan that fills every sheet and most columns, in the order and spelling a person might use:
#: lists unsorted, a decimal written 24.0, a column the model does not know ("owner 负责人").
FILLED: dict[str, list[dict[str, object]]] = {
    "plan": [
        {
            "id": "test-city-plan",
            "label_zh": "测试市知识产权规划（测试用虚构）",
            "label_en": "Test city IP plan (test)",
            "title_zh": "测试市知识产权强市建设实施方案",
            "issued_by": "test-city-government",
            "approved_by": "cnipa",
            "date": "2024-05-06",
            "source_title": "测试用虚构来源",
            "source_url": "https://example.org/test-plan",
            "source_date": "2024-05-01",
            "regions": "440100; 440000",
            "pilot_regions": "440106",
            "fictitious": "true",
            "owner 负责人": "测试",
        }
    ],
    "sources": [
        {
            "id": "test-statistics-office",
            "label_zh": "测试统计公报",
            "label_en": "Test statistics bulletin",
            "publisher": "测试市统计局",
            "date": "2024-03-01",
            "url": "https://example.org/stats",
        }
    ],
    "agencies": [
        {
            "id": "test-city-government",
            "label_zh": "测试市人民政府（虚构）",
            "label_en": "Test City government",
            "alt_labels_en": "Test Gov; TCG",
            "jurisdiction": "440100",
            "located_in": "440100",
        },
    ],
    "regions": [
        {"code": "440000", "label_zh": "广东省", "label_en": "Guangdong Province", "admin_level": "province"},
        {
            "code": "440100",
            "label_zh": "广州市",
            "label_en": "Guangzhou",
            "admin_level": "prefecture",
            "part_of": "440000",
        },
        {
            "code": "440106",
            "label_zh": "天河区",
            "label_en": "Tianhe District",
            "admin_level": "county",
            "part_of": "440100",
        },
        {
            "code": "test-city-group",
            "label_zh": "测试城市群",
            "label_en": "Test city group",
            "admin_level": "city group",
            "includes": "440106; 440100",
            "comment_en": "Two regions, for the test.",
        },
    ],
    "zones": [
        {"id": "test-park", "label_zh": "测试园区", "label_en": "Test park", "located_in": "440106"},
        {
            "id": "test-park-east",
            "label_zh": "测试园区东区",
            "label_en": "Test park, east",
            "located_in": "440106",
            "part_of": "test-park",
        },
    ],
    "industries": [
        {"id": "test-robots", "label_zh": "机器人", "label_en": "Robots", "ipc": "G05B19/00; B25J"},
        {"id": "test-data", "label_zh": "数据处理", "label_en": "Data processing", "ipc": "G06F16/00"},
    ],
    "tasks": [
        {
            "id": "test-navigation",
            "label_zh": "专利导航",
            "label_en": "Patent navigation",
            "industries": "test-robots; rail-transit; test-data",
            "regions": "440100",
            "zones": "test-park",
            "lead_agency": "test-city-government",
            "source_quote": "实施专利导航。",
        },
        {
            "id": "test-centers",
            "label_zh": "建设支撑中心",
            "label_en": "Support centers",
            "industries": "test-robots",
            "part_of": "test-navigation",
            "centers": "test-robot-center",
            "sources": "test-statistics-office",
        },
    ],
    "targets": [
        {
            "id": "test-density",
            "label_zh": "每万人口发明专利达到24件",
            "label_en": "24 per 10k",
            "indicator": "invention-patents-per-10k-population",
            "comparator": ">",
            "value": 24.0,
            "unit": "件/万人",
            "deadline_year": 2027,
            "region": "440100",
            "baseline_multiple": 1.5,
            "baseline_region": "440000",
        },
        {
            "id": "test-high-value",
            "label_zh": "高价值专利",
            "label_en": "High-value patents",
            "indicator": "test-high-value-share",
            "comparator": ">=",
            "value": 35.5,
            "unit": "%",
            "deadline_year": 2026,
            "region": "test-city-group",
            "source_truncated": "true",
        },
        {
            "id": "test-standing",
            "label_zh": "进入先进城市行列",
            "label_en": "Among the advanced cities",
            "indicator": "ip-advanced-city-status",
            "comparator": "among",
            "deadline_year": 2027,
            "region": "440100",
        },
    ],
    "centers": [
        {
            "id": "test-robot-center",
            "label_zh": "机器人专利支撑中心（规划）",
            "label_en": "Robot center (planned)",
            "industries": "test-robots",
            "region": "440106; 440100",
            "located_in": "440106",
            "status": "planned",
        },
    ],
    "indicators": [
        {"id": "test-high-value-share", "label_zh": "高价值专利占比", "label_en": "High-value share", "unit": "%"},
    ],
    "observations": [
        {
            "indicator": "invention-patents-per-10k-population",
            "region": "440100",
            "year": 2023,
            "value": 20.25,
            "unit": "件/万人",
            "numerator": 38000,
            "denominator": 1876.5,
            "source": "test-statistics-office",
        },
        {
            "id": "test-obs-mid-year",
            "indicator": "test-high-value-share",
            "region": "440100",
            "date": "2024-06-30",
            "value": 30,
            "unit": "%",
            "source_title": "测试季报",
            "source_url": "https://example.org/q2",
        },
    ],
}


def filled_xlsx(path: Path, tables: dict[str, list[dict[str, object]]] = FILLED) -> Path:
    """The template, filled below its example rows (extra columns appended to the header)."""
    write_template(path)
    book = openpyxl.load_workbook(path)
    for sheet, rows in tables.items():
        ws = book[sheet]
        headers = [c.value for c in ws[1]]
        for row in rows:
            for key in row:
                if key not in headers:
                    headers.append(key)
                    ws.cell(row=1, column=len(headers), value=key)
            ws.append([row.get(h) for h in headers])
    book.save(path)
    return path


def yaml_file(path: Path, tables: dict[str, object]) -> Path:
    path.write_text(yaml.safe_dump(tables, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
