"""The Chinese words of the demo companies, deals and segments (the Chinese edition).

One record of each fact: the figures, dates, currencies and sources stay as
`companies.demo` sets them; these are only the words, written from the source facts'
Chinese names (贝特瑞, 中国宝安, 摩洛哥王国, 穆罕默德六世丹吉尔科技城). Names without an
established Chinese form (the BTR subsidiary in Morocco, the invented demo companies)
are left in their original spelling.
"""

SEGMENTS = {
    "mining": "采矿", "refining": "冶炼", "precursor": "前驱体", "cathode": "正极材料",
    "anode": "负极材料", "electrolyte": "电解液", "separator": "隔膜", "cells": "电芯",
    "packs": "电池包", "evs": "电动汽车", "recycling": "回收", "energy-storage": "储能",
    "solar": "光伏",
}  # fmt: skip

COMPANIES = {
    "china-baoan-group": {
        "name": "中国宝安",
        "legal_name": "中国宝安集团股份有限公司",
        "city": "深圳",
        "summary": "中国上市企业集团，贝特瑞的母公司。",
        "description": "中国宝安是一家中国上市公司，旗下控股全球最大的电池负极材料生产商"
        "**贝特瑞**。",
    },
    "btr-new-material-group": {
        "name": "贝特瑞",
        "legal_name": "贝特瑞新材料集团股份有限公司",
        "city": "深圳",
        "stock_exchange": "北京证券交易所",
        "summary": "全球最大的锂离子电池负极材料生产商，同时生产正极材料和电池新材料。",
        "description": "贝特瑞生产锂离子电芯内部的关键材料：核心业务负极材料，以及正极材料和"
        "多种电池新材料，自称综合性电池材料供应商。\n\n"
        "贝特瑞是上市公司**中国宝安**的子公司，自身股票自2021年起在北京证券交易所交易。\n\n"
        "在海外，贝特瑞正在摩洛哥建设一座正极材料工厂和一座负极材料工厂，并在印度尼西亚"
        "建设负极材料基地。",
        "facts": [
            ("负极市场地位", "负极材料市场份额连续14年全球第一（公司说法）"),
            ("上市", "2021年起在北京证券交易所上市，股票代码835185"),
            (
                "印度尼西亚负极基地",
                "2024年8月与合作方共同投产，为其在中国以外的首个负极项目。"
                "各方报道对贝特瑞持股比例、产能及所在园区说法不一。",
            ),
        ],
    },
    "btr-mediterranean-new-material-technology": {
        "summary": "贝特瑞在地中海地区设立的子公司，负责实施其摩洛哥项目。",
        "description": "贝特瑞设立该子公司统筹其在摩洛哥的电池材料项目，并在全球范围招聘"
        "技术人员、工程师和管理人员。",
    },
    "kingdom-of-morocco": {
        "name": "摩洛哥王国",
        "legal_name": "摩洛哥王国政府",
        "city": "拉巴特",
        "summary": "贝特瑞电池材料工厂的东道国政府，致力于把摩洛哥打造为电动汽车电池生产枢纽。",
        "description": "摩洛哥同时与欧盟和美国签有自由贸易协定，拥有自身矿产资源，地处欧洲与"
        "非洲之间，将自己定位为电动汽车电池生产枢纽。",
        "facts": [("自由贸易协定", "与欧盟、美国分别签有自由贸易协定")],
    },
}

DEALS = {
    "btr-tangier-cathode-plant": {
        "title": "贝特瑞丹吉尔三元正极材料工厂",
        "chemistry": "三元（NCM）",
        "summary": "摩洛哥政府与贝特瑞签署投资协议，在穆罕默德六世丹吉尔科技城建设5万吨/年"
        "三元正极材料工厂，分两期建设。协议于2024年3月29日在拉巴特签署，由首相阿齐兹·"
        "阿赫努什主持签约仪式；金额另有30亿迪拉姆的报道。",
        "editor_note": "一篇报道曾称该工厂生产负极材料，但同一报道后文以及包括贝特瑞公告在内的"
        "其他签约报道均称其为三元正极材料工厂，本条记录的数据均属正极项目。贝特瑞在摩洛哥的"
        "负极材料工厂另列为一条交易记录。",
        "region": "丹吉尔",
        "site_name": "穆罕默德六世丹吉尔科技城",
        "phases": {1: "一期", 2: "其余产能，合计5万吨/年"},
        "history": "在拉巴特签署投资协议",
    },
    "btr-morocco-anode-plant": {
        "title": "贝特瑞摩洛哥负极材料工厂",
        "chemistry": "石墨",
        "summary": "贝特瑞在摩洛哥的第二个独立项目：6万吨/年负极材料工厂，建设期约两年，"
        "由子公司 BTR Mediterranean New Material Technology 实施。",
        "editor_note": "投资额报道为最高3.66亿美元，部分媒体报道为3.5亿美元。预计完工年份"
        "根据报道的约两年建设期推算。",
        "history": "2024年8月见诸报道",
    },
}

# The invented demo records: their names stay as they are; their words are translated.
DEMO_MARK = "演示记录：仅作示意，并非报道事实。"
COMPANIES.update({
    "northwind-cells": {"city": "德布勒森", "summary": f"电池电芯制造商。{DEMO_MARK}"},
    "andes-lithium-refining": {"summary": f"锂化学品精炼企业。{DEMO_MARK}"},
    "great-lakes-recycling": {"summary": f"电池回收企业。{DEMO_MARK}"},
    "nordic-precursor": {"summary": f"正极前驱体生产商。{DEMO_MARK}"},
    "sulawesi-nickel-partners": {"summary": f"镍加工投资平台。{DEMO_MARK}"},
    "sunbelt-storage": {"summary": f"光伏与储能电站开发商。{DEMO_MARK}"},
})  # fmt: skip
DEALS.update({
    "demo-northwind-debrecen-cells": {
        "title": "Northwind Cells 德布勒森超级工厂", "region": "德布勒森", "chemistry": "磷酸铁锂",
        "editor_note": DEMO_MARK,
    },
    "demo-andes-lithium-hydroxide": {
        "title": "Andes 氢氧化锂精炼厂", "region": "安托法加斯塔", "editor_note": DEMO_MARK,
    },
    "demo-great-lakes-recycling-ohio": {
        "title": "Great Lakes 俄亥俄回收中心", "region": "俄亥俄州", "editor_note": DEMO_MARK,
    },
    "demo-nordic-pcam-kokkola": {
        "title": "Nordic 科科拉前驱体工厂", "region": "科科拉", "chemistry": "三元前驱体",
        "editor_note": DEMO_MARK,
    },
    "demo-sulawesi-hpal": {
        "title": "苏拉威西镍湿法冶炼项目股权", "region": "中苏拉威西省", "chemistry": "氢氧化镍钴",
        "editor_note": DEMO_MARK,
    },
    "demo-sunbelt-andalusia-storage": {
        "title": "Sunbelt 安达卢西亚光储项目", "region": "安达卢西亚", "editor_note": DEMO_MARK,
    },
})  # fmt: skip
