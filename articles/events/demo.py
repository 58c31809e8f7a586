"""The demo's events: a webinar to come (with its Chinese version) and a roundtable
held three weeks ago with its recording. Sponsors are the demo's invented companies;
speakers are the demo's own journalists. Times are set from the day the demo is loaded."""

import zoneinfo
from datetime import datetime, time, timedelta

from django.utils import timezone

from companies.models import Company, Deal

from ..models import Article
from .models import Event, Speaker

WEBINAR = {
    "slug": "webinar-btr-tangier-cathode-plant",
    "kind": Event.Kind.WEBINAR,
    "title": "Webinar: what BTR's Tangier cathode plant means for Europe's cell makers",
    "summary": (
        "BTR New Material Group signed a USD 297 million agreement with Morocco at the end "
        "of March 2024 for a ternary cathode material plant in Mohammed VI Tangier Tech City: "
        "50,000 tonnes a year in two phases, 2,500 jobs, completion expected in September "
        "2026. Our editors go through what is known, what the sources disagree on, and what "
        "it means for cell makers buying cathode material in Europe. Questions welcome. "
        "(Demo event.)"
    ),
    "agenda": "\n".join(
        [
            "14:00 Welcome and the deal in figures",
            "14:10 The plant, phase by phase: 25,000 t/yr first",
            "14:25 The second plant: anode material, up to USD 366 million",
            "14:40 Questions from the audience",
        ]
    ),  # fmt: skip
    "days": 10,
    "hour": 14,
    "minutes": 60,
    "time_zone": "Europe/London",
    "platform": "Zoom",
    "capacity": 300,
    "sponsors": ["northwind-cells"],
    "companies": ["btr-new-material-group", "kingdom-of-morocco"],
    "speakers": [
        ("Leila Bennani", "North Africa correspondent"),
        ("Tom Whitaker", "Battery materials editor"),
    ],  # fmt: skip
}
ROUNDTABLE = {
    "slug": "roundtable-morocco-battery-hub",
    "kind": Event.Kind.ROUNDTABLE,
    "title": "Roundtable: Morocco as a hub for EV batteries",
    "summary": (
        "Morocco's pitch to battery makers: trade agreements with Europe and the United "
        "States, phosphate and cobalt, and a first series of large plants, BTR's among "
        "them. Our editors and readers on what has been signed and what is still talk. "
        "The recording is available. (Demo event.)"
    ),
    "agenda": "",
    "days": -21,
    "hour": 10,
    "minutes": 75,
    "time_zone": "Africa/Casablanca",
    "platform": "Microsoft Teams",
    "capacity": None,
    "sponsors": ["great-lakes-recycling"],
    "companies": ["kingdom-of-morocco", "btr-new-material-group"],
    "speakers": [("Leila Bennani", "North Africa correspondent")],
    "recording_url": "https://example.com/recordings/morocco-battery-hub",
}
WEBINAR_ZH = {
    "title": "网络研讨会：贝特瑞丹吉尔正极材料工厂对欧洲电芯企业意味着什么",
    "summary": (
        "2024年3月底，贝特瑞新材料集团与摩洛哥签署2.97亿美元投资协议，在穆罕默德六世丹吉尔科技城"
        "建设三元正极材料工厂：年产能5万吨，分两期建设，创造2500个就业岗位，预计2026年9月建成。"
        "本站编辑将梳理已知信息、各方报道的分歧，以及这对在欧洲采购正极材料的电芯企业意味着什么。"
        "欢迎提问。（演示活动）"
    ),
    "agenda": "\n".join(
        [
            "14:00 开场：协议要点与数字",
            "14:10 工厂分期建设：一期年产2.5万吨",
            "14:25 第二座工厂：负极材料，投资最高3.66亿美元",
            "14:40 观众问答",
        ]
    ),  # fmt: skip
    "roles": ["北非记者", "电池材料编辑"],
}


def load(stdout=None):
    """Create the demo events that do not exist yet; return how many."""
    created = sum(_create(spec) for spec in (WEBINAR, ROUNDTABLE))
    webinar = Event.objects.filter(slug=WEBINAR["slug"]).first()
    if webinar is not None and not webinar.translations().exists():
        version = webinar.start_version("zh-hans")
        version.title, version.summary = WEBINAR_ZH["title"], WEBINAR_ZH["summary"]
        version.agenda, version.platform = WEBINAR_ZH["agenda"], webinar.platform
        version.status, version.published_at = Event.Status.PUBLISHED, webinar.published_at
        version.mark_in_line_with_source()
        version.save()
        for speaker, role in zip(version.speakers.all(), WEBINAR_ZH["roles"], strict=False):
            speaker.role = role
            speaker.save()
        created += 1
    if stdout is not None:
        stdout.write(f"Events: {created} created.")
    return created


def _create(spec):
    if Event.objects.filter(slug=spec["slug"]).exists():
        return 0
    day = timezone.localdate() + timedelta(days=spec["days"])
    starts = timezone.make_aware(datetime.combine(day, time(spec["hour"])),
                                 zoneinfo.ZoneInfo(spec["time_zone"]))  # fmt: skip
    event = Event.objects.create(
        slug=spec["slug"], kind=spec["kind"], title=spec["title"], summary=spec["summary"],
        agenda=spec["agenda"], starts_at=starts,
        ends_at=starts + timedelta(minutes=spec["minutes"]), time_zone=spec["time_zone"],
        online=True, platform=spec["platform"], capacity=spec["capacity"],
        join_url="https://example.com/join/" + spec["slug"],
        recording_url=spec.get("recording_url", ""),
        status=Event.Status.PUBLISHED,
        published_at=min(timezone.now(), starts) - timedelta(days=14),
    )  # fmt: skip
    event.sponsors.set(Company.objects.filter(slug__in=spec["sponsors"]))
    event.companies.set(Company.objects.filter(slug__in=spec["companies"]))
    event.deals.set(
        Deal.objects.filter(parties__company__slug="btr-new-material-group").distinct()[:2]
    )
    event.articles.set(Article.objects.filter(companies__slug="btr-new-material-group",
                                              language="en-gb").distinct()[:3])  # fmt: skip
    for position, (name, role) in enumerate(spec["speakers"]):
        Speaker.objects.create(event=event, name=name, role=role, position=position)
    return 1
