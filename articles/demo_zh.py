"""The Chinese edition's demo content: the newsroom's words in 简体中文.

Written from the same source facts (`../shared/brief/source-facts.md`) with the same
figures and dates as the English stories; only the words differ. Each Chinese story is its
own record, linked to its English version by the translation key, and says at its end
that it is the demo site's translation. Names without an established Chinese form
(people, a subsidiary) stay in their original spelling, as Chinese trade papers print them.
"""

from datetime import timedelta

SECTIONS = {
    "batteries": ("电池", "电芯、电池包及其制造企业。"),
    "battery-materials": ("电池材料", "正极、负极、电解液与隔膜材料，以及生产它们的工厂。"),
    "energy-storage": ("储能", "电网侧与用户侧储能项目。"),
    "solar": ("光伏", "光伏制造、电站项目及配套储能。"),
    "ev-supply-chain": ("电动汽车供应链", "从矿山、冶炼到回收：电动汽车背后的产业链。"),
    "policy-trade": ("政策与贸易", "关税、贸易协定、补贴与监管。"),
    "investment": ("投资", "工厂、交易以及电池产业扩张背后的资金。"),
}

TAGS = {
    "BTR": "贝特瑞", "Morocco": "摩洛哥", "Cathode": "正极材料", "NCM": "三元材料",
    "Tangier": "丹吉尔", "Anode": "负极材料", "Trade": "贸易", "Company profile": "企业简介",
    "Critical minerals": "关键矿产", "Tin": "锡", "United States": "美国", "Recycling": "回收",
    "Indonesia": "印度尼西亚", "China Baoan Group": "中国宝安", "Demo content": "演示内容",
}  # fmt: skip

AUTHORS = {
    "leila-bennani": ("北非记者", "报道马格里布地区的产业政策与投资。（演示作者简介）"),
    "tom-whitaker": ("电池材料编辑", "关注正负极材料及其生产企业。（演示作者简介）"),
    "mei-lin": ("亚洲供应链记者", "跟踪中国及东南亚电池供应商及其海外工厂。（演示作者简介）"),
    "daniel-okafor": ("市场与贸易记者", "报道关键矿产、贸易政策与大宗商品市场。（演示作者简介）"),
}

TRANSLATION_NOTE = "\n\n---\n\n*本文中文版为演示站点的译文，事实与数字同英文版一致。*"

BTR_MOROCCO = """\
中国电池材料企业贝特瑞与摩洛哥政府签署投资协议，将投资2.97亿美元在摩洛哥北部建设
电动汽车电池用三元正极材料工厂。签约仪式于2024年3月29日在拉巴特举行，由摩洛哥首相
阿齐兹·阿赫努什主持。

该项目金额另有约30亿迪拉姆的报道。工厂选址穆罕默德六世丹吉尔科技城，这一丹吉尔附近的
新工业园区在各方报道中名称不一，另有 Tangier Technopark City、Tanger Technology City
等叫法。

## 关键数据

| | |
|---|---|
| 投资额 | 2.97亿美元（约30亿迪拉姆） |
| 产品 | 锂离子电池用三元（NCM）正极材料 |
| 产能 | 5万吨/年，分两期建设 |
| 一期 | 2.5万吨/年 |
| 选址 | 穆罕默德六世丹吉尔科技城，占地15公顷 |
| 就业 | 2500个岗位 |
| 完工 | 预计2026年9月 |

## 系列项目的第一个

摩洛哥投资事务大臣 Jazouli 在签约仪式上表示，这是摩洛哥有望引进的一系列大型电动汽车
电池项目中的第一个。摩洛哥同时与欧盟和美国签有自由贸易协定，近年来一直在争取希望贴近
欧洲车企的供应商落户。

为推进项目，贝特瑞已在地中海地区设立子公司，并在全球范围招聘技术人员、工程师和管理人员。

## 负极还是正极？

有一篇早期报道称该工厂生产负极材料，但同一报道后文以及包括贝特瑞公告在内的其他签约报道
均称其为三元正极材料工厂。上表中的产能、面积和就业数据均属于正极项目。贝特瑞于2024年
晚些时候另行宣布在摩洛哥建设负极材料工厂。
"""

BTR_ANODE = """\
继正极材料项目之后，贝特瑞在摩洛哥推出第二个独立投资项目：一座负极材料工厂。

负极项目投资额最高3.66亿美元，也有媒体报道为3.5亿美元。规划产能6万吨/年，建设期约两年。

项目将由贝特瑞为统筹摩洛哥项目而设立的子公司 BTR Mediterranean New Material Technology
负责实施。

| | |
|---|---|
| 投资额 | 最高3.66亿美元（部分报道：3.5亿美元） |
| 产品 | 锂离子电池负极材料 |
| 产能 | 6万吨/年 |
| 建设期 | 约两年 |
| 项目公司 | BTR Mediterranean New Material Technology |

加上2024年3月签约的2.97亿美元三元正极材料工厂，摩洛哥将从同一家供应商获得锂离子电芯
正负两极的关键材料。
"""

