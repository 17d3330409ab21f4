"""Timeline notes the portal wrote in the language of whoever triggered them become events
(a code and its parameters), shown in each reader's language. Notes a person typed stay
as they are. The texts are matched in both languages as the portal wrote them."""

import re

from django.db import migrations

FIXED = {
    "review.reviewers_assigned": ("Reviewers assigned.", "審査員を割り当てました。"),
    "review.reviewer_added": ("Another reviewer assigned.", "審査員を追加で割り当てました。"),
    "review.all_submitted": ("All assigned reviews submitted.",
                             "割り当てられたすべての審査が提出されました。"),
    "review.reopened": ("A review was reopened.", "審査が差し戻されました。"),
    "decision.pass_marks_met": ("Every criterion reaches its pass mark.",
                                "すべての基準が合格点に達しています。"),
}
BELOW = (re.compile(r"^Below the pass mark: (.+)\.$"), re.compile(r"^合格点に達していない基準：(.+)。$"))
APPROVED = (re.compile(r"^Sponsorship approved: ¥([\d,]+)\.$"),
            re.compile(r"^支援を承認しました：¥([\d,]+)$"))
CRITERIA = {
    "C1 Local companies engaged": "c1", "C2 Clear prospects": "c2",
    "C3 Prior contact and confirmed interest": "c3",
    "C1 地域企業の参画": "c1", "C2 明確な見通し": "c2", "C3 過去の交流と関心表明": "c3",
}
BY_TEXT = {text: code for code, texts in FIXED.items() for text in texts}


def event_for(note: str):
    """(code, params) for a note the portal wrote, or None for a person's note."""
    note = note.strip()
    if note in BY_TEXT:
        return BY_TEXT[note], {}
    for pattern in BELOW:
        match = pattern.match(note)
        if match:
            codes = [CRITERIA.get(label.strip()) for label in match.group(1).split(", ")]
            if all(codes):
                return "decision.below_pass_mark", {"criteria": codes}
    for pattern in APPROVED:
        match = pattern.match(note)
        if match:
            return "decision.approved", {"amount": int(match.group(1).replace(",", ""))}
    return None


def forwards(apps, schema_editor):
    StatusChange = apps.get_model("applications", "StatusChange")
    for change in StatusChange.objects.exclude(note="").iterator():
        found = event_for(change.note)
        if found:
            change.event, change.event_params = found
            change.note = ""
            change.save(update_fields=["event", "event_params", "note"])


def backwards(apps, schema_editor):
    """Write the events back as English notes (the codes' texts at the time)."""
    StatusChange = apps.get_model("applications", "StatusChange")
    labels = {code: label for label, code in list(CRITERIA.items())[:3]}
    for change in StatusChange.objects.exclude(event="").iterator():
        params = change.event_params or {}
        if change.event in FIXED:
            text = FIXED[change.event][0]
        elif change.event == "decision.below_pass_mark":
            text = "Below the pass mark: %s." % ", ".join(labels[c] for c in params["criteria"])
        elif change.event == "decision.approved":
            text = f"Sponsorship approved: ¥{params['amount']:,}."
        else:
            continue
        change.note = text
        change.save(update_fields=["note"])


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0004_status_change_event"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
