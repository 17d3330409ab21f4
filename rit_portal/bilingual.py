"""Bilingual data: every such field is stored per language (`<name>_ja`, `<name>_en`) and
read through one accessor with one fallback rule.

    class Call(models.Model):
        title_ja = models.CharField(...)
        title_en = models.CharField(...)
        title = Bilingual()          # call.title: the reader's language

The rule (`in_reader_language`): the text in the active language (Django's
`get_language()`, i.e. the reader's, or the one a mail or letter is rendered in with
`translation.override`); when that one is empty, the other language's. Templates write
`{{ call.title }}` and never branch on LANGUAGE_CODE.
"""

import re

from django.utils.translation import get_language

LANGUAGES = ("ja", "en")
# Kana, kanji and the full-width forms of Japanese writing (brackets, commas, spaces).
JAPANESE_SCRIPT = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def reader_language() -> str:
    """The active language as "ja" or "en": Japanese when Japanese is active, English
    otherwise (a partner's page in German, Korean, … shows the English of a bilingual text:
    rit_portal/partner_languages.py)."""
    return "ja" if (get_language() or "ja")[:2] == "ja" else "en"


def reader_reads_english() -> bool:
    """Whether the reader reads English: they see an English text first and its Japanese
    original beside it (e.g. the English summaries of an application)."""
    return reader_language() == "en"


def in_reader_language(*, ja: str, en: str) -> str:
    """`en` for an English reader and `ja` otherwise; the other one when that is empty."""
    if reader_language() == "en":
        return en or ja
    return ja or en


def in_reader_language_sql(path: str):
    """The same rule as a database expression over the columns `<path>_ja` and
    `<path>_en` (a path through relations, e.g. "sector__name"): the reader's language,
    the other one when that is empty, "" when there is no row (a relation left empty).
    For reads that build no model (the exports' `values_list`)."""
    from django.db.models import F, TextField, Value
    from django.db.models.functions import Coalesce, NullIf

    first, second = ("en", "ja") if reader_language() == "en" else ("ja", "en")
    return Coalesce(NullIf(F(f"{path}_{first}"), Value("")), F(f"{path}_{second}"), Value(""),
                    output_field=TextField())


class Bilingual:
    """A read-only attribute that shows the `<name>_ja` / `<name>_en` pair of its model in
    the reader's language (see `in_reader_language`)."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return in_reader_language(ja=getattr(instance, f"{self.name}_ja") or "",
                                  en=getattr(instance, f"{self.name}_en") or "")


def is_latin_script(text: str) -> bool:
    """True when the text has no kana, kanji or full-width Japanese forms (a name or an
    address written in Latin letters)."""
    return not JAPANESE_SCRIPT.search(text or "")


def latin_text(*candidates: str) -> str:
    """The first of `candidates` written in Latin script, for a page printed in English
    only (the English page of a letter): a "日本語 / English" pair gives its English half;
    "" when none is."""
    for text in candidates:
        text = (text or "").strip()
        for part in (text, *(half.strip() for half in text.split(" / ")[1:])):
            if part and is_latin_script(part):
                return part
    return ""
