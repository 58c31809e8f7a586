"""The read-only JSON API for analysts: its URLs (`urls.py`), pagination and rate limit
(`policies.py`) and the answers its schema documents (`docs.py`).

Deals and companies come from `companies.api`, published stories from `articles.api`.
Django REST framework serves them as JSON only (no browsable pages, no sessions, no
writes); drf-spectacular writes the OpenAPI 3 schema at /api/schema/ and its documents
at /api/docs/, with Swagger UI served by this site (drf-spectacular-sidecar), not a CDN.

- Ids: every record has a stable integer `id` (its key; slugs may be edited) and the
  detail URLs use it.
- Cached like the pages: anonymous answers go through the page cache, invalidated with
  the content (`invalidate_content`); a cached answer costs nothing and is not counted.
- Rate-limited per client address (`policies.py`, with the pagination; the address as
  `portal.clients.client_address` reads it): API_RATE requests (default 120/min), then
  429 with Retry-After.
"""
