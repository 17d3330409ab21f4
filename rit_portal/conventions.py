"""How the portal writes dates, Japan time, fiscal years, numbers, brackets and lists in the
active language: the one home of these conventions, for Python and for templates (every
template has these filters without `{% load %}`: the library is a builtin in
settings.TEMPLATES; money keeps its own home in rit_portal.money, re-exported here).

| filter            | Japanese                     | English                      |
|-------------------|------------------------------|------------------------------|
| `long_date`       | 2027年4月1日                 | 1 April 2027                 |
| `japan_time`      | 2027年4月1日 17:00（日本時間）| 1 April 2027, 17:00 (JST)    |
| `japan_datetime`  | 2027年4月1日 17:00           | 1 April 2027, 17:00          |
| `stamp`           | 2027年4月1日 17:00           | 2027-04-01 17:00 (tables)    |
| `short_date`      | 2027年4月1日                 | 2027-04-01 (tables)          |
| `fiscal_year`     | 2027年度                     | FY2027                       |
| `fiscal_years`    | 2027年度〜2029年度           | FY2027 to FY2029             |
| `number`          | 1,234,567                    | 1,234,567                    |
| `bracketed`       | （text）                     |  (text) — with its space     |
| `listing`         | A、B、C                      | A, B, C                      |

`japan_datetime` is for sentences whose translation already says "(Japan time)"; every
other deadline or time a user reads takes `japan_time`, so that the marker is written once,
in the reader's language ("（日本時間）" or "(JST)", never both). The language is Django's
active one (`rit_portal.bilingual.reader_language`): a mail or letter rendered under
`translation.override` follows it.
"""

import datetime as dt

from django import template
from django.utils import timezone, translation

from . import honorifics, money
from .bilingual import reader_language

register = template.Library()

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
JST_MARKER = {"ja": "（日本時間）", "en": " (JST)"}
LIST_SEPARATOR = {"ja": "、", "en": ", "}


def in_language(language: str, function, *args):
    """`function(*args)` with `language` active: a letter's Japanese and English pages, or
    a text written for a reader other than the one whose request is served."""
    with translation.override(language):
        return function(*args)


def _japan_local(value) -> dt.datetime | dt.date:
    """A timezone-aware datetime in Japan time (the portal's TIME_ZONE); dates unchanged."""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _partner_locale() -> str | None:
    """The CLDR locale of a partner language being rendered (German, Korean, …: a
    partner's page or e-mail, rit_portal/partner_languages.py); None in Japanese or
    English, whose conventions are this module's own."""
    language = translation.get_language() or "ja"
    return None if language[:2] in ("ja", "en") else translation.to_locale(language)


def long_date(value) -> str:
    """2027年4月1日 / 1 April 2027 (a datetime: its day in Japan time); "" for none. In a
    partner language, CLDR's long date of that language (1. April 2027, 2027년 4월 1일)."""
    if not value:
        return ""
    day = _japan_local(value)
    if locale := _partner_locale():
        from babel.dates import format_date

        return format_date(day, format="long", locale=locale)
    if reader_language() == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def japan_datetime(value) -> str:
    """2027年4月1日 17:00 / 1 April 2027, 17:00, in Japan time, without the marker."""
    if not value:
        return ""
    moment = _japan_local(value)
    if not isinstance(moment, dt.datetime):
        return long_date(moment)
    separator = " " if reader_language() == "ja" else ", "
    return f"{long_date(moment)}{separator}{moment:%H:%M}"


def jst_marker() -> str:
    """（日本時間） / " (JST)" (with its leading space in English)."""
    return JST_MARKER[reader_language()]


def japan_time(value) -> str:
    """2027年4月1日 17:00（日本時間） / 1 April 2027, 17:00 (JST); a date gets no marker."""
    if not value:
        return ""
    text = japan_datetime(value)
    return text + jst_marker() if isinstance(value, dt.datetime) else text


