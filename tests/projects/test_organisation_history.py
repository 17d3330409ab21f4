"""The organisation's own edits on its page (name, representative, address) are on the
history of its applications and projects, old → new, in HQ's language."""

import pytest
from django.urls import reverse

from accounts.services import organisation_profile_update
from tests.projects.builders import member_of, published_project

pytestmark = pytest.mark.django_db


def _edit_through_the_page(client, member, **changes):
    client.force_login(member)
    url = reverse("organisation-profile")
    page = client.get(url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(url, {**data, **changes})
    assert response.status_code == 302
    client.logout()


def test_an_edit_on_the_organisation_page_is_on_its_application_and_project(client, hq_staff):
    project = published_project()
    member = member_of(project)
    _edit_through_the_page(client, member, name_en="Ibaraki Auto Parts Association",
                           representative_name_en="Tatsuo Kawada", address="茨城県日立市2-2-2")
    client.force_login(hq_staff)
    client.cookies.load({"django_language": "en"})

    page = client.get(reverse("projects:detail", args=[project.pk]))
    entries = [e for e in page.context["timeline"] if not getattr(e, "to_status", None)]
    assert [e.event_text for e in entries] == [
        "Organisation details changed by the organisation: name (English): "
        f"{project.organisation.name_en} → Ibaraki Auto Parts Association; address: "
        "茨城県水戸市1-1-1 → 茨城県日立市2-2-2; representative's name (Latin script): "
        "Taro Yamada → Tatsuo Kawada."]
    assert entries[0].by == member
    assert "Tatsuo Kawada" in page.content.decode()

    application_page = client.get(reverse("applications:detail",
                                          args=[project.application.pk]))
    assert [e.event_text for e in application_page.context["timeline"]
            if not getattr(e, "to_status", None)][-1] == entries[0].event_text


def test_the_history_is_in_japanese_for_a_japanese_reader(client, hq_staff):
    project = published_project()
    organisation_profile_update(organisation=project.organisation, by=member_of(project),
                                values={"representative_name_ja": "川田 達夫"})
    client.force_login(hq_staff)
    client.cookies.load({"django_language": "ja"})
    page = client.get(reverse("projects:detail", args=[project.pk]))
    (entry,) = [e for e in page.context["timeline"] if not getattr(e, "to_status", None)]
    assert entry.event_text == ("団体が団体情報を変更しました："
                                "代表者氏名（日本語）: 山田 太郎 → 川田 達夫。")


def test_saving_without_a_change_records_nothing_and_the_organisation_sees_no_history(
        client):
    project = published_project()
    member = member_of(project)
    organisation_profile_update(organisation=project.organisation, by=member,
                                values={"address": project.organisation.address})
    organisation_profile_update(organisation=project.organisation, by=member,
                                values={"address": "茨城県日立市2-2-2"})
    assert project.organisation.audit_events.count() == 1
    client.force_login(member)
    page = client.get(reverse("projects:detail", args=[project.pk]))
    assert page.context["timeline"] == []