MOROCCO_HUB = """\
摩洛哥不满足于只做汽车组装地。过去几年，摩洛哥官员一直把本国推介为电动汽车电池材料和
零部件的生产基地，贝特瑞的丹吉尔项目是首批落地的大项目之一。

## 三大卖点

1. **市场准入。** 摩洛哥同时与欧盟和美国签有自由贸易协定，在当地生产的材料可以较优惠的
   条件进入全球两大汽车市场。
2. **资源。** 摩洛哥拥有电池企业及其供应商希望就近获取的矿产资源。
3. **区位。** 丹吉尔地处欧洲与非洲之间，与西班牙隔海相望，拥有大型港口和成熟的汽车产业。

2024年3月贝特瑞在拉巴特签署2.97亿美元正极材料投资协议时，摩洛哥投资事务大臣称这是
一系列大型电动汽车电池项目中的第一个。这一雄心能否兑现，要看项目能否按期完工：贝特瑞的
第一座工厂预计于2026年9月建成。
"""

BTR_PROFILE = """\
贝特瑞最为人熟知的身份，是全球最大的负极材料生产商。负极材料是构成锂离子电芯负极的
石墨类粉体。公司称其负极材料出货量已连续十四年位居全球第一。

贝特瑞成立于2000年8月，如今自称综合性电池材料供应商，核心产品包括负极材料、正极材料
以及多种电池新材料。

## 股权与上市

贝特瑞是上市公司中国宝安的子公司。贝特瑞自身股票自2021年起在北京证券交易所交易，
股票代码835185。

## 走向海外

在国内深耕多年后，贝特瑞正把产能布局到更靠近客户的海外市场：

- **摩洛哥**：2024年3月签约、位于穆罕默德六世丹吉尔科技城的2.97亿美元三元正极材料
  工厂，以及同年晚些时候宣布的负极材料工厂。
- **印度尼西亚**：负极材料基地，是其在中国以外的首个负极项目，据报道于2024年8月与
  当地合作方共同投产。各方报道对贝特瑞的持股比例、产能和具体园区说法不一。

由于海外项目的报道往往细节不一，本站企业页面为每项关键事实注明所指日期和来源。
"""

TIN = """\
据11月28日发自伦敦的一篇通讯社报道，美国正寄望于废金属回收来弥补关键矿产缺口。

锡最能说明问题的严重程度。自1991年得克萨斯州的 Longhorn 冶炼厂关闭以来，美国再无锡
冶炼厂，国内用锡企业只能依赖海外生产的精炼锡。

锡主要用于焊料，连接每一块电路板上的元件，电池、充电器和电动汽车中的电路板也不例外。
从废料中回收锡及其他关键金属，无需新开矿山即可增加国内供应，但需要美国此前已经放弃的
加工产能。
"""

INDONESIA = """\
据报道，贝特瑞位于印度尼西亚的负极材料基地已于本月投产，这是公司在中国以外的首个负极
材料项目。

该项目与一家合作方共同建设。各方报道对贝特瑞的持股比例、工厂产能以及所在工业园区说法
不一，因此本站将这些细节作为注明日期和来源的事实记录在贝特瑞的企业页面上，而不当作
定论。

印度尼西亚是全球最大的镍生产国，一直通过出口规定和激励政策吸引电池材料企业在当地投资
建厂。对贝特瑞而言，印度尼西亚基地与摩洛哥项目一样，是其在中国以外贴近客户生产的整体
布局的一部分。
"""

BAOAN = """\
关注贝特瑞海外扩张的读者会不断看到另一个名字：贝特瑞的上市母公司中国宝安。

中国宝安最知名的控股企业正是贝特瑞。这家负极材料生产商的摩洛哥和印度尼西亚项目屡登
新闻。贝特瑞自身则于2021年起在北京证券交易所单独上市，股票代码835185。

对投资者和分析师而言，这种两级结构很重要：贝特瑞的业绩并入母公司报表，而像丹吉尔
2.97亿美元正极材料项目这样的大型海外工厂，其决策是在一个业务不限于电池的集团内部作出的。

本站的企业页面以树状结构展示此类企业集团，读者可以从项目追溯到运营企业，再到其所属集团。
"""

