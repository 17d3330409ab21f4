"""Honorifics by the business-letter rules (rit_portal/honorifics.py, issue 29): 御中 for
an organisation, 様 for a person, never both for one addressee, no 氏 after a name in Latin
script; and the Japanese catalogues' salutations follow the same rule."""

import glob
import re

import polib
import pytest

from rit_portal import honorifics as h
from rit_portal.conventions import in_language


@pytest.mark.parametrize(("language", "function", "args", "expected"), [
    ("ja", h.organisation_addressed, ("ふくしま医療機器産業推進機構",),
     "ふくしま医療機器産業推進機構 御中"),
    ("en", h.organisation_addressed, ("Fukushima Medical Device Cluster",),
     "Fukushima Medical Device Cluster"),
    ("ja", h.person_addressed, ("山田 太郎", "理事長"), "理事長 山田 太郎 様"),
    ("ja", h.person_addressed, ("Ms. Laura Virtanen",), "Laura Virtanen 様"),
    ("ja", h.person_addressed, ("Dr. Prof. Thomas Becker",), "Thomas Becker 様"),
    ("en", h.person_addressed, ("Ms. Laura Virtanen",), "Ms. Laura Virtanen"),
    ("ja", h.person_in_text, ("伊藤 由美",), "伊藤 由美氏"),
    ("ja", h.person_in_text, ("Dr. Thomas Becker",), "Dr. Thomas Becker"),
    ("en", h.person_in_text, ("伊藤 由美",), "伊藤 由美"),
    ("ja", h.addressed_name, ("Mr Jean Dupont",), "Jean Dupont"),
    ("en", h.addressed_name, ("Mr Jean Dupont",), "Mr Jean Dupont"),
    ("ja", h.person_in_text, ("",), ""),
])
def test_each_rule_in_each_language(language, function, args, expected):
    assert in_language(language, function, *args) == expected


def test_an_address_block_has_either_onchu_or_sama():
    with_person = in_language("ja", lambda: h.addressee_lines(
        organisation="福井県繊維協会", person="川田 達男", title="会長"))
    alone = in_language("ja", lambda: h.addressee_lines(organisation="福井県繊維協会"))
    assert with_person == ["福井県繊維協会", "会長 川田 達男 様"]
    assert alone == ["福井県繊維協会 御中"]


def japanese_entries():
    for path in sorted(glob.glob("*/locale/ja/LC_MESSAGES/django.po")):
        for entry in polib.pofile(path):
            texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
            for text in texts:
                yield path, entry.msgid, text


def test_the_catalogues_follow_the_rule():
    """御中 only after an organisation's placeholder, 様 only after a person's, never both
    on one line; no 氏 written after a name placeholder (a name may be in Latin script: it
    goes through `person_in_text`)."""
    wrong = []
    for path, msgid, text in japanese_entries():
        for line in text.splitlines():
            if "御中" in line and "様" in line:
                wrong.append((path, msgid, "御中 and 様"))
            if "御中" in line and not re.search(r"%\((org|organisation|office)\)s\s?御中", line):
                wrong.append((path, msgid, "御中 after no organisation"))
            if re.search(r"\s?様", line) and "様" in line and not re.search(
                    r"%\((name|person|contact)\)s\s?様|様式|様々|同様|皆様|仕様|様子|模様|態様",
                    line):
                wrong.append((path, msgid, "様 after no person"))
            if re.search(r"%\(\w+\)s\s?氏", line):
                wrong.append((path, msgid, "氏 after a name that may be in Latin script"))
    assert wrong == []
