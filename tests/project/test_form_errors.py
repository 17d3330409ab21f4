"""Every form of every role, sent empty and then wrong, answers with the one error pattern
(rit_portal/form_errors.py): the title starts with "Error: ", a summary at the top lists the
errors, each link going to a field that exists and carries its message; every message is
beside its field, tied to it (aria-describedby) and shown (not left to Bootstrap's
`.is-invalid ~ .invalid-feedback` rule, which hides an inline radio group's message).
Each empty field says which it is, never Django's generic "This field is required."

The pages are those of tests/project/test_url_access.py (each opened by every role the
table gives a 200, the administration aside: Django's own pattern), plus the pages behind
a signed link (survey, partner confirmation, invitation, password reset)."""

import importlib
import inspect
import pkgutil
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from rit_portal.forms import FieldMessages
from tests.project.test_url_access import ACCESS, ROLES, _url, build_world

# --- a small DOM (the standard library's parser; no dependency for one test) ------------
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict
    parent: "Node | None" = None
    children: list = field(default_factory=list)
    text: str = ""

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, predicate):
        return [node for node in self.walk() if predicate(node)]

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() for child in self.children)

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v if v is not None else "") for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.text += data


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    return builder.root


# --- the forms of a page and what they send ---------------------------------------------
CONTROLS = ("input", "select", "textarea")
SKIPPED_ACTIONS = ("/logout/", "/i18n/setlang/")


def _visible_controls(form: Node) -> list[Node]:
    return form.find_all(lambda n: n.tag in CONTROLS and n.attrs.get("type") not in (
        "hidden", "submit", "button", "reset") and "disabled" not in n.attrs)


def _payload(form: Node, wrong: bool) -> dict:
    data = {}
    for node in form.find_all(lambda n: n.tag == "input" and n.attrs.get("type") == "hidden"):
        if node.attrs.get("name"):
            data.setdefault(node.attrs["name"], node.attrs.get("value", ""))
    button = next(iter(form.find_all(lambda n: n.tag in ("button", "input")
                                     and n.attrs.get("type", "submit") == "submit"
                                     and n.attrs.get("name"))), None)
    if button is not None:
        data[button.attrs["name"]] = button.attrs.get("value", "")
    for node in _visible_controls(form):
        name, kind = node.attrs.get("name"), node.attrs.get("type", "text")
        if not name or kind == "file":
            continue
        if not wrong:
            if kind not in ("radio", "checkbox"):
                data[name] = ""
        elif node.tag == "select" or kind in ("radio", "checkbox"):
            data[name] = "not-a-choice"
        elif kind in ("number", "date", "email", "url", "datetime-local", "time") or (
                node.attrs.get("inputmode") in ("numeric", "decimal")):
            data[name] = "@@"
        else:
            data[name] = ""
    return data


def _forms_to_send(page: Node, url: str) -> list[tuple[str, Node]]:
    found = []
    for form in page.find_all(lambda n: n.tag == "form"):
        if form.attrs.get("method", "get").lower() != "post":
            continue
        action = form.attrs.get("action") or url
        if action.startswith(SKIPPED_ACTIONS) or action.startswith("/admin/"):
            continue
        if _visible_controls(form):
            found.append((action, form))
    return found


# --- what an error state must show -------------------------------------------------------
def _shown(message: Node) -> bool:
    """Not hidden by a class: an .invalid-feedback is shown only with d-block (or as a
    sibling following an .is-invalid control, Bootstrap's rule)."""
    chain = [message, *message.ancestors()]
    if any({"d-none", "visually-hidden"} & node.classes() for node in chain):
        return False
    if "invalid-feedback" in message.classes() and "d-block" not in message.classes():
        siblings = message.parent.children
        before = siblings[:siblings.index(message)]
        return any("is-invalid" in node.classes() for node in before)
    return True


