"""One format of money (rit_portal.money): ¥1,234,567 in Python and in every template."""

import re
from decimal import Decimal
from pathlib import Path

from django.template import Context, Template

from rit_portal.money import yen

ROOT = Path(__file__).resolve().parents[2]


def test_yen_in_python_and_in_templates():
    assert yen(1_234_567) == "¥1,234,567"
    rendered = Template("{% load money %}{{ a|yen }} {{ b|yen }}|{{ a|eur:rate }}").render(
        Context({"a": 3_200_000, "b": None, "rate": Decimal("160")}))
    assert rendered == "¥3,200,000 |€20,000"


def test_no_template_formats_money_by_hand():
    # ¥ before an intcomma'd amount, "yen" or 円 after one (the Japanese letter writes the
    # official 1,000,000円 on purpose; a rate such as ¥160.5 per euro is not an amount).
    by_hand = re.compile(r"¥\{\{[^}]*intcomma|intcomma \}\}\s*(yen|円)|intcomma %\}[^{]*yen")
    offenders = [str(path.relative_to(ROOT)) for path in ROOT.glob("**/templates/**/*.*")
                 if ".venv" not in path.parts and path.name != "_body_ja.html"
                 and by_hand.search(path.read_text())]
    assert offenders == []
