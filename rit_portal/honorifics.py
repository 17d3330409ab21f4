"""Honorifics by the rules of Japanese business letters: the one home of 御中, 様 and 氏 for
letters, PDFs, e-mails and pages (issue 29). The filters are builtins of every template
(registered by rit_portal.conventions).

- An organisation addressed, nobody named: 「ふくしま医療機器産業推進機構 御中」.
- A person addressed: 「理事長 山田 太郎 様」, with their organisation on the line above
  taking no 御中 (御中 and 様 never address one reader together).
- A person addressed whose name is in Latin script: 「Laura Virtanen 様」; the courtesy
  title (Ms., Dr. …) is dropped, 様 being the honorific (never two).
- A person named in running text: 「山田 太郎氏」; a name in Latin script takes no
  honorific: 「Dr. Thomas Becker（EnergyAgency.NRW）が…」.
- English: the names as written (with their titles).

So 御中 and 様 never address the same reader together, and 氏 never follows Latin letters
(it reads as machine-made after a Western name, whose own title already is one). The
e-mails' salutations keep their honorific in the catalogue (「%(org)s 御中」, 「%(name)s 様」,
checked by tests/project/test_honorifics.py) and pass the person's name through
`addressed_name`.
"""

import re

from .bilingual import is_latin_script, reader_language

# A courtesy title in front of a Latin-script name (dropped before 様 in Japanese).
COURTESY_TITLE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame)\.?\s+)+", re.I)


def addressed_name(name: str) -> str:
    """The name as it stands before 様 in Japanese (a Latin name without its courtesy
    title); unchanged in English."""
    name = (name or "").strip()
    if reader_language() == "ja" and is_latin_script(name):
        return COURTESY_TITLE.sub("", name)
    return name


def person_addressed(name: str, title: str = "") -> str:
    """A person addressed: 「理事長 山田 太郎 様」, 「Laura Virtanen 様」; English: the
    title and name as written."""
    name = addressed_name(name)
    if not name:
        return ""
    if reader_language() == "ja":
        return " ".join(part for part in (title, name) if part) + " 様"
    return " ".join(part for part in (title, name) if part)


def organisation_addressed(name: str) -> str:
    """An organisation addressed with nobody named: 「〇〇 御中」; English: the name."""
    name = (name or "").strip()
    if not name:
        return ""
    return f"{name} 御中" if reader_language() == "ja" else name


def addressee_lines(*, organisation: str, person: str = "", title: str = "") -> list[str]:
    """The address block of a letter: the organisation, then the person with 様 when a
    person is named (the organisation then takes no 御中); else the organisation with 御中."""
    if person:
        return [organisation, person_addressed(person, title)]
    return [organisation_addressed(organisation)]


def person_in_text(name: str) -> str:
    """A person named in a Japanese sentence: 「山田 太郎氏」, a Latin-script name as it is
    written (no 氏); English: the name."""
    name = (name or "").strip()
    if not name or reader_language() != "ja" or is_latin_script(name):
        return name
    return f"{name}氏"
