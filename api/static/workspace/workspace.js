/* patentnav analysis workspace (GET /analysis).
 *
 * Reads the scope from the URL (?industry=&region=&from=&to=&lang=), the choices from
 * /analysis/options, and the tables from /analysis/landscape|warnings|layout|targets|key-patents|operations; draws
 * them with the vendored ECharts. Every value from the data goes into the page as text
 * (textContent, attributes), never as HTML. Requests go to this server only (the CSP says so too).
 */
"use strict";

(function () {
  const ID_BASE = "https://w3id.org/patentnav/id/";
  const TOPICS = ["landscape", "warnings", "layout", "targets", "key-patents", "operations"];
  const SCOPE_KEYS = ["industry", "region", "from", "to", "plan"];
  // The analyses' scope; ``plan`` is read by the targets only.
  const ANALYSIS_KEYS = ["industry", "region", "from", "to"];
  const FONT = '"WenQuanYi Zen Hei", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  const COLORS = { filings: "#1d5fa8", grants: "#e08a1e", incomplete: "#a9bfd9", line: "#5f6b7a" };

  // ------------------------------------------------------------------------------------------ words
  const I18N = {
    zh: {
      title: "专利导航分析工作台", home: "首页", nav_overview: "概览", nav_trend: "趋势", nav_players: "申请人",
      nav_fields: "技术领域", nav_regions: "区域", nav_warnings: "预警", nav_layout: "布局", nav_targets: "目标",
      report: "下载离线报告", industry: "产业", region: "区域", period: "申请时段", from_hint: "起始年", to_hint: "截止年", period_hint: "年份 (2015) 或日期 (2015-03-01)，按申请日", apply: "应用", reset: "重置",
      all_industries: "全部产业", all_regions: "全部区域", whole_province: "全省／全部", whole_city: "全市／全部",
      provinces: "省级", city_groups: "城市群", zones: "功能区（分析暂不支持按功能区筛选）", unknown: "未知",
      loading: "正在加载", loaded_of: "已完成", figures: "关键指标", trend: "申请与授权趋势", life_cycle: "技术生命周期",
      applicants: "主要申请人", inventors: "主要发明人", ipc: "技术领域（IPC）", regions_panel: "区域与权利人来源",
      warnings: "专利预警", layout: "专利布局", targets: "目标进展",
      foot: "数据来自本服务器的 /analysis 接口；页面不向其他地址发出请求。申请人与 IPC 筛选暂不提供：分析接口尚不支持。",
      scope_all: "全部", scope_period_all: "全部年份", views: "在图谱视图中打开：", view_coapplicants: "合作申请网络",
      view_ipc: "IPC 共现网络", view_landscape: "产业态势图", view_needs_industry: "需先选择产业",
      views_note: "视图按产业 × 区域，不含时段", fig_patents: "专利", fig_applicants: "申请人", fig_CR4: "CR4",
      fig_CR8: "CR8", fig_HHI: "HHI", fig_growth: "申请增长", fig_stage: "生命周期阶段", fig_home: "本地权利人份额",
      fig_out_of_region: "区域外权利人份额", fig_foreign: "国外申请人份额", note_patents: "范围内专利（件）",
      note_applicants: "不同申请人", note_CR: "前几位申请人份额", note_HHI: "赫芬达尔指数 (0–10000)",
      note_growth: "近3年均值对比前3年", note_stage: "最近完整年份", note_market: "占市场专利", note_home: "市场专利中有本地权利人的份额",
      note_out_of_region: "市场专利中无本地申请人的份额", note_foreign: "市场专利中有国外申请人的份额",
      needs_region: "选择区域后显示", no_rows: "该范围内没有记录", rows: "行", filings: "申请量", grants: "授权量",
      incomplete: "数据不完整", year: "年", trend_note: "浅色柱、灰色斜体年份为尚不完整的年份（截至数据截止日不足 {lag} 个月）。",
      lc_note: "横轴申请人数，纵轴申请量，每点一年。", stage_label: "当前阶段", colon: "：", more: "另有 {n} 条",
      subclass: "IPC 小类", main_group: "IPC 大组", regions_table: "地区分布", origin: "权利人来源",
      legal_status: "法律状态", checks: "检查项", evidence: "证据", threshold: "阈值", value: "测量值",
      no_warnings: "没有触发预警。", warnings_count: "{n} 条预警", targets_note: "目标列出全部区域（按所选产业计算），所选区域及其上下级的行以底色标出；按目标期限年末评估，时段不适用。",
      specialisation: "专业化 (RTA)", industry_specialisation: "产业专业化", white_space: "空白领域",
      partners: "合作伙伴候选", center_coverage: "服务中心覆盖", talent: "发明人团队",
      def_specialisation: "RTA = (区域该领域专利 / 区域专利) ÷ (市场该领域专利 / 市场专利)；市场 = 同产业同时段全部区域。",
      def_white_space: "市场专利 ≥ {min} 件且区域 RTA < {max} 的领域。",
      def_partners: "区域外机构，按其在本区域弱势领域 (RTA < 1) 的专利数排序，附与本区域的合作专利。",
      def_center_coverage: "产业 × 区域：已有、仅规划或没有专利导航服务中心。",
      def_talent: "共同发明人网络的连通分量（超过 50 人时按 Louvain 拆分）。", download: "下载",
      nav_keypatents: "核心专利", nav_operations: "运营", keypatents: "核心专利、引用与同族",
      operations: "专利运营：转让、许可、质押、诉讼", key_patents: "核心专利排名", citations: "引用", families: "同族",
      data_checks: "数据检查", transfers: "转让", licences: "许可", pledges: "质押", litigation: "诉讼与无效",
      view_citations: "引用网络", view_citations_patent: "专利引用网络", view_transfers: "转让流向",
      missing_fields: "载入的数据未提供：", no_events: "没有事件的类型：",
      kp_note: "综合得分 = 各指标的加权平均：被引、同族国家数、权利要求数与独立权利要求数在同一 IPC 小类与申请年份队列中的分位数，" +
        "剩余保护期占比，是否有效，诉讼、无效、许可、转让、质押事件（权重见 KeyPatentWeights）；数据未给出的指标不计入，" +
        "“权重覆盖”列说明计入了多少。厂商评分单列，不计入综合得分。",
      ops_note: "事件按事件日期计年，未给出日期的事件单列一行（不按申请日推算）；当事人按文件所列，未配对，" +
        "一件事件可计入多个类型或地区组合；高校/科研院所 → 企业为技术转移。选定区域时包括本区域专利的事件与当事人在本区域的事件。",
      problem: "无法显示", progress_title: "进展", met: "已达成", not_met: "未达成",
      plan: "规划", all_plans: "全部规划", fictitious: "虚构示例",
      plan_targets: "规划目标", density_targets: "每万人口发明专利拥有量：官方统计与本库计算",
      plan_targets_note: "所选规划的全部目标：各指标在目标期限年末（或所选年份）前最近一次已载入的统计值与目标比较；" +
        "没有统计值的目标注明“未载入统计数据”，不作推算。",
      no_density_targets: "该规划没有以每万人口发明专利拥有量衡量的目标。", no_observations: "未载入统计数据",
      view_overview: "规划总览图", plan_hint: "所选规划只用于“目标进展”；不选则显示全部规划的每万人口发明专利拥有量目标",
    },
    en: {
      title: "Patent navigation workspace", home: "Home", nav_overview: "Overview", nav_trend: "Trend",
      nav_players: "Applicants", nav_fields: "Fields", nav_regions: "Regions", nav_warnings: "Warnings",
      nav_layout: "Layout", nav_targets: "Targets", report: "Download the offline report", industry: "Industry",
      region: "Region", period: "Filing period", from_hint: "from year", to_hint: "to year",
      period_hint: "a year (2015) or a date (2015-03-01), by application date", apply: "Apply", reset: "Reset",
      all_industries: "All industries", all_regions: "All regions", whole_province: "Whole province / all",
      whole_city: "Whole city / all", provinces: "Provinces", city_groups: "City groups",
      zones: "Zones (the analyses cannot filter by zone yet)", unknown: "unknown", loading: "Loading",
      loaded_of: "done", figures: "Key figures", trend: "Filings and grants", life_cycle: "Technology life cycle",
      applicants: "Top applicants", inventors: "Top inventors", ipc: "Technology fields (IPC)",
      regions_panel: "Regions and holder origin", warnings: "Early warnings", layout: "Patent layout",
      targets: "Targets and progress",
      foot: "Data from this server's /analysis routes; the page makes no request anywhere else. No applicant or " +
        "IPC filter yet: the analyses do not take one.",
      scope_all: "all", scope_period_all: "all years", views: "Open in the graph views:",
      view_coapplicants: "Co-applicant network", view_ipc: "IPC co-classification", view_landscape: "Industry landscape",
      view_needs_industry: "choose an industry first", views_note: "views cover industry × region, not the period",
      fig_patents: "Patents", fig_applicants: "Applicants", fig_CR4: "CR4", fig_CR8: "CR8", fig_HHI: "HHI",
      fig_growth: "Filing growth", fig_stage: "Life-cycle stage", fig_home: "Home share",
      fig_out_of_region: "Out-of-region", fig_foreign: "Foreign share",
      note_patents: "patents in scope", note_applicants: "distinct applicants", note_CR: "share of the top applicants",
      note_HHI: "Herfindahl index (0–10,000)", note_growth: "3-year mean vs the 3 before", note_stage: "latest complete year",
      note_market: "of market patents", note_home: "market patents with a home holder",
      note_out_of_region: "market patents with no home applicant", note_foreign: "market patents with a foreign applicant", needs_region: "Shown once a region is chosen", no_rows: "No rows in this scope",
      rows: "rows", filings: "Filings", grants: "Grants", incomplete: "incomplete", year: "Year",
      trend_note: "Pale bars and grey italic years are not yet complete (less than {lag} months before the data's cut-off).",
      lc_note: "Applicants across, filings up, one point per year.", stage_label: "Current stage", colon: ": ",
      more: "{n} more", subclass: "IPC subclasses", main_group: "IPC main groups", regions_table: "Regions",
      origin: "Holder origin", legal_status: "Legal status", checks: "Checks", evidence: "Evidence",
      threshold: "threshold", value: "value", no_warnings: "No warning fired.", warnings_count: "{n} warning(s)",
      targets_note: "Targets of all regions (computed for the chosen industry); rows of the chosen region, its parents and " +
        "members are shaded. Assessed at the target's deadline year-end: the period does not apply.",
      specialisation: "Specialisation (RTA)", industry_specialisation: "Industry specialisation",
      white_space: "White space", partners: "Partner candidates", center_coverage: "Center coverage",
      talent: "Inventor teams",
      def_specialisation: "RTA = (region's patents in the field / region's patents) ÷ (market's in the field / " +
        "market's); market = the same industry and period over all regions.",
      def_white_space: "Fields with ≥ {min} market patents where the region's RTA < {max}.",
      def_partners: "Organizations outside the region, ranked by patents in the region's weak fields (RTA < 1), " +
        "with their joint patents with the region.",
      def_center_coverage: "Industries × regions: covered, planned only, or no support center.",
      def_talent: "Connected components of the co-inventor network (Louvain split above 50 people).",
      download: "Download", problem: "Cannot show", progress_title: "Progress", met: "met", not_met: "not met",
      plan: "Plan", all_plans: "All plans", fictitious: "fictitious example",
      plan_targets: "Targets of the plan",
      density_targets: "Invention patents per 10,000 population: official and computed",
      plan_targets_note: "Every target of the chosen plan: the latest loaded observation of its indicator on or before " +
        "the deadline's year-end (or the chosen year), compared with the target. A target with no observation says " +
        "so and is not estimated.",
      no_density_targets: "This plan has no target measured by invention patents per 10,000 population.",
      no_observations: "no observations loaded", view_overview: "Plan overview",
      plan_hint: "The plan applies to the targets panel; without one, every plan's density targets are shown",
      nav_keypatents: "Key patents", nav_operations: "Operations", keypatents: "Key patents, citations and families",
      operations: "Patent operations: transfers, licences, pledges, litigation", key_patents: "Key-patent ranking",
      citations: "Citations", families: "Families", data_checks: "Data checks", transfers: "Transfers",
      licences: "Licences", pledges: "Pledges", litigation: "Litigation and invalidation",
      view_citations: "Citation network", view_citations_patent: "Patent citation network",
      view_transfers: "Transfer flows", missing_fields: "Not in the loaded sources: ", no_events: "No events of: ",
      kp_note: "Composite = weighted mean of the indicators: cohort percentiles (same IPC subclass and filing year) of " +
        "forward citations, family offices, claims and independent claims; the share of the term still to run; in " +
        "force; litigation, invalidation, licence, transfer and pledge events (weights in KeyPatentWeights). An " +
        "indicator the data do not give is left out (see 'Weight covered'). Vendor scores are shown apart, never in the composite.",
      ops_note: "Events are counted in the year of their date; undated events are one row of their own (never dated by " +
        "filing). Parties are as the files list them, not paired, so an event can count in several type or place " +
        "combinations; university/institute → enterprise is technology transfer. With a region: the events of its " +
        "patents and those with a party located there.",
    },
  };
  const COLUMNS = {
    zh: {
      name: "名称", applicant: "申请人", inventor: "发明人", patents: "专利", share: "份额", code: "代码", title: "名称",
      region: "地区", category: "类别", patentType: "类型", legalStatus: "状态", year: "年份", filings: "申请",
      grants: "授权", incomplete: "不完整", applicants: "申请人数", filings_ratio: "申请比", applicants_ratio: "申请人比",
      stage: "阶段", field: "领域", region_patents: "区域专利", field_share: "市场份额", region_share: "区域份额",
      rta: "RTA", expected: "期望值", gap: "差距", org: "机构", country: "国家", weak_field_patents: "弱势领域专利",
      fields: "领域", joint_patents: "合作专利", industry_name: "产业", region_name: "地区", centers: "已有中心",
      planned_centers: "规划中心", status: "状态", team: "团队", size: "人数", lead_name: "核心发明人",
      lead_patents: "核心发明人专利", members: "成员", organizations: "机构", kind: "检查", detail: "说明",
      basis: "口径", date: "日期", value: "数值", target_value: "目标", progress: "进展", meets_target: "达标",
      target_label: "目标", indicator_label: "指标", deadline: "期限", observed: "统计值",
      multiple_of_baseline: "基期倍数", required_multiple: "要求倍数", coverage: "覆盖率", note: "说明", source: "来源",
      market_patents: "市场专利",
      rank: "#", application_number: "申请号", publication_number: "公开号", number: "文献号", applicant_name: "申请人",
      forward_citations: "被引", forward_citations_pct: "被引分位", family_countries: "同族国家", member_countries: "同族国家/组织",
      claims: "权利要求", remaining_years: "剩余年限", in_force: "有效", flags: "法律事件", composite: "综合得分",
      weight_covered: "权重覆盖", vendor_score: "厂商评分", cited_name: "被引机构", with_data: "有引用数据",
      cited_patents: "被引专利", stated: "著录被引", listed: "列出施引", citations: "引用", citing_patents: "施引专利",
      attributed: "可归属引用", self_citations: "自引", self_share: "自引占比", self: "自引", with_family_data: "有同族数据",
      abroad: "海外同族", share_abroad: "海外占比", countries: "海外国家/组织", origin: "来源", foreign_applicant: "国外申请人",
      foreign_priority: "国外优先权", earlier_member_abroad: "海外在先同族", home_coapplicant: "本地共同申请人", market: "市场专利",
      indicator: "指标", of: "基数", kind_ops: "类型", table: "表", count: "数量", year_basis: "计年依据",
      from_type: "转出方类型", to_type: "转入方类型", technology_transfer: "技术转移", from_region_name: "转出方地区",
      from_country: "转出方国家", to_region_name: "转入方地区", to_country: "转入方国家", direction: "方向",
      org_type: "机构类型", type_source: "类型来源", home: "本地", events: "次数", from_parties: "转出方",
      to_parties: "转入方", litigated: "诉讼", invalidated: "无效", licensed: "许可", transferred: "转让", pledged: "质押",
    },
    en: {
      name: "Name", applicant: "Applicant", inventor: "Inventor", patents: "Patents", share: "Share", code: "Code",
      title: "Title", region: "Region", category: "Category", patentType: "Type", legalStatus: "Status", year: "Year",
      filings: "Filings", grants: "Grants", incomplete: "Incomplete", applicants: "Applicants",
      filings_ratio: "Filings ratio", applicants_ratio: "Applicants ratio", stage: "Stage", field: "Field",
      region_patents: "Region's patents", field_share: "Market share", region_share: "Region's share", rta: "RTA",
      expected: "Expected", gap: "Gap", org: "Organization", country: "Country", weak_field_patents: "Weak-field patents",
      fields: "Fields", joint_patents: "Joint patents", industry_name: "Industry", region_name: "Region",
      centers: "Centers", planned_centers: "Planned", status: "Status", team: "Team", size: "People",
      lead_name: "Lead inventor", lead_patents: "Lead's patents", members: "Members", organizations: "Organizations",
      kind: "Check", detail: "Detail", basis: "Basis", date: "Date", value: "Value", target_value: "Target",
      target_label: "Target", indicator_label: "Indicator", deadline: "Deadline", observed: "Observed",
      progress: "Progress", meets_target: "Met", multiple_of_baseline: "× baseline", required_multiple: "Required ×",
      coverage: "Coverage", note: "Note", source: "Source", market_patents: "Market patents",
      rank: "#", application_number: "Application", publication_number: "Publication", number: "Number",
      applicant_name: "Applicant", forward_citations: "Cited", forward_citations_pct: "Cited pct.",
      family_countries: "Family offices", member_countries: "Offices", claims: "Claims", remaining_years: "Years left",
      in_force: "In force", flags: "Events", composite: "Composite", weight_covered: "Weight covered",
      vendor_score: "Vendor score", cited_name: "Cited organization", with_data: "With data", cited_patents: "Cited patents",
      stated: "Stated", listed: "Listed", citations: "Citations", citing_patents: "Citing patents",
      attributed: "Attributed", self_citations: "Self-citations", self_share: "Self share", self: "Self",
      with_family_data: "With family data", abroad: "Abroad", share_abroad: "Share abroad", countries: "Offices abroad",
      origin: "Origin", foreign_applicant: "Foreign applicant", foreign_priority: "Foreign priority",
      earlier_member_abroad: "Earlier member abroad", home_coapplicant: "Home co-applicant", market: "Market",
      indicator: "Indicator", of: "Of", kind_ops: "Kind", table: "Table", count: "Count", year_basis: "Year from",
      from_type: "From type", to_type: "To type", technology_transfer: "Technology transfer",
      from_region_name: "From region", from_country: "From country", to_region_name: "To region",
      to_country: "To country", direction: "Direction", org_type: "Type", type_source: "Type from", home: "Home",
      events: "Events", from_parties: "From parties", to_parties: "To parties", litigated: "litigated",
      invalidated: "invalidated", licensed: "licensed", transferred: "transferred", pledged: "pledged",
    },
  };
  const ENUMS = {
    zh: {
      home: "本地权利人", out_of_region: "无本地申请人", domestic_out: "国内其他地区", foreign: "含国外申请人",
      unknown: "未知", invention: "发明", utility: "实用新型", design: "外观设计", active: "有效", inactive: "失效",
      pending: "审中", emerging: "萌芽期", growth: "成长期", mature: "成熟期", decline: "衰退期", recovery: "复苏期",
      covered: "已覆盖", "planned only": "仅规划", "no center": "无中心", fired: "触发", clear: "未触发",
      not_applicable: "不适用", "not applicable": "不适用", high: "高", medium: "中", low: "低", official: "官方统计",
      computed: "本库计算", competitor_surge: "竞争对手申请激增", dependence: "依赖区域外权利人", concentration: "集中度",
      weak_key_field: "关键领域薄弱", expiry: "专利到期", dependence_out_of_region: "依赖区域外权利人",
      dependence_foreign: "依赖国外权利人", holder: "权利人", patent: "专利", ipc: "IPC", applicant: "申请人",
      org: "机构", region: "地区",
      key_patent_expiry: "核心专利即将失效或到期", key_patent_transfer_out: "核心专利转出本区域",
      litigation_rising: "针对本地企业的诉讼增多", licence_dependence: "依赖区域外许可", licensor: "许可人",
      available: "有数据", "not available in the loaded sources": "载入数据未提供",
      most_cited_patent: "被引最多的专利", most_cited_org: "被引最多的机构", citing_org: "谁在引用核心专利",
      self_citation: "自引", org_link: "机构间引用", outbound_scope: "范围整体海外布局", outbound: "申请人海外布局",
      inbound_total: "进入中国的国外同族", inbound: "国外同族（按来源）", by_year: "按年份", by_type: "按类型",
      by_region: "按地区", by_licence_type: "按许可类型", top_transferor: "主要转让人", top_transferee: "主要受让人",
      top_licensor: "主要许可人", top_licensee: "主要被许可人", top_pledgor: "主要出质人", top_pledgee: "主要质权人",
      top_plaintiff: "主要原告", top_defendant: "主要被告", top_requester: "主要请求人", invalidation_target: "被请求无效的权利人",
      home_defendant: "本地被告企业", home_invalidation_target: "本地被请求无效的权利人", transfer: "转让", licence: "许可",
      pledge: "质押", litigation: "诉讼", invalidation: "无效宣告请求", reexamination: "复审请求", university: "高校",
      "research institute": "科研院所", enterprise: "企业", individual: "个人", government: "机关团体", hospital: "医院",
      other: "其他", "type not given": "类型不详", "party not given": "未列当事人", "out of": "转出本区域",
      into: "转入本区域", within: "区域内", outside: "区域外之间", "not known": "方向不详", "event date": "事件日期",
      "date not given": "未给出日期", transfers: "转让", licences: "许可", pledges: "质押",
      cohort_subclass: "队列 IPC 小类", cohort_year: "队列申请年", forward_citations: "被引次数",
      citing_organisations: "施引机构", self_citation_stated: "著录的自引次数", "family_size / family_countries": "同族",
      claims: "权利要求数", independent_claims: "独立权利要求数", remaining_term: "剩余保护期", in_force: "是否有效",
      "litigated / invalidated / licensed / transferred / pledged": "法律事件", vendor_score: "厂商评分",
      "foreign_priority (inbound)": "国外优先权（进入中国）", events: "事件", "event dates": "事件日期",
      "from parties": "转出方当事人", "to parties": "转入方当事人", "stated counts": "著录次数", "party types": "当事人类型",
      "party places": "当事人所在地",
    },
    en: {
      home: "Home holders", out_of_region: "No home applicant", domestic_out: "Other domestic", foreign: "Foreign applicant",
      unknown: "Unknown", invention: "Invention", utility: "Utility model", design: "Design", active: "In force",
      inactive: "Lapsed", pending: "Pending", emerging: "Emerging", growth: "Growth", mature: "Mature",
      decline: "Decline", recovery: "Recovery", covered: "Covered", "planned only": "Planned only",
      "no center": "No center", fired: "fired", clear: "clear", not_applicable: "not applicable",
      "not applicable": "not applicable", high: "high", medium: "medium", low: "low", official: "official",
      computed: "computed", competitor_surge: "Competitor surge", dependence: "Dependence", concentration: "Concentration",
      weak_key_field: "Weak key field", expiry: "Expiry", dependence_out_of_region: "Dependence on outside holders",
      dependence_foreign: "Dependence on foreign holders", holder: "holder", patent: "patent", ipc: "IPC",
      applicant: "applicant", org: "organization", region: "region",
      key_patent_expiry: "Key patents lapsing or expiring", key_patent_transfer_out: "Key patents transferred out",
      litigation_rising: "Suits against home enterprises rising", licence_dependence: "Dependence on licences in",
      licensor: "licensor", available: "available", "not available in the loaded sources": "not in the loaded sources",
      most_cited_patent: "Most-cited patents", most_cited_org: "Most-cited organizations",
      citing_org: "Who cites the key patents", self_citation: "Self-citation", org_link: "Links between organizations",
      outbound_scope: "Scope abroad", outbound: "Applicants abroad", inbound_total: "Foreign families entering China",
      inbound: "Foreign families by origin", by_year: "By year", by_type: "By type", by_region: "By place",
      by_licence_type: "By licence type", top_transferor: "Top transferors", top_transferee: "Top transferees",
      top_licensor: "Top licensors", top_licensee: "Top licensees", top_pledgor: "Top pledgors", top_pledgee: "Top pledgees",
      top_plaintiff: "Top plaintiffs", top_defendant: "Top defendants", top_requester: "Top requesters",
      invalidation_target: "Invalidation targets", home_defendant: "Home enterprises sued",
      home_invalidation_target: "Home invalidation targets", transfer: "transfer", licence: "licence", pledge: "pledge",
      litigation: "litigation", invalidation: "invalidation", reexamination: "re-examination", university: "university",
      "research institute": "research institute", enterprise: "enterprise", individual: "individual",
      government: "government", hospital: "hospital", other: "other", "type not given": "type not given",
      "party not given": "party not given", "out of": "out of the region", into: "into the region", within: "within",
      outside: "outside", "not known": "not known", "event date": "event date", "date not given": "date not given",
      transfers: "transfers", licences: "licences", pledges: "pledges",
      cohort_subclass: "cohort IPC subclass", cohort_year: "cohort filing year", forward_citations: "forward citations",
      citing_organisations: "citing organizations", self_citation_stated: "stated self-citations",
      "family_size / family_countries": "families", claims: "claims", independent_claims: "independent claims",
      remaining_term: "remaining term", in_force: "in force",
      "litigated / invalidated / licensed / transferred / pledged": "legal events", vendor_score: "vendor score",
      "foreign_priority (inbound)": "foreign priorities (inbound)", events: "events", "event dates": "event dates",
      "from parties": "from-parties", "to parties": "to-parties", "stated counts": "stated counts",
      "party types": "party types", "party places": "party places",
    },
  };

  // ------------------------------------------------------------------------------------------ state
  const params = new URLSearchParams(window.location.search);
  const state = {
    lang: params.get("lang") === "en" ? "en" : "zh",
    scope: readScope(params),
    options: null,
    regions: null,
    data: {},
    problems: {},
    generation: 0,
    controller: null,
    optionsLoad: Promise.resolve(),
    tabs: { layout: "specialisation", "key-patents": "key_patents", operations: "transfers" },
    charts: {},
  };
  window.pnavWorkspace = state;

  function readScope(p) {
    const scope = {};
    for (const k of SCOPE_KEYS) scope[k] = (p.get(k) || "").trim();
    return scope;
  }

  function t(key, vars) {
    let s = I18N[state.lang][key];
    if (s === undefined) s = I18N.zh[key] !== undefined ? I18N.zh[key] : key;
    if (vars) for (const [k, v] of Object.entries(vars)) s = s.split("{" + k + "}").join(String(v));
    return s;
  }
  const colLabel = (key) => COLUMNS[state.lang][key] || key;
  const enumLabel = (v) => (v === null || v === undefined ? "" : ENUMS[state.lang][v] || String(v));

  // ------------------------------------------------------------------------------------------ DOM helpers (text only)
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === "text") node.textContent = String(v);
        else if (k === "className") node.className = v;
        else if (k === "dataset") Object.assign(node.dataset, v);
        else node.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  const $ = (id) => document.getElementById(id);

  /** The entity page of a graph IRI (/entities/{type}/{id}), or null for anything else. */
  function entityHref(iri) {
    if (typeof iri !== "string" || !iri.startsWith(ID_BASE)) return null;
    const rest = iri.slice(ID_BASE.length);
    return /^[a-z-]+\/[^/?#]+$/.test(rest) ? "/entities/" + rest : null;
  }

  function linkOrText(text, iri, className) {
    const href = entityHref(iri);
    const label = text === null || text === undefined || text === "" ? (iri ? String(iri).split("/").pop() : "") : text;
    return href ? el("a", { href, className, title: iri, text: label }) : el("span", { className, text: label });
  }

  // ------------------------------------------------------------------------------------------ numbers
  const locale = () => (state.lang === "zh" ? "zh-CN" : "en-US");
  function fmtInt(v) {
    return typeof v === "number" ? Math.round(v).toLocaleString(locale()) : "—";
  }
  function fmtPct(v, digits) {
    return typeof v === "number" ? (v * 100).toFixed(digits === undefined ? 1 : digits) + "%" : "—";
  }
  function fmtNum(v, digits) {
    if (typeof v !== "number") return v === null || v === undefined ? "—" : String(v);
    if (Number.isInteger(v)) return v.toLocaleString(locale());
    if (Math.abs(v) < 0.1) return v.toLocaleString(locale(), { maximumSignificantDigits: 2 });
    return v.toLocaleString(locale(), { maximumFractionDigits: digits === undefined ? 3 : digits });
  }
  function fmtGrowth(ratio) {
    if (typeof ratio !== "number") return "—";
    const g = (ratio - 1) * 100;
    return (g > 0 ? "+" : g < 0 ? "−" : "±") + Math.abs(g).toFixed(1) + "%";
  }
  /** IPC ids as the graph writes them (E02F3-00) in the usual notation (E02F 3/00). */
  function fmtIpc(code) {
    if (typeof code !== "string") return "";
    const m = /^([A-H]\d\d[A-Z])(\d+)-(\d+)$/.exec(code);
    return m ? m[1] + " " + m[2] + "/" + m[3] : code;
  }

  // ------------------------------------------------------------------------------------------ URLs
  function query(scope, keys, extra) {
    const q = new URLSearchParams();
    for (const k of keys || SCOPE_KEYS) if (scope[k]) q.set(k, scope[k]);
    if (extra) for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
    return q.toString();
  }
  // Targets are read for the industry over all regions (a region without a target of its own would be a 404
  // there): the rows of the scope's region are marked instead.
  // The plan is the targets' alone.
  const topicKeys = (topic) => (topic === "targets" ? ["industry", "plan"] : ANALYSIS_KEYS);
  const topicUrl = (topic) => "/analysis/" + topic + "?" + query(state.scope, topicKeys(topic));
  const downloadUrl = (topic, table, ext) =>
    "/analysis/" + topic + "/" + table + "." + ext + "?" + query(state.scope, topicKeys(topic));

  function pageUrl() {
    const q = query(state.scope, SCOPE_KEYS, { lang: state.lang === "en" ? "en" : "" });
    return window.location.pathname + (q ? "?" + q : "");
  }

  async function getJSON(url, signal) {
    const response = await fetch(url, { signal, headers: { Accept: "application/json" } });
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const problem = body && typeof body === "object" ? body : {};
      throw { problem: { status: response.status, title: problem.title || response.statusText, detail: problem.detail } };
    }
    return body;
  }

  // ------------------------------------------------------------------------------------------ static words
  function applyWords() {
    document.documentElement.lang = state.lang;
    document.title = t("title") + " · patentnav";
    for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    for (const node of document.querySelectorAll("[data-i18n-title]")) node.title = t(node.dataset.i18nTitle);
    for (const node of document.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
    const button = $("ws-lang");
    button.textContent = state.lang === "zh" ? "English" : "中文";
    button.lang = state.lang === "zh" ? "en" : "zh";
    button.setAttribute("aria-label", state.lang === "zh" ? "Switch to English" : "切换到中文");
  }

  // ------------------------------------------------------------------------------------------ scope bar
  function label(entry) {
    if (!entry) return "";
    const l = entry.label || {};
    return (state.lang === "en" ? l.en || l.zh : l.zh || l.en) || entry.id;
  }

  function indexRegions(regions) {
    const byId = new Map(regions.map((r) => [r.id, r]));
    const children = new Map();
    const isGroup = (r) => r.level === "city group";
    for (const r of regions) {
      if (r.kind !== "region" || isGroup(r)) continue;
      for (const p of r.parents) {
        if (!children.has(p)) children.set(p, []);
        children.get(p).push(r);
      }
    }
    const roots = regions.filter(
      (r) => r.kind === "region" && !isGroup(r) && !r.parents.some((p) => byId.has(p) && byId.get(p).kind === "region")
    );
    const groups = regions.filter((r) => r.kind === "region" && isGroup(r));
    const zones = regions.filter((r) => r.kind === "zone");
    const parentOf = (r) => r.parents.map((p) => byId.get(p)).find((p) => p && p.kind === "region" && !isGroup(p));
    return { byId, children, roots, groups, zones, isGroup, parentOf };
  }

  function findRegion(value) {
    if (!value || !state.regions) return null;
    const idx = state.regions;
    const v = value.startsWith(ID_BASE + "region/") ? value.slice((ID_BASE + "region/").length) : value;
    if (idx.byId.has(v) && idx.byId.get(v).kind === "region") return idx.byId.get(v);
    for (const r of idx.byId.values()) {
      if (r.kind === "region" && (r.code === v || r.label.zh === v || r.label.en === v)) return r;
    }
    return null;
  }

  function fill(select, items, value) {
    select.replaceChildren();
    let group = null;
    for (const item of items) {
      if (item.group !== undefined) {
        group = el("optgroup", { label: item.group });
        select.append(group);
        continue;
      }
      const option = el("option", { value: item.value, text: item.text, disabled: item.disabled });
      (group || select).append(option);
    }
    select.value = value;
    if (select.value !== value) select.value = "";
  }

  const byCode = (a, b) => (a.code || "~" + a.id).localeCompare(b.code || "~" + b.id);

  function fillIndustry() {
    const select = $("ws-industry");
    const items = [{ value: "", text: t("all_industries") }];
    const value = state.scope.industry;
    let known = false;
    for (const i of state.options.industries) {
      items.push({ value: i.id, text: label(i) });
      if ([i.id, i.iri, i.label.zh, i.label.en].includes(value)) known = i.id;
    }
    if (value && !known) items.push({ value, text: value + " (" + t("unknown") + ")" });
    fill(select, items, known || value);
  }

  function planOption(value) {
    const plans = (state.options && state.options.plans) || [];
    return plans.find((p) => p.id === value || p.iri === value) || null;
  }

  function fillPlan() {
    const select = $("ws-plan");
    const items = [{ value: "", text: t("all_plans") }];
    const value = state.scope.plan;
    for (const p of state.options.plans || []) {
      items.push({ value: p.id, text: label(p) + (p.fictitious ? " (" + t("fictitious") + ")" : "") });
    }
    const known = planOption(value);
    if (value && !known) items.push({ value, text: value + " (" + t("unknown") + ")" });
    fill(select, items, known ? known.id : value);
  }

  function regionChain(value) {
    const r = findRegion(value);
    if (!r) return null;
    if (state.regions.isGroup(r)) return [r];
    const chain = [r];
    let up = state.regions.parentOf(r);
    while (up && chain.length < 3 && !chain.includes(up)) {
      chain.unshift(up);
      up = state.regions.parentOf(up);
    }
    return chain;
  }

  function fillRegions(chainIds) {
    const idx = state.regions;
    const [s1, s2, s3] = [$("ws-region-1"), $("ws-region-2"), $("ws-region-3")];
    const value = state.scope.region;
    const items1 = [{ value: "", text: t("all_regions") }, { group: t("provinces") }];
    for (const r of [...idx.roots].sort(byCode)) items1.push({ value: r.id, text: label(r) });
    if (idx.groups.length) {
      items1.push({ group: t("city_groups") });
      for (const r of idx.groups) items1.push({ value: r.id, text: label(r) });
    }
    if (idx.zones.length) {
      items1.push({ group: t("zones") });
      for (const z of idx.zones) items1.push({ value: "zone:" + z.id, text: label(z), disabled: true });
    }
    let ids = chainIds;
    if (ids === undefined) {
      const chain = regionChain(value);
      ids = chain ? chain.map((r) => r.id) : value ? [value] : [];
      if (value && !chain) items1.push({ group: t("unknown") }, { value, text: value + " (" + t("unknown") + ")" });
    }
    fill(s1, items1, ids[0] || "");
    const first = idx.byId.get(s1.value);
    const level2 = first ? (idx.isGroup(first) ? first.members.map((m) => idx.byId.get(m)).filter(Boolean) : idx.children.get(first.id) || []) : [];
    fill(s2, [{ value: "", text: t("whole_province") }, ...[...level2].sort(byCode).map((r) => ({ value: r.id, text: label(r) }))], ids[1] || "");
    s2.disabled = level2.length === 0;
    const second = idx.byId.get(s2.value);
    const level3 = second ? idx.children.get(second.id) || [] : [];
    fill(s3, [{ value: "", text: t("whole_city") }, ...[...level3].sort(byCode).map((r) => ({ value: r.id, text: label(r) }))], ids[2] || "");
    s3.disabled = level3.length === 0;
  }

  function regionFromSelects() {
    for (const id of ["ws-region-3", "ws-region-2", "ws-region-1"]) {
      const v = $(id).value;
      if (v) return v;
    }
    return "";
  }

  function fillScopeBar() {
    if (state.options) {
      fillIndustry();
      fillRegions();
      fillPlan();
    }
    $("ws-from").value = state.scope.from;
    $("ws-to").value = state.scope.to;
    updateScopeLinks();
  }

  function scopeFromBar() {
    return {
      industry: $("ws-industry").value,
      region: regionFromSelects(),
      from: $("ws-from").value.trim(),
      to: $("ws-to").value.trim(),
      plan: $("ws-plan").value,
    };
  }

  /** Show ``scope``: a new history entry and a load, unless it is the scope already shown (or loading). */
  function apply(scope) {
    if (query(scope) === query(state.scope) && state.generation > 0) return;
    // a new plan changes the targets only
    const planOnly = query(scope, ANALYSIS_KEYS) === query(state.scope, ANALYSIS_KEYS) && state.generation > 0 &&
      document.documentElement.dataset.state === "ready";
    state.scope = scope;
    window.history.pushState(null, "", pageUrl());
    updateScopeLinks();
    load(planOnly ? ["targets"] : TOPICS);
  }

  function bindScopeBar() {
    $("ws-scope").addEventListener("submit", (e) => {
      e.preventDefault();
      apply(scopeFromBar());
    });
    $("ws-industry").addEventListener("change", () => apply(scopeFromBar()));
    $("ws-plan").addEventListener("change", () => apply(scopeFromBar()));
    $("ws-region-1").addEventListener("change", () => {
      fillRegions([$("ws-region-1").value]);
      apply(scopeFromBar());
    });
    $("ws-region-2").addEventListener("change", () => {
      fillRegions([$("ws-region-1").value, $("ws-region-2").value]);
      apply(scopeFromBar());
    });
    $("ws-region-3").addEventListener("change", () => apply(scopeFromBar()));
    for (const id of ["ws-from", "ws-to"]) $(id).addEventListener("change", () => apply(scopeFromBar()));
    $("ws-reset").addEventListener("click", () => {
      const empty = { industry: "", region: "", from: "", to: "", plan: "" };
      apply(empty);
      fillScopeBar();
    });
    $("ws-lang").addEventListener("click", () => {
      state.lang = state.lang === "zh" ? "en" : "zh";
      window.history.replaceState(null, "", pageUrl());
      applyWords();
      fillScopeBar();
      renderAll();
    });
    window.addEventListener("popstate", () => {
      const p = new URLSearchParams(window.location.search);
      state.scope = readScope(p);
      const lang = p.get("lang") === "en" ? "en" : "zh";
      if (lang !== state.lang) {
        state.lang = lang;
        applyWords();
      }
      fillScopeBar();
      load();
    });
    let pending = null;
    window.addEventListener("resize", () => {
      clearTimeout(pending);
      pending = setTimeout(() => Object.values(state.charts).forEach((c) => c.resize()), 120);
    });
  }

  function scopeWords() {
    const s = state.scope;
    const industry = state.options && state.options.industries.find((i) => i.id === s.industry || i.iri === s.industry);
    const region = findRegion(s.region);
    const parts = [
      s.industry ? (industry ? label(industry) : s.industry) : t("all_industries"),
      s.region ? (region ? label(region) : s.region) : t("all_regions"),
      s.from || s.to ? (s.from || "…") + " – " + (s.to || "…") : t("scope_period_all"),
    ];
    return parts.join(" × ");
  }

  function updateScopeLinks() {
    $("ws-scope-line").textContent = scopeWords();
    const reportQuery = query(state.scope, ANALYSIS_KEYS);
    $("ws-report").href = "/analysis/report" + (reportQuery ? "?" + reportQuery : "");
    const box = $("ws-views");
    const viewQuery = query(state.scope, ["industry", "region"], { lang: state.lang });
    const views = [
      ["coapplicants", t("view_coapplicants"), true],
      ["ipc", t("view_ipc"), true],
      ["landscape", t("view_landscape"), Boolean(state.scope.industry)],
      ["citations", t("view_citations"), true],
      ["transfers", t("view_transfers"), true],
    ];
    box.replaceChildren(el("span", { text: t("views"), title: t("views_note") }));
    for (const [name, text, on] of views) {
      box.append(
        on
          ? el("a", { href: "/views/" + name + "?" + viewQuery, text, dataset: { view: name }, title: t("views_note") })
          : el("span", { className: "is-off", text: text + " (" + t("view_needs_industry") + ")", dataset: { view: name } })
      );
    }
    box.append(el("a", { href: "/views/overview?" + query(state.scope, ["plan"], { lang: state.lang }),
      text: t("view_overview"), dataset: { view: "overview" } }));
    $("ws-views-keypatents").replaceChildren(
      el("a", { href: "/views/citations?" + viewQuery, text: t("view_citations"), dataset: { view: "citations" }, title: t("views_note") }),
      el("a", { href: "/views/citations?" + query(state.scope, ["industry", "region"], { level: "patent", lang: state.lang }),
        text: t("view_citations_patent"), dataset: { view: "citations-patent" }, title: t("views_note") })
    );
    $("ws-views-operations").replaceChildren(
      el("a", { href: "/views/transfers?" + viewQuery, text: t("view_transfers"), dataset: { view: "transfers" }, title: t("views_note") })
    );
  }

  // ------------------------------------------------------------------------------------------ loading
  function setProgress(done, total) {
    const busy = done < total;
    document.documentElement.classList.toggle("is-loading", busy);
    $("ws-main").setAttribute("aria-busy", String(busy));
    $("ws-progress").hidden = !busy;
    $("ws-progress-text").textContent = t("loading") + " … " + done + "/" + total + " " + t("loaded_of");
  }

  async function load(topics) {
    const which = topics || TOPICS;
    const generation = ++state.generation;
    if (state.controller) state.controller.abort();
    const controller = new AbortController();
    state.controller = controller;
    document.documentElement.dataset.state = "loading";
    for (const topic of which) for (const panel of panels(topic)) panel.classList.add("is-loading");
    let done = 0;
    setProgress(done, which.length);
    await Promise.all(
      which.map((topic) =>
        getJSON(topicUrl(topic), controller.signal)
          .then(
            (body) => {
              if (generation !== state.generation) return;
              state.data[topic] = body;
              state.problems[topic] = null;
            },
            (err) => {
              if (generation !== state.generation) return;
              state.data[topic] = null;
              state.problems[topic] = err && err.problem ? err.problem : { title: t("problem"), detail: String(err) };
            }
          )
          .then(() => {
            if (generation !== state.generation) return;
            done += 1;
            setProgress(done, which.length);
            renderTopic(topic);
          })
      )
    );
    await state.optionsLoad;
    if (generation !== state.generation) return;
    document.documentElement.dataset.scope = query(state.scope);
    document.documentElement.dataset.state = "ready";
  }

  // ------------------------------------------------------------------------------------------ rendering: generic
  function panels(topic) {
    return [...document.querySelectorAll('.ws-panel[data-topic="' + topic + '"]')];
  }

  function problemBox(problem) {
    return el(
      "p",
      { className: "ws-problem", role: "alert" },
      el("strong", { text: (problem.status ? problem.status + " " : "") + (problem.title || t("problem")) }),
      el("span", { className: "ws-problem-detail", text: problem.detail || "" })
    );
  }

  function downloads(topic, table) {
    return el(
      "span",
      { className: "ws-downloads", title: t("download") },
      el("a", { href: downloadUrl(topic, table, "csv"), download: true, text: "CSV", dataset: { format: "csv" } }),
      el("a", { href: downloadUrl(topic, table, "xlsx"), download: true, text: "XLSX", dataset: { format: "xlsx" } })
    );
  }

  function setHeadDownloads(panel, topic, enabled) {
    for (const slot of panel.querySelectorAll(".ws-panel-head .ws-downloads[data-table]")) {
      slot.replaceChildren();
      if (enabled) slot.append(...downloads(topic, slot.dataset.table).childNodes);
    }
  }

  function table(topic, name) {
    const body = state.data[topic];
    return body && body.tables ? body.tables[name] : undefined;
  }

  /** A cell for ``value`` by column spec: {key, fmt, link, cls}. */
  function cell(row, col, rank) {
    const v = row[col.key];
    const td = el("td", { className: col.cls });
    switch (col.fmt) {
      case "rank":
        td.className = "rank";
        td.textContent = String(rank);
        break;
      case "int":
        td.className = "num";
        td.textContent = fmtInt(v);
        break;
      case "pct":
        td.className = "num";
        td.textContent = fmtPct(v);
        break;
      case "bar": {
        td.className = "num";
        const track = el("span", { className: "ws-bar-track" });
        const bar = el("span", { className: "ws-bar" });
        bar.style.width = Math.max(0, Math.min(1, Number(v) || 0)) * 100 + "%";
        track.append(bar);
        td.append(el("span", { className: "ws-share" }, fmtPct(v), track));
        break;
      }
      case "num":
        td.className = "num";
        td.textContent = fmtNum(v, col.digits);
        break;
      case "ipc":
        td.append(el("span", { className: "ws-code", text: fmtIpc(v), title: v }));
        break;
      case "ipclist":
        td.textContent = typeof v === "string" ? v.split(/\s+/).map(fmtIpc).join(", ") : "";
        td.title = td.textContent;
        break;
      case "enum":
        td.append(el("span", { className: "ws-tag " + (col.tone ? col.tone(v) : ""), text: enumLabel(v) }));
        break;
      case "flag01":
        td.textContent = v === 1 ? "✓" : v === 0 ? "✗" : "—";
        break;
      case "flags": {
        const on = EVENT_FLAGS.filter((k) => row[k] === 1);
        const known = EVENT_FLAGS.some((k) => row[k] !== null && row[k] !== undefined);
        td.append(known ? el("span", { className: "ws-flags" }, ...on.map((k) => el("span", { className: "ws-tag ws-tag-mid", text: colLabel(k) }))) : "—");
        break;
      }
      case "vendor":
        td.className = "num";
        td.textContent = typeof v === "number" ? fmtNum(v, 2) + (row.vendor ? " · " + row.vendor : "") : "";
        td.title = row.vendor_scores || "";
        break;
      case "number":
        td.append(linkOrText(row.publication_number || row.application_number, row.patent, "ws-code"));
        break;
      case "bool":
        td.textContent = v === true ? "✓" : v === false ? "✗" : "";
        break;
      default:
        if (col.link) td.append(linkOrText(v, row[col.link]));
        else td.textContent = v === null || v === undefined ? "" : String(v);
        if (col.cls && col.cls.includes("clip")) td.title = td.textContent;
    }
    return td;
  }

  function renderTable(topic, name, spec, options) {
    const opts = options || {};
    const data = opts.data || table(topic, name);
    const block = el("div", { className: "ws-table-block", dataset: { table: name, topic, section: opts.section } });
    const head = el("div", { className: "ws-table-head" });
    if (opts.title) head.append(el("h3", { text: opts.title }));
    if (data) head.append(el("span", { className: "ws-count", text: data.rows.length + " " + t("rows") }));
    if (data && !opts.noDownloads) head.append(downloads(topic, name));
    if (opts.title || data) block.append(head);
    if (!data) {
      block.append(el("p", { className: "ws-empty", text: opts.missing || t("needs_region") }));
      return block;
    }
    if (opts.note) block.append(el("p", { className: "ws-note", text: opts.note }));
    if (!data.rows.length) {
      block.append(el("p", { className: "ws-empty", text: t("no_rows") }));
      return block;
    }
    const cols = spec.filter((c) => c.fmt === "rank" || c.virtual || data.columns.includes(c.key));
    const given = (c) => (c.virtual ? c.virtual : [c.key]).some((k) => data.rows.some((r) => r[k] !== null && r[k] !== undefined));
    const visible = cols.filter((c) => !c.ifAny || given(c));
    const thead = el("tr", null, ...visible.map((c) => el("th", {
      className: ["int", "pct", "bar", "num"].includes(c.fmt) ? "num" : null,
      text: c.fmt === "rank" ? "#" : (opts.columnLabel && opts.columnLabel(c)) || colLabel(c.label || c.key),
      title: c.key,
    })));
    const tbody = el("tbody");
    data.rows.forEach((row, i) => {
      const tr = el("tr", { className: row.incomplete ? "is-incomplete" : null }, ...visible.map((c) => cell(row, c, i + 1)));
      tbody.append(tr);
    });
    const wrap = el("div", { className: "ws-table-wrap" + (data.rows.length <= 8 ? " is-short" : "") });
    wrap.append(el("table", { className: "ws-table" }, el("thead", null, thead), tbody));
    block.append(wrap);
    return block;
  }

  const RANK = { key: "#", fmt: "rank" };
  const PATENTS = { key: "patents", fmt: "int" };
  const SHARE = { key: "share", fmt: "bar" };
  const RTA_COLS = [
    { key: "field", fmt: "ipc" },
    { key: "name", ifAny: true },
    { key: "patents", fmt: "int", label: "market_patents" },
    { key: "region_patents", fmt: "int" },
    { key: "field_share", fmt: "pct" },
    { key: "region_share", fmt: "pct" },
    { key: "rta", fmt: "num", digits: 2 },
    { key: "expected", fmt: "num", digits: 1 },
    { key: "gap", fmt: "num", digits: 1 },
  ];
  const SPEC = {
    applicants: [RANK, { key: "name", link: "applicant", cls: "wide", label: "applicant" }, PATENTS, SHARE],
    inventors: [RANK, { key: "name", link: "inventor", label: "inventor" }, PATENTS, SHARE],
    ipc_subclass: [{ key: "code", fmt: "ipc" }, { key: "title", cls: "clip wide", ifAny: true }, PATENTS, SHARE],
    ipc_main_group: [{ key: "code", fmt: "ipc" }, { key: "title", cls: "clip wide", ifAny: true }, PATENTS, SHARE],
    regions: [{ key: "name", link: "region", label: "region" }, { key: "code", cls: "ws-code" }, PATENTS, SHARE],
    origin: [{ key: "category", fmt: "enum" }, PATENTS, { key: "share", fmt: "pct" }],
    legal_status: [{ key: "patentType", fmt: "enum" }, { key: "legalStatus", fmt: "enum" }, PATENTS, { key: "share", fmt: "pct" }],
    specialisation: RTA_COLS,
    white_space: RTA_COLS,
    industry_specialisation: [{ key: "name", link: "field", label: "field" }, ...RTA_COLS.slice(2)],
    partners: [
      RANK,
      { key: "name", link: "org", label: "org", cls: "wide" },
      { key: "country" },
      { key: "weak_field_patents", fmt: "int" },
      { key: "joint_patents", fmt: "int" },
      { key: "fields", fmt: "ipclist", cls: "clip" },
    ],
    center_coverage: [
      { key: "industry_name", link: "industry" },
      { key: "region_name", link: "region" },
      { key: "status", fmt: "enum", tone: (v) => (v === "covered" ? "ws-tag-good" : v === "planned only" ? "ws-tag-mid" : "ws-tag-bad") },
      { key: "centers", fmt: "int" },
      { key: "planned_centers", fmt: "int" },
      PATENTS,
    ],
    talent: [
      { key: "team", fmt: "int" },
      { key: "size", fmt: "int" },
      PATENTS,
      { key: "lead_name", link: "lead" },
      { key: "lead_patents", fmt: "int" },
      { key: "members", cls: "clip" },
      { key: "organizations", cls: "clip" },
    ],
    checks: [
      { key: "kind", fmt: "enum" },
      { key: "status", fmt: "enum", tone: (v) => (v === "fired" ? "ws-tag-bad" : v === "clear" ? "ws-tag-good" : "") },
      { key: "detail", cls: "wide" },
    ],
  };

  const EVENT_FLAGS = ["litigated", "invalidated", "licensed", "transferred", "pledged"];
  const ANY = (col) => ({ ...col, ifAny: true });
  const STATUS_TONE = (v) => (v === "available" ? "ws-tag-good" : "ws-tag-bad");
  const DIRECTION_TONE = (v) => (v === "out of" ? "ws-tag-bad" : v === "into" ? "ws-tag-good" : "");
  Object.assign(SPEC, {
    key_patents: [
      { key: "rank", fmt: "int", cls: "rank" },
      { key: "application_number", link: "patent", cls: "ws-code" },
      ANY({ key: "title", cls: "clip wide" }),
      ANY({ key: "applicant_name", link: "applicant", cls: "clip" }),
      ANY({ key: "year" }),
      ANY({ key: "forward_citations", fmt: "int" }),
      ANY({ key: "forward_citations_pct", fmt: "pct" }),
      ANY({ key: "family_countries", fmt: "int" }),
      ANY({ key: "claims", fmt: "int" }),
      ANY({ key: "remaining_years", fmt: "num", digits: 1 }),
      ANY({ key: "in_force", fmt: "flag01" }),
      { key: "flags", fmt: "flags", virtual: EVENT_FLAGS, ifAny: true },
      { key: "composite", fmt: "num", digits: 3 },
      { key: "weight_covered", fmt: "pct" },
      ANY({ key: "vendor_score", fmt: "vendor" }),
    ],
    citations: [
      ANY({ key: "rank", fmt: "int", cls: "rank" }),
      ANY({ key: "basis" }),
      { key: "number", fmt: "number", virtual: ["publication_number", "application_number"], ifAny: true },
      ANY({ key: "title", cls: "clip wide" }),
      ANY({ key: "name", link: "org", cls: "wide", label: "org" }),
      ANY({ key: "cited_name", link: "cited_org", cls: "wide" }),
      ANY({ key: "patents", fmt: "int" }),
      ANY({ key: "with_data", fmt: "int" }),
      ANY({ key: "cited_patents", fmt: "int" }),
      ANY({ key: "forward_citations", fmt: "int" }),
      ANY({ key: "stated", fmt: "int" }),
      ANY({ key: "listed", fmt: "int" }),
      ANY({ key: "citations", fmt: "int" }),
      ANY({ key: "citing_patents", fmt: "int" }),
      ANY({ key: "attributed", fmt: "int" }),
      ANY({ key: "self_citations", fmt: "int" }),
      ANY({ key: "self_share", fmt: "pct" }),
      ANY({ key: "self", fmt: "bool" }),
    ],
    families: [
      ANY({ key: "rank", fmt: "int", cls: "rank" }),
      ANY({ key: "name", link: "org", cls: "wide", label: "org" }),
      ANY({ key: "origin" }),
      ANY({ key: "patents", fmt: "int" }),
      ANY({ key: "with_family_data", fmt: "int" }),
      ANY({ key: "abroad", fmt: "int" }),
      ANY({ key: "share_abroad", fmt: "pct" }),
      ANY({ key: "countries", cls: "clip" }),
      ANY({ key: "foreign_applicant", fmt: "int" }),
      ANY({ key: "foreign_priority", fmt: "int" }),
      ANY({ key: "earlier_member_abroad", fmt: "int" }),
      ANY({ key: "home_coapplicant", fmt: "int" }),
      ANY({ key: "market", fmt: "int" }),
      ANY({ key: "share", fmt: "pct" }),
    ],
    kp_checks: [
      { key: "indicator", cls: "wide" },
      { key: "field", cls: "clip ws-code" },
      { key: "status", fmt: "enum", tone: STATUS_TONE },
      { key: "patents", fmt: "int" },
      { key: "of", fmt: "int" },
      { key: "coverage", fmt: "pct" },
      { key: "note", cls: "clip wide" },
    ],
    operations: [
      ANY({ key: "rank", fmt: "int", cls: "rank" }),
      ANY({ key: "kind", fmt: "enum", label: "kind_ops" }),
      ANY({ key: "year" }),
      ANY({ key: "year_basis", fmt: "enum" }),
      ANY({ key: "detail" }),
      ANY({ key: "from_type", fmt: "enum" }),
      ANY({ key: "to_type", fmt: "enum" }),
      ANY({ key: "technology_transfer", fmt: "bool" }),
      ANY({ key: "from_region_name", link: "from_region" }),
      ANY({ key: "from_country" }),
      ANY({ key: "to_region_name", link: "to_region" }),
      ANY({ key: "to_country" }),
      ANY({ key: "direction", fmt: "enum", tone: DIRECTION_TONE }),
      ANY({ key: "name", link: "org", cls: "wide", label: "org" }),
      ANY({ key: "org_type", fmt: "enum" }),
      ANY({ key: "type_source" }),
      ANY({ key: "region_name", link: "region" }),
      ANY({ key: "country" }),
      ANY({ key: "home", fmt: "bool" }),
      { key: "patents", fmt: "int" },
      ANY({ key: "events", fmt: "int" }),
      ANY({ key: "from_parties", fmt: "int" }),
      ANY({ key: "to_parties", fmt: "int" }),
    ],
    ops_checks: [
      { key: "table", fmt: "enum" },
      { key: "kind", fmt: "enum", label: "kind_ops" },
      { key: "field" },
      { key: "status", fmt: "enum", tone: STATUS_TONE },
      { key: "count", fmt: "int" },
      { key: "of", fmt: "int" },
      { key: "coverage", fmt: "pct" },
      { key: "note", cls: "clip wide" },
    ],
  });

  function clearCharts(prefix) {
    for (const [key, chart] of Object.entries(state.charts)) {
      if (key.startsWith(prefix)) {
        chart.dispose();
        delete state.charts[key];
      }
    }
  }

  function chart(key, node, option) {
    if (!window.echarts) return;
    const c = window.echarts.init(node, null, { renderer: "canvas" });
    c.setOption(option);
    state.charts[key] = c;
  }

  function baseOption() {
    return {
      animation: false,
      textStyle: { fontFamily: FONT, fontSize: 12 },
      tooltip: { trigger: "axis", renderMode: "richText", confine: true },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    };
  }

  // ------------------------------------------------------------------------------------------ rendering: landscape
  function lastComplete(rows, key) {
    const done = rows.filter((r) => !r.incomplete && r[key] !== null && r[key] !== undefined);
    return done.length ? done[done.length - 1] : null;
  }

  function figure(key, value, text, note, source) {
    const missing = value === null || value === undefined;
    return el(
      "div",
      {
        className: "ws-figure" + (missing ? " is-missing" : ""),
        dataset: { key, value: missing ? "" : String(value), source },
        title: note,
      },
      el("span", { className: "ws-figure-label", text: t("fig_" + key) }),
      el("span", { className: "ws-figure-value", text: missing ? "—" : text }),
      el("span", { className: "ws-figure-note", text: note })
    );
  }

  function renderFigures() {
    const box = $("b-figures");
    const conc = (table("landscape", "concentration") || { rows: [] }).rows[0] || {};
    const lc = (table("landscape", "life_cycle") || { rows: [] }).rows;
    const growth = lastComplete(lc, "filings_ratio");
    const stage = lastComplete(lc, "stage");
    const origin = table("landscape", "origin");
    const share = (cat) => {
      if (!origin) return null;
      const row = origin.rows.find((r) => r.category === cat);
      return row ? row.share : null;
    };
    const market = origin ? t("note_market") : t("needs_region");
    const grid = el("div", { className: "ws-figures" });
    grid.append(
      figure("patents", conc.patents, fmtInt(conc.patents), t("note_patents"), "concentration.patents"),
      figure("applicants", conc.applicants, fmtInt(conc.applicants), t("note_applicants"), "concentration.applicants"),
      figure("CR4", conc.CR4, fmtPct(conc.CR4), t("note_CR"), "concentration.CR4"),
      figure("CR8", conc.CR8, fmtPct(conc.CR8), t("note_CR"), "concentration.CR8"),
      figure("HHI", conc.HHI, fmtNum(conc.HHI, 0), t("note_HHI"), "concentration.HHI"),
      figure(
        "growth",
        growth ? growth.filings_ratio : null,
        growth ? fmtGrowth(growth.filings_ratio) : "—",
        (growth ? growth.year + " · " : "") + t("note_growth"),
        "life_cycle.filings_ratio"
      ),
      figure("stage", stage ? stage.stage : null, stage ? enumLabel(stage.stage) : "—",
        (stage ? stage.year + " · " : "") + t("note_stage"), "life_cycle.stage"),
      figure("home", share("home"), fmtPct(share("home")), origin ? t("note_home") : market, "origin.home.share"),
      figure("out_of_region", share("out_of_region"), fmtPct(share("out_of_region")),
        origin ? t("note_out_of_region") : market, "origin.out_of_region.share"),
      figure("foreign", share("foreign"), fmtPct(share("foreign")), origin ? t("note_foreign") : market,
        "origin.foreign.share")
    );
    box.replaceChildren(grid);
  }

  function renderTrend() {
    const panel = $("p-trend");
    const body = panel.querySelector(".ws-body");
    clearCharts("trend");
    const data = table("landscape", "trend");
    if (!data || !data.rows.length) {
      body.replaceChildren(el("p", { className: "ws-empty", text: t("no_rows") }));
      return;
    }
    const rows = data.rows;
    const years = rows.map((r) => r.year);
    const first = Math.min(...years);
    const lastYear = Math.max(...years);
    const byYear = new Map(rows.map((r) => [r.year, r]));
    const incompleteYears = rows.filter((r) => r.incomplete).map((r) => r.year);
    const cutoff = incompleteYears.length ? Math.min(...incompleteYears) : Infinity;
    const axis = [];
    for (let y = first; y <= lastYear; y++) axis.push(y);
    const node = el("div", { className: "ws-chart", id: "c-trend", role: "img", "aria-label": t("trend") });
    const lag = (data.meta && data.meta.lag_months) || 18;
    body.replaceChildren(node, el("p", { className: "ws-note", text: t("trend_note", { lag }) }));
    const option = baseOption();
    option.legend = { top: 0, data: [t("filings"), t("grants")] };
    option.xAxis = {
      type: "category",
      data: axis.map(String),
      axisTick: { alignWithLabel: true },
      axisLabel: {
        // every year while there is room (about 44 px a label), else ECharts thins them out
        interval: axis.length * 44 <= node.clientWidth ? 0 : "auto",
        formatter: (v) => (Number(v) >= cutoff ? "{incomplete|" + v + "}" : v),
        rich: { incomplete: { color: "#9aa5b1", fontStyle: "italic" } },
      },
    };
    option.yAxis = { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef1f5" } } };
    option.series = [
      {
        name: t("filings"),
        type: "bar",
        barMaxWidth: 26,
        itemStyle: { color: COLORS.filings },
        data: axis.map((y) => ({
          value: byYear.has(y) ? byYear.get(y).filings : 0,
          itemStyle: y >= cutoff ? { color: COLORS.incomplete } : undefined,
        })),
      },
      {
        name: t("grants"),
        type: "line",
        symbolSize: 6,
        itemStyle: { color: COLORS.grants },
        lineStyle: { width: 2 },
        data: axis.map((y) => (byYear.has(y) ? byYear.get(y).grants : 0)),
      },
    ];
    chart("trend", node, option);
  }

  function renderLifeCycle() {
    const body = $("p-lifecycle").querySelector(".ws-body");
    clearCharts("lifecycle");
    const data = table("landscape", "life_cycle");
    if (!data || !data.rows.length) {
      body.replaceChildren(el("p", { className: "ws-empty", text: t("no_rows") }));
      return;
    }
    const rows = data.rows.filter((r) => !r.incomplete);
    const stage = lastComplete(data.rows, "stage");
    const node = el("div", { className: "ws-chart", id: "c-lifecycle", role: "img", "aria-label": t("life_cycle") });
    const note = el("p", { className: "ws-note" });
    if (stage) note.append(el("strong", { text: t("stage_label") + t("colon") + enumLabel(stage.stage) + " (" + stage.year + ")" }), " ");
    note.append(t("lc_note"));
    body.replaceChildren(node, note);
    const option = baseOption();
    option.tooltip = { trigger: "item", renderMode: "richText", confine: true,
      formatter: (p) => p.data[2] + "\n" + t("filings") + ": " + p.data[1] + "\n" + colLabel("applicants") + ": " + p.data[0] +
        (p.data[3] ? "\n" + enumLabel(p.data[3]) : "") };
    option.grid = { left: 8, right: 22, top: 34, bottom: 22, containLabel: true };
    option.xAxis = { type: "value", name: colLabel("applicants"), nameLocation: "middle", nameGap: 24, minInterval: 1,
      splitLine: { lineStyle: { color: "#eef1f5" } } };
    option.yAxis = { type: "value", name: t("filings"), minInterval: 1, splitLine: { lineStyle: { color: "#eef1f5" } } };
    option.series = [{
      type: "line",
      data: rows.map((r) => [r.applicants, r.filings, r.year, r.stage]),
      symbolSize: 7,
      itemStyle: { color: COLORS.filings },
      lineStyle: { color: "#9db6d6" },
      label: { show: true, formatter: (p) => String(p.data[2]), fontSize: 10, color: COLORS.line, position: "top" },
      labelLayout: { hideOverlap: true },
    }];
    chart("lifecycle", node, option);
  }

  function renderLandscape() {
    renderFigures();
    renderTrend();
    renderLifeCycle();
    $("b-applicants").replaceChildren(renderTable("landscape", "applicants", SPEC.applicants, { noDownloads: true }));
    $("b-inventors").replaceChildren(renderTable("landscape", "inventors", SPEC.inventors, { noDownloads: true }));
    $("b-ipc").replaceChildren(
      renderTable("landscape", "ipc_subclass", SPEC.ipc_subclass, { title: t("subclass") }),
      renderTable("landscape", "ipc_main_group", SPEC.ipc_main_group, { title: t("main_group") })
    );
    $("b-regions").replaceChildren(
      renderTable("landscape", "regions", SPEC.regions, { title: t("regions_table") }),
      renderTable("landscape", "origin", SPEC.origin, { title: t("origin") }),
      renderTable("landscape", "legal_status", SPEC.legal_status, { title: t("legal_status") })
    );
  }

  // ------------------------------------------------------------------------------------------ rendering: warnings
  function values(obj) {
    if (!obj || typeof obj !== "object") return "";
    return Object.entries(obj)
      .map(([k, v]) => k + " " + (typeof v === "number" && k.includes("share") ? fmtPct(v) : fmtNum(v)))
      .join(" · ");
  }

  function renderWarnings() {
    const body = $("b-warnings");
    const data = state.data.warnings;
    const list = el("div", { className: "ws-warnings" });
    const warnings = data.warnings || [];
    const head = el("p", { className: "ws-note", text: warnings.length ? t("warnings_count", { n: warnings.length }) : t("no_warnings") });
    for (const w of warnings) {
      const sev = ["high", "medium", "low"].includes(w.severity) ? w.severity : "low";
      const card = el("article", { className: "ws-warning sev-" + sev, dataset: { kind: w.kind } });
      card.append(
        el("div", { className: "ws-warning-head" },
          el("span", { className: "ws-severity", text: enumLabel(w.severity) }),
          el("h3", { text: state.lang === "en" ? w.title_en || w.title_zh : w.title_zh || w.title_en }),
          w.subject ? linkOrText(null, w.subject, "ws-code") : null),
        el("p", { text: w.message }),
        el("p", { className: "ws-measure", text: (w.metric || "") + ": " + t("value") + " " + fmtNum(w.value) + " · " +
          t("threshold") + " " + fmtNum(w.threshold) })
      );
      const evidence = w.evidence || [];
      if (evidence.length) {
        const ul = el("ul", { className: "ws-evidence", "aria-label": t("evidence") });
        for (const e of evidence.slice(0, 25)) {
          const link = linkOrText(e.label, e.iri);
          link.classList.add("ws-evidence-link");
          ul.append(el("li", null, el("span", { className: "ws-tag", text: enumLabel(e.role) }), " ", link,
            el("span", { className: "ws-values", text: values(e.values) })));
        }
        if (evidence.length > 25) ul.append(el("li", { className: "ws-note", text: t("more", { n: evidence.length - 25 }) }));
        card.append(el("h3", { className: "ws-note", text: t("evidence") }), ul);
      }
      list.append(card);
    }
    const checks = { columns: ["kind", "status", "detail"], rows: data.checks || [] };
    state.data.warnings.tables = { checks };
    body.replaceChildren(head, list, renderTable("warnings", "checks", SPEC.checks, { title: t("checks") }));
  }

  // ------------------------------------------------------------------------------------------ rendering: layout
  const LAYOUT_TABLES = ["specialisation", "industry_specialisation", "white_space", "partners", "center_coverage", "talent"];

  function layoutNote(name, data) {
    const meta = (data && data.meta) || {};
    if (name === "white_space") return t("def_white_space", { min: meta.min_patents ?? 5, max: meta.max_rta ?? 0.5 });
    if (name === "specialisation" || name === "industry_specialisation") return t("def_specialisation");
    return t("def_" + name);
  }

  function renderLayout() {
    const body = $("b-layout");
    const tabs = el("div", { className: "ws-tabs", role: "tablist" });
    const content = el("div", { role: "tabpanel" });
    const show = (name) => {
      state.tabs.layout = name;
      for (const b of tabs.children) b.setAttribute("aria-selected", String(b.dataset.tab === name));
      const data = table("layout", name);
      content.replaceChildren(renderTable("layout", name, SPEC[name], { title: t(name), note: layoutNote(name, data) }));
    };
    for (const name of LAYOUT_TABLES) {
      const data = table("layout", name);
      const button = el("button", { type: "button", role: "tab", dataset: { tab: name } }, t(name),
        el("span", { className: "ws-count", text: data ? "(" + data.rows.length + ")" : "" }));
      button.addEventListener("click", () => show(name));
      tabs.append(button);
    }
    body.replaceChildren(tabs, content);
    show(state.tabs.layout);
  }

  // ------------------------------------------------------------------------------------------ rendering: targets
  function targetCells(r) {
    const progress = el("td");
    // progress towards a floor only (a ceiling's ratio says nothing)
    const floor = !r.comparator || r.comparator === ">" || r.comparator === ">=";
    if (floor && typeof r.value === "number" && typeof r.target_value === "number" && r.target_value > 0) {
      const ratio = r.value / r.target_value;
      const bar = el("span", { className: "ws-progressbar" });
      const fillBar = el("span", { className: ratio >= 1 ? "is-met" : null });
      fillBar.style.width = Math.min(1, Math.max(0, ratio)) * 100 + "%";
      bar.append(fillBar);
      progress.append(bar, fmtPct(ratio, 0));
    }
    const source = el("td", { className: "clip" });
    if (typeof r.source === "string" && /^https?:\/\//.test(r.source)) {
      source.append(el("a", { href: r.source, text: new URL(r.source).hostname, title: r.source, rel: "noreferrer noopener", target: "_blank" }));
    } else if (r.source) {
      source.textContent = r.source;
      source.title = r.source;
    }
    const target = typeof r.target_value === "number" ? (r.comparator ? r.comparator + " " : "") + fmtNum(r.target_value)
      : r.comparator || "";
    const met = el("td", null, r.meets_target === true ? el("span", { className: "ws-tag ws-tag-good", text: t("met") })
      : r.meets_target === false ? el("span", { className: "ws-tag ws-tag-bad", text: t("not_met") }) : "");
    return { progress, source, target, met };
  }

  function tableHead(title, name, rows) {
    return el("div", { className: "ws-table-head" }, el("h3", { text: title }),
      el("span", { className: "ws-count", text: rows + " " + t("rows") }), downloads("targets", name));
  }

  function densityTable(data, mine) {
    const cols = ["region_name", "basis", "date", "value", "target_value", "progress", "meets_target",
      "multiple_of_baseline", "required_multiple", "coverage", "note", "source"];
    const thead = el("tr", null, ...cols.map((c) => el("th", { text: colLabel(c), title: c })));
    const tbody = el("tbody");
    for (const r of data.rows) {
      const tr = el("tr", {
        className: mine.has(r.region_id) ? "is-scope" : null,
        dataset: { region: r.region_id || "", basis: r.basis || "" },
      });
      const c = targetCells(r);
      tr.append(
        el("td", null, linkOrText(r.region_name, r.region)),
        el("td", null, el("span", { className: "ws-tag", text: enumLabel(r.basis) })),
        el("td", { text: r.date || "" }),
        el("td", { className: "num", text: fmtNum(r.value, 2) }),
        el("td", { className: "num", text: c.target }),
        c.progress,
        c.met,
        el("td", { className: "num", text: typeof r.multiple_of_baseline === "number" ? fmtNum(r.multiple_of_baseline, 2) : "" }),
        el("td", { className: "num", text: typeof r.required_multiple === "number" ? fmtNum(r.required_multiple, 2) : "" }),
        el("td", { className: "num", text: typeof r.coverage === "number" ? fmtPct(r.coverage, 2) : "" }),
        el("td", { className: "clip", text: r.note || "", title: r.note || "" }),
        c.source
      );
      tbody.append(tr);
    }
    return el("div", { className: "ws-table-wrap" + (data.rows.length <= 8 ? " is-short" : "") },
      el("table", { className: "ws-table", dataset: { table: "targets" } }, el("thead", null, thead), tbody));
  }

  /** Every target of the chosen plan, each against the latest loaded observation of its indicator. */
  function planTargetsTable(data, mine) {
    const cols = ["target_label", "region_name", "indicator_label", "target_value", "deadline", "date", "observed",
      "progress", "meets_target", "note", "source"];
    const thead = el("tr", null, ...cols.map((c) => el("th", { text: colLabel(c), title: c })));
    const tbody = el("tbody");
    const en = state.lang === "en";
    for (const r of data.rows) {
      const tr = el("tr", {
        className: mine.has(r.region_id) ? "is-scope" : null,
        dataset: { target: r.target_id || "", region: r.region_id || "", indicator: r.indicator_id || "" },
      });
      const c = targetCells(r);
      const unit = r.unit ? " " + r.unit : "";
      const observed = typeof r.value === "number" ? fmtNum(r.value, 2) + unit : "";
      const note = r.note === "no observations loaded" ? t("no_observations") : r.note || "";
      tr.append(
        el("td", null, linkOrText((en ? r.target_label_en : r.target_label) || r.target_label || r.target_label_en, r.target)),
        el("td", null, linkOrText(r.region_name, r.region)),
        el("td", null, linkOrText((en ? r.indicator_label_en : r.indicator_label) || r.indicator_label || r.indicator_id, r.indicator)),
        el("td", { className: "num", text: c.target + (c.target && typeof r.target_value === "number" ? unit : "") }),
        el("td", { className: "num", text: r.deadline || "" }),
        el("td", { text: r.date || "" }),
        el("td", { className: "num", text: observed, dataset: { value: typeof r.value === "number" ? String(r.value) : "" } }),
        c.progress,
        c.met,
        el("td", { className: "clip", text: note, title: r.note || "" }),
        c.source
      );
      tbody.append(tr);
    }
    return el("div", { className: "ws-table-wrap" + (data.rows.length <= 8 ? " is-short" : "") },
      el("table", { className: "ws-table", dataset: { table: "plan_targets" } }, el("thead", null, thead), tbody));
  }

  function renderTargets() {
    const body = $("b-targets");
    const data = table("targets", "targets");
    const planData = table("targets", "plan_targets");
    const note = el("p", { className: "ws-note", text: t("targets_note") });
    const chain = regionChain(state.scope.region) || [];
    const picked = findRegion(state.scope.region);
    const mine = new Set([...chain.map((r) => r.id), ...(picked ? picked.members : [])]);
    if (!planData) {
      if (!data || !data.rows.length) {
        body.replaceChildren(note, el("p", { className: "ws-empty", text: t("no_rows") }));
        return;
      }
      body.replaceChildren(note, densityTable(data, mine));
      return;
    }
    const plan = planOption(state.scope.plan);
    const planBlock = el("div", { className: "ws-table-block", dataset: { table: "plan_targets", topic: "targets" } },
      tableHead(t("plan_targets") + t("colon") + (plan ? label(plan) : state.scope.plan), "plan_targets", planData.rows.length),
      el("p", { className: "ws-note", text: t("plan_targets_note") }),
      planTargetsTable(planData, mine));
    const densityBlock = el("div", { className: "ws-table-block", dataset: { table: "targets", topic: "targets" } },
      tableHead(t("density_targets"), "targets", data ? data.rows.length : 0), note,
      data && data.rows.length ? densityTable(data, mine) : el("p", { className: "ws-empty", text: t("no_density_targets") }));
    body.replaceChildren(planBlock, densityBlock);
    // each table has its downloads beside its title
    for (const slot of $("p-targets").querySelectorAll(".ws-panel-head .ws-downloads")) slot.replaceChildren();
  }

  // ------------------------------------------------------------------------------------------ dispatch
  // ------------------------------------------------------------------------------------------ rendering: key patents, operations
  /** A long table with a ``section`` column: one chip per section, the chosen section's rows below. */
  function renderSections(topic, name, spec, opts) {
    const data = table(topic, name);
    if (!data || !data.columns.includes("section") || !data.rows.length) return renderTable(topic, name, spec, opts);
    const order = [...new Set(data.rows.map((r) => r.section))];
    const key = topic + ":" + name;
    const box = el("div", { className: "ws-sections", dataset: { table: name } });
    const chips = el("div", { className: "ws-chips", role: "group", "aria-label": t(opts.titleKey || name) });
    const content = el("div");
    const show = (section) => {
      state.tabs[key] = section;
      for (const b of chips.children) b.setAttribute("aria-pressed", String(b.dataset.section === section));
      const rows = data.rows.filter((r) => r.section === section);
      content.replaceChildren(renderTable(topic, name, spec, { ...opts, section, data: { columns: data.columns, rows } }));
    };
    for (const section of order) {
      const n = data.rows.filter((r) => r.section === section).length;
      const button = el("button", { type: "button", dataset: { section } }, enumLabel(section),
        el("span", { className: "ws-count", text: "(" + n + ")" }));
      button.addEventListener("click", () => show(section));
      chips.append(button);
    }
    box.append(chips, content);
    show(order.includes(state.tabs[key]) ? state.tabs[key] : order[0]);
    return box;
  }

  /** Tabs over a topic's tables; ``build(name)`` renders one. */
  function renderTabs(topic, body, names, build, labels) {
    const tabs = el("div", { className: "ws-tabs", role: "tablist" });
    const content = el("div", { role: "tabpanel" });
    const show = (name) => {
      state.tabs[topic] = name;
      for (const b of tabs.children) b.setAttribute("aria-selected", String(b.dataset.tab === name));
      content.replaceChildren(build(name));
    };
    for (const name of names) {
      const data = table(topic, name);
      const button = el("button", { type: "button", role: "tab", dataset: { tab: name } }, t(labels[name] || name),
        el("span", { className: "ws-count", text: data ? "(" + data.rows.length + ")" : "" }));
      button.addEventListener("click", () => show(name));
      tabs.append(button);
    }
    body.replaceChildren(tabs, content);
    show(names.includes(state.tabs[topic]) ? state.tabs[topic] : names[0]);
  }

  /** One line naming what the loaded sources do not give (from a checks table), or null. */
  function missingLine(rows, kinds) {
    const missing = rows.filter((r) => r.status !== "available");
    if (!missing.length) return null;
    const line = el("p", { className: "ws-missing" });
    if (kinds) {
      const none = missing.filter((r) => r.field === "events").map((r) => r.kind);
      const fields = new Map();
      for (const r of missing) {
        if (none.includes(r.kind)) continue;
        if (!fields.has(r.field)) fields.set(r.field, []);
        fields.get(r.field).push(enumLabel(r.kind));
      }
      const sep = state.lang === "zh" ? "、" : ", ";
      if (none.length) line.append(el("strong", { text: t("no_events") }), none.map(enumLabel).join(sep));
      if (none.length && fields.size) line.append(el("br"));
      if (fields.size) {
        line.append(el("strong", { text: t("missing_fields") }),
          [...fields].map(([f, ks]) => enumLabel(f) + (state.lang === "zh" ? "（" + ks.join(sep) + "）" : " (" + ks.join(sep) + ")"))
            .join(state.lang === "zh" ? "；" : "; "));
      }
    } else {
      line.append(el("strong", { text: t("missing_fields") }),
        missing.map((r) => enumLabel(r.indicator)).join(state.lang === "zh" ? "、" : ", "));
    }
    return line;
  }

  const KP_TABLES = ["key_patents", "citations", "families", "checks"];
  /** The two sides of each operations table: (from, to) in zh and en. */
  const SIDES = {
    transfers: { zh: ["转让人", "受让人"], en: ["Transferor", "Transferee"] },
    licences: { zh: ["许可人", "被许可人"], en: ["Licensor", "Licensee"] },
    pledges: { zh: ["出质人", "质权人"], en: ["Pledgor", "Pledgee"] },
    litigation: { zh: ["原告/请求人", "被告"], en: ["Plaintiff/requester", "Defendant"] },
  };
  const SIDE_PARTS = {
    zh: { type: "类型", region_name: "地区", country: "国家", parties: "数" },
    en: { type: " type", region_name: " region", country: " country", parties: "s" },
  };
  function sideLabel(name) {
    return (c) => {
      const m = /^(from|to)_(type|region_name|country|parties)$/.exec(c.key);
      if (!m || !SIDES[name]) return null;
      const side = SIDES[name][state.lang][m[1] === "from" ? 0 : 1];
      return side + SIDE_PARTS[state.lang][m[2]];
    };
  }
  const OPS_TABLES = ["transfers", "licences", "pledges", "litigation", "checks"];

  function renderKeyPatents() {
    const body = $("b-keypatents");
    const checks = table("key-patents", "checks");
    const missing = checks ? missingLine(checks.rows, false) : null;
    const tabsBox = el("div");
    body.replaceChildren(...[missing, el("p", { className: "ws-note", text: t("kp_note") }), tabsBox].filter(Boolean));
    renderTabs("key-patents", tabsBox, KP_TABLES, (name) => {
      if (name === "checks") return renderTable("key-patents", "checks", SPEC.kp_checks, { title: t("data_checks") });
      if (name === "key_patents") return renderTable("key-patents", name, SPEC.key_patents, { title: t(name) });
      return renderSections("key-patents", name, SPEC[name], { title: t(name) });
    }, { checks: "data_checks" });
  }

  function renderOperations() {
    const body = $("b-operations");
    const checks = table("operations", "checks");
    const missing = checks ? missingLine(checks.rows, true) : null;
    const tabsBox = el("div");
    body.replaceChildren(...[missing, el("p", { className: "ws-note", text: t("ops_note") }), tabsBox].filter(Boolean));
    renderTabs("operations", tabsBox, OPS_TABLES, (name) => {
      if (name === "checks") return renderTable("operations", "checks", SPEC.ops_checks, { title: t("data_checks") });
      return renderSections("operations", name, SPEC.operations, { title: t(name), columnLabel: sideLabel(name) });
    }, { checks: "data_checks" });
  }

  const RENDER = {
    landscape: renderLandscape, warnings: renderWarnings, layout: renderLayout, targets: renderTargets,
    "key-patents": renderKeyPatents, operations: renderOperations,
  };

  function renderTopic(topic) {
    const problem = state.problems[topic];
    for (const panel of panels(topic)) {
      panel.classList.remove("is-loading");
      setHeadDownloads(panel, topic, !problem && state.data[topic]);
      if (problem) panel.dataset.problem = (problem.status || "") + " " + (problem.detail || problem.title || "");
      else delete panel.dataset.problem;
    }
    if (problem) {
      if (topic === "landscape") ["trend", "lifecycle"].forEach(clearCharts);
      for (const panel of panels(topic)) panel.querySelector(".ws-body").replaceChildren(problemBox(problem));
    } else if (state.data[topic]) {
      RENDER[topic]();
    }
    foldProblems();
  }

  /** One scope problem is said once, in the first panel that meets it; panels with the same problem fold away. */
  function foldProblems() {
    let said = null;
    for (const panel of document.querySelectorAll(".ws-panel")) {
      const problem = panel.dataset.problem;
      panel.hidden = Boolean(problem) && problem === said;
      if (problem && said === null) said = problem;
    }
  }

  function renderAll() {
    updateScopeLinks();
    for (const topic of TOPICS) if (state.data[topic] || state.problems[topic]) renderTopic(topic);
  }

  // ------------------------------------------------------------------------------------------ start
  async function start() {
    applyWords();
    bindScopeBar();
    fillScopeBar();
    // panels that answer before the options are drawn again with them (the scope's regions, the plan's name)
    state.optionsLoad = getJSON("/analysis/options").then(
      (options) => {
        state.options = options;
        state.regions = indexRegions(options.regions);
        fillScopeBar();
        renderAll();
      },
      (err) => {
        const box = $("ws-options-problem");
        box.hidden = false;
        box.replaceChildren(problemBox((err && err.problem) || { detail: String(err) }));
      }
    );
    window.history.replaceState(null, "", pageUrl());
    await load();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