def stamp(value) -> str:
    """The compact form of tables, timelines and lists, in Japan time (the page says so
    once): 2027年4月1日 17:00 in Japanese (never an ISO date on a Japanese page), 2027-04-01
    17:00 in English; a date without its time."""
    if not value:
        return ""
    moment = _japan_local(value)
    if not isinstance(moment, dt.datetime):
        return short_date(moment)
    return f"{short_date(moment)} {moment:%H:%M}"


def short_date(value) -> str:
    """The day alone in a table's cell: 2027年4月1日 / 2027-04-01 (a datetime: its day in
    Japan time); in a partner language CLDR's medium date (01.04.2027, 2027. 4. 1.); ""
    for none."""
    if not value:
        return ""
    day = _japan_local(value)
    if locale := _partner_locale():
        from babel.dates import format_date

        return format_date(day, format="medium", locale=locale)
    if reader_language() == "ja":
        return long_date(day)
    return f"{day:%Y-%m-%d}"


def fiscal_year(year) -> str:
    """2027年度 / FY2027 (the Japanese fiscal year starting in April of `year`)."""
    if year in (None, ""):
        return ""
    return f"{int(year)}年度" if reader_language() == "ja" else f"FY{int(year)}"


def fiscal_years(first, last=None) -> str:
    """2027年度〜2029年度 / FY2027 to FY2029; one year when `last` is none or the same."""
    if last in (None, "") or int(last) == int(first):
        return fiscal_year(first)
    joiner = "〜" if reader_language() == "ja" else " to "
    return f"{fiscal_year(first)}{joiner}{fiscal_year(last)}"


def number(value) -> str:
    """1,234,567 (both languages group by thousands with a comma); "" for none."""
    if value in (None, ""):
        return ""
    return f"{int(value):,}"


def bracketed(text) -> str:
    """（text） in Japanese, " (text)" in English (the space belongs to the bracket, so a
    template writes `{{ name }}{{ country|bracketed }}`); "" for no text."""
    if text in (None, ""):
        return ""
    return f"（{text}）" if reader_language() == "ja" else f" ({text})"


def full_width_brackets(text: str) -> str:
    """A Japanese text from elsewhere (CLDR's country names, 「コンゴ共和国(ブラザビル)」) with
    the full-width brackets of Japanese writing: 「コンゴ共和国（ブラザビル）」."""
    return text.replace(" (", "（").replace("(", "（").replace(")", "）")


def listing(items) -> str:
    """The items joined with 、 in Japanese and ", " in English (empty ones left out)."""
    return LIST_SEPARATOR[reader_language()].join(str(item) for item in items
                                                  if item not in (None, ""))


def language_parts(text) -> list[tuple[str, str]]:
    """A text kept in both languages, Japanese first, then a blank line, then English (what
    a person was shown, e.g. the consent information of APPI Art. 28), as [(language,
    part)]: each part is shown marked with its language (`lang`), so that a reader and the
    conventions' checks know which is which. A text without the blank line is one part."""
    japanese, separator, english = str(text or "").partition("\n\n")
    return [("ja", japanese), ("en", english)] if separator else [("", japanese)]


register.filter("language_parts", language_parts)


for _function in (long_date, japan_datetime, japan_time, stamp, short_date, number, bracketed,
                  listing):
    register.filter(_function.__name__, _function)
register.filter("fiscal_year", fiscal_year)
register.filter("fiscal_years", fiscal_years)
register.filter("yen", money.yen_filter)
register.filter("eur", money.eur)
register.simple_tag(jst_marker, name="jst")
register.simple_tag(lambda: LIST_SEPARATOR[reader_language()], name="list_separator")


# Honorifics (rit_portal/honorifics.py): 様, 御中 and 氏 by the business-letter rules.
register.filter("addressed_name", honorifics.addressed_name)
register.filter("person_in_text", honorifics.person_in_text)
register.filter("organisation_addressed", honorifics.organisation_addressed)


@register.simple_tag(name="addressee_lines")
def addressee_lines_tag(organisation, person="", title="", language=""):
    """A letter's address block in `language` (default: the active one), as lines."""
    if language:
        return in_language(language, lambda: honorifics.addressee_lines(
            organisation=organisation, person=person, title=title))
    return honorifics.addressee_lines(organisation=organisation, person=person, title=title)
