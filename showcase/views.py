"""The showcase's pages: the public list with its map and table (filters by GET, no
script), each tie-up's permanent page, the organisation's consent and story (from its
project's page), HQ's approval of stories."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from projects.selectors import project_for_user
from rit_portal.gates import gate
from rit_portal.refusals import refusal_to_form, refusal_to_messages

from . import places
from .forms import ConsentForm, StoryForm, StoryReturnForm
from .map import tie_up_map
from .models import ShowcaseEntry
from .selectors import (
    entry_for_project,
    showcase_filters,
    showcase_tie_up,
    showcase_tie_ups,
    stories_awaiting_approval,
)
from .services import (
    showcase_consent_set,
    showcase_story_approve,
    showcase_story_return,
    showcase_story_submit,
)


def _chosen(request, filters: dict) -> tuple[str, int | None]:
    """The sector and year asked for, when they are among the filters' (else none)."""
    sector = request.GET.get("sector", "")
    if sector not in {s.code for s in filters["sectors"]}:
        sector = ""
    year = request.GET.get("year", "")
    year = int(year) if year.isascii() and year.isdigit() and int(year) in filters["years"] \
        else None
    return sector, year


def showcase_list(request):
    """Public: the tie-ups whose organisation agreed to publication, on a map and in a
    table, filtered by sector and fiscal year."""
    filters = showcase_filters()
    sector, year = _chosen(request, filters)
    tie_ups = showcase_tie_ups(sector=sector, year=year)
    return render(request, "showcase/list.html", {
        "tie_ups": tie_ups, "map": tie_up_map(tie_ups), "filters": filters,
        "sector": sector, "year": year, "source": places.SOURCE})


def showcase_detail(request, reference: str):
    """Public: one tie-up's permanent page (its application's reference)."""
    return render(request, "showcase/detail.html",
                  {"tie_up": showcase_tie_up(reference=reference)})


def _to_project(request, project):
    return redirect("projects:detail", pk=project.pk)


@gate("showcase.manage_entry", lookup=project_for_user, otherwise=_to_project)
def showcase_project(request, project):
    """The organisation: agree to publication (or withdraw) and write the story."""
    entry = entry_for_project(project=project)
    action = request.POST.get("action") if request.method == "POST" else None
    consent_form = ConsentForm(request.POST if action == "consent" else None,
                               initial={"consented": entry.consented})
    story_form = StoryForm(request.POST if action == "story" else None,
                           initial={"story_ja": entry.story_ja, "story_en": entry.story_en})
    if action == "consent" and consent_form.is_valid() and refusal_to_form(
            consent_form, lambda: showcase_consent_set(
                project=project, by=request.user,
                consented=consent_form.cleaned_data["consented"])):
        messages.success(request, _("Your choice on publication has been saved."))
        return redirect("showcase:project", pk=project.pk)
    if action == "story" and story_form.is_valid() and refusal_to_form(
            story_form, lambda: showcase_story_submit(project=project, by=request.user,
                                                      **story_form.cleaned_data)):
        messages.success(request, _("The story has been sent to the programme office for "
                                    "approval."))
        return redirect("showcase:project", pk=project.pk)
    return render(request, "showcase/project.html", {
        "project": project, "entry": entry, "consent_form": consent_form,
        "story_form": story_form})


@gate("showcase.approve_stories")
def showcase_review(request):
    """HQ: the stories awaiting approval, each with approve and return."""
    return render(request, "showcase/review.html", {
        "entries": stories_awaiting_approval(), "return_form": StoryReturnForm()})


@gate("showcase.approve_stories")
def showcase_review_decide(request, pk: int):
    """HQ approves a story (POST action=approve) or returns it with a comment."""
    entry = get_object_or_404(ShowcaseEntry, pk=pk)
    if request.method != "POST":
        return redirect("showcase:review")
    if request.POST.get("action") == "approve":
        if refusal_to_messages(request, lambda: showcase_story_approve(entry=entry,
                                                                       by=request.user)):
            messages.success(request, _("The story is approved and shown on the showcase."))
        return redirect("showcase:review")
    form = StoryReturnForm(request.POST)
    if form.is_valid() and refusal_to_form(form, lambda: showcase_story_return(
            entry=entry, by=request.user, note=form.cleaned_data["note"])):
        messages.success(request, _("The story has been returned to the organisation."))
        return redirect("showcase:review")
    return render(request, "showcase/review.html", {
        "entries": stories_awaiting_approval(), "return_form": form, "returning": entry})