# {English slug: the Chinese version's words}; published two hours after the English.
STORIES = {
    "btr-signs-297m-cathode-plant-morocco": {
        "title": "贝特瑞与摩洛哥签约，2.97亿美元在丹吉尔建正极材料工厂",
        "dek": "这家中国电池材料企业将在穆罕默德六世丹吉尔科技城建设5万吨/年三元正极材料工厂，"
        "预计2026年9月建成。",
        "body": BTR_MOROCCO,
        "alt": "抽象插图：深色背景上散布的圆点与一枚地图标记。",
        "caption": "插图：摩洛哥北部地图上的工厂选址。",
    },
    "btr-second-morocco-plant-anode": {
        "title": "贝特瑞拟在摩洛哥建第二座工厂，这次生产负极材料",
        "dek": "最高3.66亿美元的投资将在集团正极项目之外新增6万吨/年负极材料产能。",
        "body": BTR_ANODE,
        "alt": "抽象插图：不同电量的电池电芯。",
    },
    "morocco-ev-battery-hub": {
        "title": "摩洛哥为何力推自己成为电动汽车电池枢纽",
        "dek": "与欧美的贸易协定、矿产资源和横跨两大洲的区位，是摩洛哥的三大卖点。",
        "body": MOROCCO_HUB,
        "alt": "抽象插图：圆点之间的一枚位置标记。",
    },
    "btr-new-material-group-profile": {
        "title": "贝特瑞：走向全球的负极材料巨头",
        "dek": "贝特瑞成立于2000年，隶属中国宝安，负极材料出货量连续十四年全球第一。",
        "body": BTR_PROFILE,
        "alt": "抽象插图：网格上的电池电芯。",
    },
    "us-scrap-critical-minerals-tin": {
        "title": "美国寄望废料回收弥补关键矿产缺口",
        "dek": "自1991年得克萨斯州 Longhorn 冶炼厂关闭后，美国再无锡冶炼厂，只能依赖进口精炼锡。",
        "body": TIN,
        "alt": "抽象插图：起伏的折线图。",
    },
    "btr-indonesia-anode-base": {
        "title": "贝特瑞在印度尼西亚建成首个海外负极材料基地",
        "dek": "持股、产能和园区说法不一，但方向明确：生产正在向客户靠拢。",
        "body": INDONESIA,
        "alt": "抽象插图：圆点之间的一枚位置标记。",
    },
    "china-baoan-group-parent-of-btr": {
        "title": "中国宝安：贝特瑞背后的上市母公司",
        "dek": "谁拥有全球最大的负极材料生产商？这一股权结构为何对投资者重要？",
        "body": BAOAN,
        "alt": "抽象插图：深色背景上的折线图。",
    },
}
PUBLISHED_LATER_BY = timedelta(hours=2)


def chinese_slug(slug):
    """The Chinese version's slug (slugs are unique across editions)."""
    return f"{slug}-zh"


REPORT = {
    "title": "贝特瑞在摩洛哥：丹吉尔正极材料工厂及后续布局",
    "summary": (
        "本站关于贝特瑞摩洛哥投资的完整报告：2024年3月底在拉巴特签约、投资2.97亿美元、"
        "位于穆罕默德六世丹吉尔科技城的三元正极材料工厂（5万吨/年，分两期建设，预计2026年"
        "9月建成），同年8月宣布的最高3.66亿美元负极材料工厂，以及母公司中国宝安。"
        "（演示报告）"
    ),
    "contents": (
        "签约：拉巴特，2024年3月29日\n关键数据：金额、产能、分期、选址、就业与时间表\n"
        "负极还是正极：来源为何不一致\n第二座工厂：最高3.66亿美元的负极材料项目\n"
        "企业：贝特瑞、中国宝安与项目子公司"
    ),
}


def report_pdf_pages(site_name):
    """The Chinese report's PDF, page by page: title page, contents, the agreement's
    facts (the same figures as the English PDF)."""
    title = [(22, "贝特瑞在摩洛哥"), (14, "丹吉尔正极材料工厂及后续布局"), (11, ""),
             (11, f"{site_name}：免费完整报告（演示内容）")]  # fmt: skip
    contents = [(16, "目录")] + [
        (11, f"{n}. {line}") for n, line in enumerate(REPORT["contents"].splitlines(), 1)
    ]
    facts = [(16, "投资协议"), (11, "2024年3月底在拉巴特签约。"),
             (11, "投资额：2.97亿美元（另有报道为30亿迪拉姆）。"),
             (11, "三元正极材料：5万吨/年，分两期建设（一期2.5万吨/年）。"),
             (11, "选址：穆罕默德六世丹吉尔科技城，占地15公顷；提供2500个就业岗位。"),
             (11, "签约时公布的预计建成时间：2026年9月。")]  # fmt: skip
    return [title, contents, facts]


# The translators' glossary (articles.GlossaryEntry), from the brief's established names:
# (English, other English names, Chinese, kind).
GLOSSARY = [
    ("BTR New Material Group", "BTR, BTR Group", "贝特瑞", "company"),
    ("China Baoan Group", "China Baoan", "中国宝安", "company"),
    ("anode material", "anode materials, negative-electrode material", "负极材料", "segment"),
    ("cathode material", "cathode materials, positive-electrode material", "正极材料", "segment"),
    ("ternary", "NCM", "三元", "term"),
    ("lithium-ion battery", "lithium-ion batteries", "锂离子电池", "term"),
    ("investment agreement", "", "投资协议", "term"),
    ("tonnes per year", "tonnes a year, t/yr", "吨/年", "term"),
    ("hectare", "hectares", "公顷", "term"),
    ("Morocco", "Kingdom of Morocco", "摩洛哥", "term"),
    ("Rabat", "", "拉巴特", "term"),
    ("Tangier", "", "丹吉尔", "term"),
    ("Mohammed VI Tangier Tech City", "", "穆罕默德六世丹吉尔科技城", "term"),
    ("Indonesia", "", "印度尼西亚", "term"),
    ("Aziz Akhannouch", "", "阿齐兹·阿赫努什", "term"),
]