def _describers(control: Node, ids: dict) -> list[Node]:
    names = control.attrs.get("aria-describedby", "").split()
    fieldset = next((a for a in control.ancestors() if a.tag == "fieldset"), None)
    if fieldset is not None:
        names += fieldset.attrs.get("aria-describedby", "").split()
    return [ids[name] for name in names if name in ids]


def problems_of(html: str) -> list[str]:
    page = parse(html)
    ids = {node.attrs["id"]: node for node in page.walk() if node.attrs.get("id")}
    invalid = page.find_all(lambda n: n.attrs.get("aria-invalid") == "true")
    messages = page.find_all(lambda n: "invalid-feedback" in n.classes())
    if not invalid and not messages and "data-error-summary" not in html:
        return []
    problems = []
    title = next(iter(page.find_all(lambda n: n.tag == "title"))).all_text().strip()
    if not title.startswith(("Error: ", "エラー: ")):
        problems.append(f"title {title!r} does not start with Error:")
    summaries = page.find_all(lambda n: "data-error-summary" in n.attrs)
    if len(summaries) != 1:
        return [*problems, f"{len(summaries)} error summaries"]
    summary = summaries[0]
    if summary.attrs.get("tabindex") != "-1":
        problems.append("the summary cannot take the focus")
    for link in summary.find_all(lambda n: n.tag == "a"):
        target = ids.get(link.attrs.get("href", "#")[1:])
        if target is None or target.tag not in CONTROLS:
            problems.append(f"summary link {link.attrs.get('href')} goes to no field")
        elif not any(d.all_text().strip() and _shown(d) for d in _describers(target, ids)):
            problems.append(f"field #{target.attrs['id']} has no shown message tied to it")
    for control in invalid:
        if not any(d.all_text().strip() for d in _describers(control, ids)):
            problems.append(f"invalid field {control.attrs.get('name')} has no message tied")
    for message in messages:
        if message.all_text().strip() and not _shown(message):
            problems.append(f"message {message.all_text().strip()[:60]!r} is hidden")
    if "This field is required." in html or "このフィールドは必須です。" in html:
        problems.append("Django's generic required message")
    return problems


# --- the pages ---------------------------------------------------------------------------
def _extra_pages(world) -> list[tuple[str, str | None]]:
    """(url, role) of the pages reached by a link in an e-mail, and of a formset."""
    from accounts.enums import Role
    from accounts.services import invitation_record
    from applications.models import PartnerConfirmation
    from applications.services.partner import partner_confirmation_path
    from projects.models import ProjectYear, SurveyInvitation
    from projects.services import survey_path

    confirmation = PartnerConfirmation.objects.create(
        application=world.reviewed, contact_name="Anna Müller", contact_email="a@bw.example.de",
        contact_organisation="BW International")
    survey = SurveyInvitation.objects.create(
        project_year=ProjectYear.objects.get(project_id=world.project["pk"], number=1),
        organisation_name="Stuttgart Tech GmbH", email="s@st.example.de", language="en")
    _invitation, token = invitation_record(
        email="new@example.jp", by=world.users["applicant_a"], role=Role.APPLICANT,
        organisation=world.draft.organisation, language="ja")
    person = world.users["applicant_b"]
    reset = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
        "token": default_token_generator.make_token(person)})
    # The traveller's own consent page (an open request to their address).
    from django.utils import timezone

    from projects.models import Delegate
    from projects.services import delegate_consent_path

    traveller = Delegate.objects.get(pk=world.project["delegate_pk"])
    traveller.email, traveller.consent_asked_at = "anna@ipt.example.de", timezone.now()
    traveller.save(update_fields=["email", "consent_asked_at"])
    # Not a signed link, but a formset: the draft's cost proposal, as its applicant.
    cost_proposal = (reverse("sponsorship:cost-proposal", args=[world.draft.pk]), "applicant_a")
    return [cost_proposal, (partner_confirmation_path(confirmation=confirmation), None),
            (survey_path(invitation=survey), None),
            (delegate_consent_path(delegate=traveller), None),
            (reverse("invitation-accept", args=[token]), None), (reset, None)]


