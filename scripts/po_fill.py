#!/usr/bin/env python3
"""Translator's helper for the Japanese catalogues.

  scripts/po_fill.py --list [PO ...]       print untranslated/fuzzy msgids as JSON
  scripts/po_fill.py PO < translations.json fill msgstr for {msgid: msgstr} (clears fuzzy)

For plural entries give the msgstr as a one-element list (Japanese has one plural form).
"""

import glob
import json
import sys

import polib


def all_catalogues() -> list[str]:
    return sorted(glob.glob("*/locale/ja/LC_MESSAGES/django.po")) + sorted(
        glob.glob("locale/ja/LC_MESSAGES/django.po"))


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--list":
        todo = {}
        for path in argv[1:] or all_catalogues():
            po = polib.pofile(path)
            missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
            if missing:
                todo[path] = missing
        print(json.dumps(todo, ensure_ascii=False, indent=1))
        return 0
    path = argv[0]
    translations = json.load(sys.stdin)
    po = polib.pofile(path)
    filled = 0
    for entry in po:
        # Only entries still to do: a msgid shared with a translated entry of another
        # context (msgctxt) keeps its translation.
        done = entry.translated() and "fuzzy" not in entry.flags
        if entry.msgid in translations and not done:
            value = translations[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0] if isinstance(value, list) else value}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
                entry.previous_msgid_plural = None
                entry.previous_msgctxt = None
            filled += 1
    po.save(path)
    left = len(po.untranslated_entries()) + len(po.fuzzy_entries())
    print(f"{path}: filled {filled}, still missing {left}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
