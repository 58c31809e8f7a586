"""The publishing lifecycle every kind of content shares (stories, reports, and the next).

    draft ──submit──▶ review ──publish──▶ published ──(time to come)──▶ "scheduled"
      ▲                  │                    │
      └────send back─────┘◀────unpublish──────┘

- `models`: the abstract `Publishable` (status, publication time, who started it; the
  check constraint, the "publishing without a time means now" rule) and its QuerySet,
  with one method per state: `published()`, `scheduled()`, `in_review()`, `drafts()`,
  `in_state()`, and `shown_to_readers()` (live or scheduled: what changes the site).
- `admin`: `PublishingAdmin` and `PublishingForm`, the newsroom's admin for any of
  them: state badges and filter, times in the newsroom's zone, two-person review
  (writers keep drafts and submit; only holders of `publish_<model>` publish, schedule,
  send back and unpublish), history summaries, the staff preview and the "goes live"
  banner.
- `review`, `tasks`: the e-mail that tells the Editors something waits for review.
- `history`: the one-line summary of each version in the history.

A new kind of content inherits `Publishable`, declares its `publish_<model>` permission
and registers a `PublishingAdmin`: it gets all of the above, not a copy of it.
"""
