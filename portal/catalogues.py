"""Compile the translation catalogues (portal/locale/*/LC_MESSAGES/django.po → django.mo) in
Python, with polib: no system gettext is needed to run the portal or its tests.

`make install` runs it (`python -m portal.catalogues`), and so does the test suite's
setup; a catalogue is compiled again only when its .po is newer than its .mo. Adding
strings: `python manage.py makemessages -l zh_Hans` (that one needs GNU gettext), then
translate them in the .po file (docs/developers.md, "Translations").
"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent / "locale"


def compile_catalogues(root=LOCALE):
    """Compile every .po under `root` whose .mo is missing or older; return the .mo paths."""
    compiled = []
    for po_path in sorted(root.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"Compiled {path}")