def _pages(world) -> list[tuple[str, str | None]]:
    pages = []
    for key, access in ACCESS.items():
        if access.method != "get" or key.startswith(("admin", "api-v1")):
            continue
        for role in ROLES:
            if role != "admin" and access.expect[role] == 200:
                pages.append((_url(key, access.kwargs(world)), role))
    return pages + _extra_pages(world)


def test_every_form_of_every_role_sent_empty_or_wrong_shows_the_error_pattern(client, db):
    world = build_world()
    problems, seen = [], set()
    for url, role in _pages(world):
        client.logout()
        if role is not None and world.users[role] is not None:
            client.force_login(world.users[role])
        response = client.get(url, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page_url = response.request["PATH_INFO"]
        for action, form in _forms_to_send(parse(response.content.decode()), page_url):
            for wrong in (False, True):
                sent = client.post(action, _payload(form, wrong))
                if sent.status_code not in (200, 400):  # 400: refused, shown again
                    continue
                html = sent.content.decode()
                found = problems_of(html)
                if found or "data-error-summary" in html:
                    seen.add(action)
                for problem in found:
                    problems.append(f"{role} {page_url} → POST {action} "
                                    f"({'wrong' if wrong else 'empty'}): {problem}")
    assert not problems, "\n".join(sorted(set(problems)))
    # Not vacuous: the forms of every app came back with errors.
    assert len(seen) >= 40, sorted(seen)
    assert reverse("sponsorship:cost-proposal", args=[world.draft.pk]) in seen  # a formset


def _project_form_classes():
    for config in apps.get_app_configs():
        if not config.path.startswith(str(settings.BASE_DIR)) or ".venv" in config.path:
            continue
        package = importlib.import_module(config.name)
        names = [config.name] + [info.name for info in pkgutil.walk_packages(
            getattr(package, "__path__", []), prefix=f"{config.name}.")
            if not any(part in info.name for part in (".migrations", ".management", ".settings",
                                                      ".wsgi"))]
        for module_name in names:
            module = importlib.import_module(module_name)
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                    yield value


def test_every_form_of_the_portal_gives_field_specific_required_messages():
    classes = list(_project_form_classes())
    assert len(classes) >= 40
    generic = [f"{cls.__module__}.{cls.__name__}" for cls in classes
               if not issubclass(cls, FieldMessages)]
    assert not generic, f"derive these from rit_portal.forms.Form / ModelForm: {generic}"


@pytest.mark.parametrize(("language", "expected"), [
    ("en", {"name": "Enter the name (Japanese).", "kind": "Choose the kind of partner.",
            "ok": "Tick this box to continue.", "file": "Upload the English summary (PDF).",
            "why": "Enter an answer.", "when": "Enter a date for “Opens on”."}),
    ("ja", {"name": "名称（日本語）を入力してください。", "kind": "相手の種類を選んでください。",
            "ok": "続けるには、このチェックボックスにチェックを入れてください。",
            "file": "English summary (PDF)のファイルを選んでください。",
            "why": "回答を入力してください。", "when": "受付開始の日付を入力してください。"}),
])
def test_the_required_message_names_the_field(language, expected):
    from django.utils import translation

    from rit_portal.forms import Form

    class Example(Form):
        name = forms.CharField(label="Name (Japanese)")
        kind = forms.ChoiceField(label="Kind of partner", choices=[("a", "A")])
        ok = forms.BooleanField(label="I confirm")
        file = forms.FileField(label="English summary (PDF)")
        why = forms.CharField(label="Why this region?")
        when = forms.DateField(label="Opens on")
        own = forms.CharField(error_messages={"required": "Say something."})

    with translation.override(language):
        if language == "ja":  # labels as a Japanese form would give them
            Example.base_fields["name"].label = "名称（日本語）"
            Example.base_fields["kind"].label = "相手の種類"
            Example.base_fields["when"].label = "受付開始"
        errors = Example(data={}).errors
        assert {name: errors[name][0] for name in expected} == expected
        assert errors["own"] == ["Say something."]
