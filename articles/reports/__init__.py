"""Reports: full reports (PDFs) readers get free against the request form.

A report is content with the newsroom's lifecycle (`portal.publishing`: draft, review,
scheduled, published, with history) that stories link to, so it belongs to `articles`;
its reader pages capture leads, so they belong to `leads`, which imports `articles` and
never the other way round (the apps' direction: companies ← articles ← leads).

Here, in `articles/reports/`:
- `models`: `Report` (the PDF in private storage under a name nobody can guess)
- `admin`: the newsroom's form and list (the PDF checked by its content on upload)
- `sitemaps`, `feeds`: the reports' sitemap and RSS feed (routed in portal/urls.py)

In `leads/reports.py`: the reader pages (the list, each report's page with its request
form, the staff preview) and the downloads through links signed for one lead
(`leads.delivery`).
"""
