"""Time the newsroom's admin pages at the archive's size (issue 16, item 7).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/admin_bench \\
        .venv/bin/python bench/admin.py --articles 100000

Seeds the database first when it holds fewer articles than asked (`seed_bulk`, plus
the demo content, then VACUUM ANALYZE as autovacuum would), then requests each page in
this process through Django's test client, signed in as a member of the Editors role,
with DEBUG off (no query log) and the real cache. Each page is requested twice to warm
up and then `--rounds` times; the table shows the median and slowest time, the SQL
queries and the HTML size, and each page's ratio to the admin's index page measured in
the same run (the baseline: an admin page that reads no articles). The target is
300 ms per page at 100,000 articles.

With `--translated 0.3` (the default), 30 % of the English stories get a Chinese version
and a tenth of those wait in "Translations to update" (issue 30, item 7), so the list
and a translation's form (the source beside it, its diff, the glossary and figures
checks) are measured at that size too.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300


def setup(args):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.update(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="testserver", DJANGO_SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=tempfile.mkdtemp(prefix="bench-static-"),
    )  # fmt: skip
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)  # the manifest DEBUG-off needs


def ensure_database(url):
    """Create the benchmark's database when it does not exist yet."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        return
    name = parts.path.lstrip("/")
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def seed(articles):
    from django.core.management import call_command

    from articles.models import Article

    call_command("migrate", verbosity=0)
    have = Article.objects.count()
    if have >= articles:
        return f"{have:,} articles already there"
    started = time.perf_counter()
    call_command("load_demo", verbosity=0)
    call_command(
        "seed_bulk", articles=articles - have, companies=max(articles // 100, 10),
        deals=max(articles // 100, 10), leads=1000, quiet=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    vacuum()
    return f"seeded {articles - have:,} articles in {seconds:.0f} s, then VACUUM ANALYZE"


def translate(share):
    """Give `share` of the English stories a published Chinese version (once), and put a
    tenth of those in "Translations to update"; return what was done."""
    from datetime import timedelta

    from django.utils import timezone

    from articles.models import Article, GlossaryEntry

    english = Article.objects.filter(language="en-gb")
    wanted = int(english.count() * share)
    have = Article.objects.filter(language="zh-hans").count()
    if have >= wanted:
        return f"{have:,} Chinese versions already there"
    started = time.perf_counter()
    skip = {"id", "slug", "language", "search_vector"}
    fields = [f.attname for f in Article._meta.concrete_fields if f.attname not in skip]
    untranslated = english.exclude(
        translation_key__in=Article.objects.filter(language="zh-hans").values("translation_key")
    ).order_by("pk")
    now = timezone.now()
    for offset in range(0, wanted - have, 2000):
        rows = untranslated.values("slug", *fields)[: min(2000, wanted - have - offset)]
        Article.objects.bulk_create(
            Article(**{**row, "slug": f"{row['slug'][:190]}-zh", "language": "zh-hans",
                       "title": f"中文：{row['title']}"[:200], "source_synced_at": now})
            for row in rows
        )  # fmt: skip
    waiting = Article.objects.filter(language="zh-hans").order_by("pk").values("pk")
    Article.objects.filter(pk__in=waiting[: wanted // 10]).update(
        source_changed_at=now - timedelta(hours=5)
    )
    call_command_quiet("load_demo")  # the glossary (and demo translations) once
    seconds = time.perf_counter() - started
    vacuum()
    return (f"{wanted - have:,} Chinese versions in {seconds:.0f} s ({wanted // 10:,} to "
            f"update), {GlossaryEntry.objects.count()} glossary entries")  # fmt: skip


def call_command_quiet(name):
    from django.core.management import call_command

    call_command(name, verbosity=0)


def vacuum():
    """What autovacuum does soon after a bulk load: statistics and the visibility map
    (without it, counts read every row from the table instead of the index)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def pages():
    """(name, URL) of the measured pages, from what the seeded database holds."""
    from articles.models import Article, Section

    section = Section.objects.order_by("pk").first()
    story = Article.objects.published().order_by("-published_at").first()
    changelist = "/admin/articles/article/"
    return [
        ("admin index (baseline)", "/admin/"),
        ("article list", changelist),
        ("search: cathode", f"{changelist}?q=cathode"),
        ("search: two words", f"{changelist}?q=lithium+plant"),
        ("search: slug", f"{changelist}?q={story.slug}"),
        ("filter: scheduled", f"{changelist}?state=scheduled"),
        ("filter: in review", f"{changelist}?state=review"),
        ("filter: section", f"{changelist}?section__id__exact={section.pk}"),
        ("list page 1,000 (row 50,000)", f"{changelist}?p=1000"),
        ("what goes live when", f"{changelist}schedule/"),
        ("change form", f"{changelist}{story.pk}/change/"),
        ("image library", "/admin/articles/image/"),
        *translation_pages(changelist),
    ]


def translation_pages(changelist):
    """The translation desk's pages, where the database holds translations."""
    from articles.models import Article

    oldest = Article.objects.to_update("zh-hans").first()
    if oldest is None:
        return []
    return [
        ("translations to update", f"{changelist}translations-to-update/"),
        ("a translation's form (source changed)", f"{changelist}{oldest.pk}/change/"),
    ]


def sales_pages():
    """(name, URL) of the sales desk's pages, with search terms from a seeded lead."""
    from datetime import timedelta

    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from leads.models import Lead

    lead = Lead.objects.exclude(article=None).order_by("-pk").first()
    seller = User.objects.get(username="bench-sales")
    if not Lead.objects.filter(assignee=seller).exists():  # a queue of 2,000, 100 due today
        mine = Lead.objects.order_by("pk").values_list("pk", flat=True)[:2000]
        Lead.objects.filter(pk__in=list(mine)).update(assignee=seller)
        due = Lead.objects.filter(assignee=seller).values_list("pk", flat=True)[:100]
        Lead.objects.filter(pk__in=list(due)).update(follow_up_on=timezone.localdate())
    Group.objects.get(name="Sales").user_set.add(seller)
    year_ago = (timezone.localdate() - timedelta(days=365)).isoformat()
    desk = "/admin/leads/lead/"
    return [
        ("lead list", desk),
        ("my queue", f"{desk}?queue=mine"),
        ("follow-ups due today", f"{desk}?queue=due"),
        ("overdue", f"{desk}?queue=overdue"),
        ("status: new", f"{desk}?status__exact=new"),
        ("search: name", f"{desk}?q={lead.name.split()[0]}"),
        ("search: e-mail", f"{desk}?q={lead.email}"),
        ("search: company", f"{desk}?q={lead.company.split()[0]}"),
        ("filter: article", f"{desk}?article={lead.article_id}"),
        ("list page 1,000 (row 50,000)", f"{desk}?p=1000"),
        ("a lead's page", f"{desk}{lead.pk}/change/"),
        ("what brings leads (30 days)", f"{desk}attribution/"),
        ("what brings leads (a year)", f"{desk}attribution/?since={year_ago}"),
    ]


def measure_export(client, action, leads=100_000):
    """Export `leads` leads (every lead of a status, as "select all" does) with `action`:
    queued, and made by the task queue (in this process: no broker); return the seconds
    from the request to the finished file, the file's MB and how much the process's peak
    memory grew."""
    import resource

    from leads.models import Lead, LeadExport

    status = max(Lead.Status.values, key=lambda s: Lead.objects.filter(status=s).count())
    count = Lead.objects.filter(status=status).count()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = client.post(
        f"/admin/leads/lead/?status__exact={status}",
        {"action": action, "select_across": "1", "index": "0",
         "_selected_action": [Lead.objects.filter(status=status).values_list("pk", flat=True)[0]]},
    )  # fmt: skip
    assert response.status_code == 302, response.status_code
    seconds = time.perf_counter() - started
    size = LeadExport.objects.latest("pk").file.size
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return {"leads": count, "seconds": seconds, "mb": size / 1e6, "peak_growth_mb": grown}


def measure(client, url, rounds):
    from django.db import connection

    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)
    ):
        client.get(url)
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "median": statistics.median(times), "max": max(times),
        "queries": len(queries), "kb": len(response.content) / 1024,
    }  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--translated", type=float, default=0.3)
    args = parser.parse_args()
    ensure_database(os.environ.get("DATABASE_URL", ""))
    setup(args)
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client

    print(seed(args.articles))
    if args.translated:
        print(translate(args.translated))
    print(f"PostgreSQL {connection.cursor().connection.server_version}, {connection.vendor}")
    editor, _ = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    results = [(name, url, measure(client, url, args.rounds)) for name, url in pages()]
    from leads.models import Lead

    if Lead.objects.count() >= 100_000:
        from leads.rollups import roll_up_days

        started, days = time.perf_counter(), 0
        while rolled := roll_up_days():
            days += rolled
        print(f"attribution roll-ups: {days:,} days in {time.perf_counter() - started:.1f} s")
        vacuum()  # statistics of the new roll-ups, as autovacuum would gather
        seller, _ = User.objects.get_or_create(username="bench-sales", defaults={"is_staff": True})
        sales = Client()
        sales.force_login(seller)
        results += [(f"sales: {name}", url, measure(sales, url, args.rounds))
                    for name, url in sales_pages()]  # fmt: skip
    exports = []
    if Lead.objects.count() >= 100_000:
        exports = [
            (action, measure_export(sales, action)) for action in ("export_xlsx", "export_csv")
        ]
    baseline = results[0][2]["median"]
    print(f"\n| page | median ms | max ms | ratio to index | SQL queries | HTML KB | "
          f"within {TARGET_MS} ms |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, _url, r in results:
        ok = "yes" if r["max"] <= TARGET_MS else "**no**"
        print(f"| {name} | {r['median']:.0f} | {r['max']:.0f} | {r['median'] / baseline:.1f} | "
              f"{r['queries']} | {r['kb']:.0f} | {ok} |")  # fmt: skip
    for action, e in exports:
        print(f"\n{action}: {e['leads']:,} leads in {e['seconds']:.1f} s, {e['mb']:.1f} MB file, "
              f"peak memory grew {e['peak_growth_mb']:.0f} MB")  # fmt: skip
    return 0 if all(r["max"] <= TARGET_MS for _, _, r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
