"""The one error pattern of every form (the GOV.UK and Digital Agency design systems'):
when a form comes back with errors, the page's title starts with "Error: " / 「エラー: 」,
a summary at the top of the page lists every error, each a link to its field, and takes
the keyboard focus (static/js/portal.js); beside each field its message stays visible and
is tied to it (aria-describedby: Django's `<id>_error`, crispy's error block, overridden
in templates/bootstrap5/layout/ so that inline radios show theirs too).

base.html holds both tags (builtins: no {% load %}); they find the forms themselves in the
page's context (a form, a formset, or a list of either), so a view has nothing to add:

    <title>{% error_title_prefix %}…</title>
    {% error_summary %}
"""

from dataclasses import dataclass

from django import forms, template
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext

register = template.Library()


@dataclass(frozen=True)
class ErrorItem:
    message: str
    target: str  # the id of the field to go to ("" for an error of the whole form)


def _contained_forms(value):
    """The forms and formsets in a context value (a form, a formset, a list or a dict of
    them)."""
    if isinstance(value, forms.BaseForm | BaseFormSet):
        yield value
    elif isinstance(value, list | tuple | dict):
        for item in (value.values() if isinstance(value, dict) else value):
            if isinstance(item, forms.BaseForm | BaseFormSet):
                yield item


def forms_in(context) -> list:
    """Every distinct bound form and formset of the page's context, in context order."""
    found, seen = [], set()
    for value in context.flatten().values():
        for item in _contained_forms(value):
            if id(item) not in seen and item.is_bound:
                seen.add(id(item))
                found.append(item)
    return found


def field_target(bound_field) -> str:
    """The id a link to this field goes to: its input, or the first of its radios or
    checkboxes (whose group has no id of its own)."""
    if bound_field.id_for_label:
        return bound_field.id_for_label
    subwidgets = bound_field.subwidgets
    if subwidgets:
        return subwidgets[0].id_for_label or subwidgets[0].data["attrs"].get("id", "")
    return bound_field.auto_id or ""


def _label_and(label, message) -> str:
    label = str(label or "").rstrip(":：")
    if not label or label.casefold() in message.casefold():
        return message
    if label.endswith(("?", "？")):  # a question: no colon after its question mark
        return gettext("%(question)s %(message)s") % {"question": label, "message": message}
    return gettext("%(label)s: %(message)s") % {"label": label, "message": message}


def _form_items(form, row: int | None = None) -> list[ErrorItem]:
    items = []
    prefix = (gettext("Row %(number)s") % {"number": row}) if row is not None else ""

    def add(message, target="", label=""):
        text = _label_and(label, str(message))
        items.append(ErrorItem(_label_and(prefix, text) if prefix else text, target))

    for message in form.non_field_errors():
        add(message)
    for name in form.errors:
        if name == forms.forms.NON_FIELD_ERRORS or name not in form.fields:
            continue
        bound = form[name]
        for message in bound.errors:
            if bound.is_hidden:
                add(message)
            else:
                add(message, field_target(bound), bound.label)
    return items


def error_items(context) -> list[ErrorItem]:
    """Every error of every form on the page, in the order of the forms and their fields."""
    items = []
    for form in forms_in(context):
        if isinstance(form, BaseFormSet):
            for message in form.non_form_errors():
                items.append(ErrorItem(str(message), ""))
            for number, member in enumerate(form.forms, start=1):
                if member.errors:
                    items.extend(_form_items(member, number))
        elif form.errors:
            items.extend(_form_items(form))
    return items


@register.inclusion_tag("_error_summary.html", takes_context=True)
def error_summary(context):
    return {"error_items": error_items(context)}


@register.simple_tag(takes_context=True)
def error_title_prefix(context) -> str:
    return gettext("Error: ") if error_items(context) else ""
