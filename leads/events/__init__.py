"""Events' reader side: registrations are leads, so they live in `leads` (the events
themselves, content with the newsroom's lifecycle, are `articles.events`).

Here, in `leads/events/`:
- `forms`: the registration form (the lead form's fields, defences and consents, with
  the event's own: registration, and the sponsors' contact as its own purpose)
- `services`: register (a place, or the waiting list), cancel and move the list up,
  reminders, announcements of changes and the recording, attendance imports, sponsor
  exports; every e-mail through the outbox (`portal.outbox`)
- `links`: the personal links (join, cancel, recording), signed per registrant
- `views`: /events/, each event's page and form, its calendar file, the calendar feed,
  the personal links' pages
- `feeds`: the RSS feed of upcoming events
- `tasks`: the periodic work (reminders, changes, recordings, the waiting lists)
"""
