"""The portal's caching: three mechanisms checked against one content state.

- `pages`: whole anonymous responses (a middleware).
- `fragments`: rendered HTML of one record version (article cards and stories).
- `memo`: data worked out from content (counts, choices of stories, search matches).

Every key starts with the release (`content.release`, from the code and templates, made
once per process); every entry is checked against the content generation, which
`invalidate_content()` moves on; no entry outlives the next scheduled publication.
The README's "Caching" section draws the whole picture.
"""

from .content import invalidate_content

__all__ = ["invalidate_content"]
