"""Events: webinars, conferences, roundtables and site visits (issue 31).

An event is content with the newsroom's lifecycle (`portal.publishing`: draft, review,
scheduled, published, with history and a version per edition), edited by Editors like
stories, so it belongs to `articles` (as reports do). Its reader pages, still to come,
will capture registrations, which are leads, so they will belong to `leads`, which
imports `articles` and never the other way round.

Here, in `articles/events/`:
- `models`: `Event` (when, in which zone, where or on which platform, who speaks and
  who sponsors, its status with a reason) and `Speaker`
- `admin`: the newsroom's form (speakers inline), with the lifecycle's review,
  versions per edition and translation panel
"""
