"""rit_portal.conventions: each filter in both languages, in Python and in a template."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import translation

from rit_portal import conventions as c

UTC = dt.UTC
# 08:00 UTC on 31 March is 17:00 on 31 March in Tokyo; 20:00 UTC is already 1 April there.
EVENING_UTC = dt.datetime(2027, 3, 31, 20, 0, tzinfo=UTC)
AFTERNOON_UTC = dt.datetime(2027, 3, 31, 8, 0, tzinfo=UTC)
DAY = dt.date(2027, 4, 1)


def in_language(language, function, *args):
    with translation.override(language):
        return function(*args)


@pytest.mark.parametrize(("language", "function", "args", "expected"), [
    ("ja", c.long_date, (DAY,), "2027年4月1日"),
    ("en", c.long_date, (DAY,), "1 April 2027"),
    ("ja", c.long_date, (EVENING_UTC,), "2027年4月1日"),  # the day in Japan
    ("en", c.long_date, (dt.date(2027, 12, 9),), "9 December 2027"),
    ("ja", c.japan_time, (AFTERNOON_UTC,), "2027年3月31日 17:00（日本時間）"),
    ("en", c.japan_time, (AFTERNOON_UTC,), "31 March 2027, 17:00 (JST)"),
    ("en", c.japan_time, (DAY,), "1 April 2027"),  # a date has no time of day
    ("ja", c.japan_datetime, (EVENING_UTC,), "2027年4月1日 05:00"),
    ("en", c.japan_datetime, (EVENING_UTC,), "1 April 2027, 05:00"),
    ("ja", c.stamp, (EVENING_UTC,), "2027年4月1日 05:00"),  # never an ISO date in Japanese
    ("en", c.stamp, (EVENING_UTC,), "2027-04-01 05:00"),
    ("ja", c.stamp, (DAY,), "2027年4月1日"),
    ("en", c.stamp, (DAY,), "2027-04-01"),
    ("ja", c.short_date, (EVENING_UTC,), "2027年4月1日"),  # the day in Japan
    ("en", c.short_date, (EVENING_UTC,), "2027-04-01"),
    # a partner's page: the language's own short form, never an ISO date
    ("de", c.short_date, (EVENING_UTC,), "01.04.2027"),
    ("ko", c.short_date, (DAY,), "2027. 4. 1."),
    ("zh-hant", c.short_date, (DAY,), "2027年4月1日"),
    ("ja", c.fiscal_year, (2027,), "2027年度"),
    ("en", c.fiscal_year, (2027,), "FY2027"),
    ("ja", c.fiscal_years, (2027, 2029), "2027年度〜2029年度"),
    ("en", c.fiscal_years, (2027, 2029), "FY2027 to FY2029"),
    ("en", c.fiscal_years, (2027, 2027), "FY2027"),
    ("ja", c.number, (1234567,), "1,234,567"),
    ("en", c.number, (1234567,), "1,234,567"),
    ("ja", c.bracketed, ("ドイツ",), "（ドイツ）"),
    ("en", c.bracketed, ("Germany",), " (Germany)"),
    ("ja", c.listing, (["輸出", "共同開発"],), "輸出、共同開発"),
    ("en", c.listing, (["Export", "Joint development"],), "Export, Joint development"),
    ("en", c.listing, (["Export", "", None],), "Export"),
    ("ja", c.jst_marker, (), "（日本時間）"),
    ("en", c.jst_marker, (), " (JST)"),
])
def test_each_convention_in_each_language(language, function, args, expected):
    assert in_language(language, function, *args) == expected


@pytest.mark.parametrize("function", [c.long_date, c.japan_time, c.japan_datetime, c.stamp,
                                      c.short_date, c.fiscal_year, c.number, c.bracketed])
def test_nothing_gives_an_empty_text(function):
    assert (function(None), function("")) == ("", "")


@pytest.mark.parametrize(("language", "expected"), [
    ("ja", "2027年度｜2027年4月1日｜2027年3月31日 17:00（日本時間）｜中部（ドイツ）｜A、B｜¥1,000"),
    ("en", "FY2027｜1 April 2027｜31 March 2027, 17:00 (JST)｜Chubu (Germany)｜A, B｜¥1,000"),
])
@pytest.mark.parametrize("engine", ["django", "email"])
def test_every_template_has_the_filters_without_loading_them(language, expected, engine):
    template = engines[engine].from_string(
        "{{ y|fiscal_year }}｜{{ d|long_date }}｜{{ t|japan_time }}｜{{ r }}{{ c|bracketed }}｜"
        "{{ items|listing }}｜{{ amount|yen }}")
    with translation.override(language):
        text = template.render({"y": 2027, "d": DAY, "t": AFTERNOON_UTC, "r": "中部" if
                                language == "ja" else "Chubu", "c": "ドイツ" if language == "ja"
                                else "Germany", "items": ["A", "B"], "amount": 1000})
    assert text == expected
