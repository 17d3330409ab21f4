"""The applicant's application: list, start, the form's sections, submission, withdrawal,
the read-only page and attachment downloads.

Every view is behind rit_portal.gates.gate, which looks the application up through
`selectors.application_for_user`, so another organisation's application is a 404 on every
URL here; a service's refusal lands on the form (rit_portal.refusals.refusal_to_form).
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rit_portal.bilingual import reader_reads_english
from rit_portal.forms import record_id
from rit_portal.gates import gate
from rit_portal.refusals import refusal_to_form, refusal_to_messages
from rit_portal.stored_files import stored_file_response
from rit_portal.throttling import rate_limited

from ..completeness import application_checklist
from ..enums import AttachmentKind, CallState, Objective
from ..forms import (
    ApplicationStartForm,
    AttachmentForm,
    ConsortiumCsvForm,
    ConsortiumMemberForm,
    CooperationForm,
    EnglishSummaryForm,
    InformationRequestForm,
    OverviewForm,
    ProspectsForm,
    SubmitForm,
    WithdrawForm,
)
from ..models import Call
from ..pdf import application_pdf_filename, application_pdf_stored
from ..predicates import decision_published, own_application
from ..sections import next_section_url, section_context
from ..selectors import (
    applicant_home,
    application_detail,
    application_for_user,
    applications_of_organisation,
    information_request_open,
)
from ..services import (
    ConsortiumCsvError,
    application_cooperation_update,
    application_copy,
    application_create,
    application_english_summaries_update,
    application_overview_update,
    application_prospects_update,
    application_request_information,
    application_submit,
    application_withdraw,
    attachment_add,
    attachment_delete,
    consortium_csv_template,
    consortium_import_csv,
    consortium_member_create,
    consortium_member_delete,
    consortium_member_update,
    pdf_display_name,
    prior_contact_delete,
)
from ..visibility import status_for_viewer, timeline_for_viewer
from ..workflow import abilities_for, may_request_information, may_withdraw

# --- helpers --------------------------------------------------------------------------------


def _read_only(request, application):
    messages.info(request, _("This application cannot be changed here; it is shown "
                             "read-only."))
    return redirect("applications:detail", pk=application.pk)


# The views that change an application: the application looked up for the user (404 when
# they may not see it); when they may not change it now, its read-only page instead.
editable_application = gate("applications.change_application", lookup=application_for_user,
                            otherwise=_read_only)


def _render_section(request, application, section: str, template: str, **context):
    return render(request, f"applications/form/{template}",
                  {**section_context(application=application, section=section), **context})


def _saved(request, application, section: str):
    messages.success(request, _("Saved as a draft."))
    if "continue" in request.POST:
        return redirect(next_section_url(application=application, current=section))
    return redirect(f"applications:section-{section}", pk=application.pk)


def _remove(request, application, *, related: str, child_pk: int, delete, back, done):
    """Delete one of the application's `related` objects (a firm, a contact, a file) with
    the `delete(obj)` service and go back to the page named `back(obj)` (a URL name) with
    the message `done(obj)`. A GET (the URL typed by hand) only goes back."""
    child = get_object_or_404(getattr(application, related), pk=child_pk)
    if request.method == "POST":
        delete(child)
        messages.success(request, done(child))
    return redirect(back(child), pk=application.pk)


# --- list and start -------------------------------------------------------------------------


@gate("accounts.use_applicant_area")
def application_list(request):
    """The organisation's applications and the calls open for a new one."""
    return render(request, "applications/form/list.html",
                  applicant_home(organisation_id=request.user.organisation_id))


@gate("accounts.use_applicant_area")
def application_start(request, call_pk: int):
    call = get_object_or_404(Call, pk=call_pk, is_published=True)
    form = ApplicationStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application = refusal_to_form(form, lambda: application_create(
            call=call, by=request.user, title_ja=form.cleaned_data["title"]))
        if application is not None:
            messages.success(request, _("Your draft application has been created."))
            return redirect("applications:section-overview", pk=application.pk)
    return render(request, "applications/form/start.html", {
        "call": call, "form": form, "call_open": call.state == CallState.OPEN,
        "earlier": applications_of_organisation(organisation_id=request.user.organisation_id)
        .exclude(call=call)})


@gate("accounts.use_applicant_area")
@require_POST
def application_copy_view(request, call_pk: int):
    """Start a draft in the call from one of the organisation's earlier applications."""
    call = get_object_or_404(Call, pk=call_pk, is_published=True)
    source = get_object_or_404(applications_of_organisation(
        organisation_id=request.user.organisation_id), pk=record_id(request.POST.get("source")))
    application = refusal_to_messages(request, lambda: application_copy(
        source=source, call=call, by=request.user))
    if application is None:
        return redirect("applications:start", call_pk=call.pk)
    messages.success(request, _("A new draft was started from %(ref)s. Check and update every "
                                "section; ask the partner to confirm its interest again and "
                                "enter the new cost proposal.")
                     % {"ref": source.reference or source.title})
    return redirect("applications:section-overview", pk=application.pk)


# --- sections -------------------------------------------------------------------------------


@editable_application
def section_overview(request, application):
    form = OverviewForm(request.POST or None, initial=OverviewForm.initial_for(application))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if refusal_to_form(form, lambda: application_overview_update(
                application=application, by=request.user, title_ja=d["title"],
                title_en=d["title_en"], sector=d["sector"], prefectures=d["prefectures"],
                partner_region=d["partner_region"], proposed_country=d["proposed_country"],
                proposed_name=d["proposed_name"], proposed_note=d["proposed_note"])):
            return _saved(request, application, "overview")
    return _render_section(request, application, "overview", "overview.html", form=form)


def _summaries_saved(request, application, section: str):
    """POST of a section's English summaries on their own (`action=summary`): the bound
    form, and the redirect when they were saved."""
    form = EnglishSummaryForm(request.POST, application=application, section=section)
    if form.is_valid() and refusal_to_form(form, lambda: application_english_summaries_update(
            application=application, by=request.user, summaries=form.cleaned_data)):
        messages.success(request, _("Saved as a draft."))
        return form, redirect(f"applications:section-{section}", pk=application.pk)
    return form, None


@editable_application
def section_consortium(request, application):
    """The members, the form to add one, the CSV upload and the English summary."""
    summary_form = None
    if request.method == "POST" and request.POST.get("action") == "summary":
        summary_form, done = _summaries_saved(request, application, "consortium")
        if done:
            return done
        form = ConsortiumMemberForm(prefix="member")
    else:
        form = ConsortiumMemberForm(request.POST or None, prefix="member")
        if request.method == "POST" and form.is_valid() and refusal_to_form(
                form, lambda: consortium_member_create(
                application=application, by=request.user, **form.cleaned_data)):
            messages.success(request, _("The firm has been added to the consortium."))
            return redirect("applications:section-consortium", pk=application.pk)
    return _consortium_page(request, application, member_form=form,
                            csv_form=ConsortiumCsvForm(prefix="csv"), summary_form=summary_form)


def _consortium_page(request, application, *, member_form, csv_form, csv_errors=None,
                     summary_form=None):
    members = list(application.consortium_members.all())
    return _render_section(request, application, "consortium", "consortium.html",
                           members=members, member_form=member_form, csv_form=csv_form,
                           csv_errors=csv_errors,
                           summary_form=summary_form or EnglishSummaryForm(
                               application=application, section="consortium"),
                           minimum=application.call.min_consortium_size)


@editable_application
def consortium_csv_upload(request, application):
    if request.method != "POST":  # only reached by a form: back to the section
        return redirect("applications:section-consortium", pk=application.pk)
    csv_form = ConsortiumCsvForm(request.POST, request.FILES, prefix="csv")
    errors = None
    if csv_form.is_valid():
        try:
            added = consortium_import_csv(application=application, by=request.user,
                                          content=csv_form.cleaned_data["content"])
        except ConsortiumCsvError as exc:
            errors = exc.errors
            # Keep the file's content on the page so that it can be corrected in place.
            csv_form = ConsortiumCsvForm(
                initial={"content": csv_form.cleaned_data["content"]}, prefix="csv")
        else:
            messages.success(request, _("%(n)d firms have been added from the CSV file.")
                             % {"n": len(added)})
            return redirect("applications:section-consortium", pk=application.pk)
    return _consortium_page(request, application,
                            member_form=ConsortiumMemberForm(prefix="member"),
                            csv_form=csv_form, csv_errors=errors)


@gate(lookup=application_for_user)
def consortium_csv_template_download(request, application):
    response = HttpResponse(consortium_csv_template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="consortium-template.csv"'
    return response


@editable_application
def consortium_member_edit(request, application, member_pk: int):
    member = get_object_or_404(application.consortium_members, pk=member_pk)
    form = ConsortiumMemberForm(request.POST or None, instance=member, prefix="member")
    if request.method == "POST" and form.is_valid() and refusal_to_form(
            form, lambda: consortium_member_update(
            member=member, by=request.user, **form.cleaned_data)):
        messages.success(request, _("The firm's details have been saved."))
        return redirect("applications:section-consortium", pk=application.pk)
    return _render_section(request, application, "consortium", "member_edit.html",
                           form=form, member=member)


@editable_application
def consortium_member_remove(request, application, member_pk: int):
    return _remove(
        request, application, related="consortium_members", child_pk=member_pk,
        delete=lambda member: consortium_member_delete(member=member, by=request.user),
        back=lambda member: "applications:section-consortium",
        done=lambda member: _("“%(name)s” has been removed from the consortium.")
        % {"name": member.name})


def _save_with_summaries(request, application, section: str, form, save):
    """Save a section's form (`save()`, a service call) and the English summaries written
    in the same <form> element, both or neither. Returns (saved, the summaries' form)."""
    summary_form = EnglishSummaryForm(request.POST or None, application=application,
                                      section=section)
    # Both forms are validated, so that every message shows at once.
    if request.method != "POST" or not (form.is_valid() & summary_form.is_valid()):
        return False, summary_form
    with transaction.atomic():
        saved = refusal_to_form(form, save) and refusal_to_form(
            summary_form, lambda: application_english_summaries_update(
                application=application, by=request.user,
                summaries=summary_form.cleaned_data))
        if not saved:
            transaction.set_rollback(True)
    return bool(saved), summary_form


@editable_application
def section_cooperation(request, application):
    form = CooperationForm(request.POST or None, max_years=application.call.max_duration_years,
                           initial=CooperationForm.initial_for(application))

    def save():
        d = form.cleaned_data
        return application_cooperation_update(
            application=application, by=request.user, objectives=d["objectives"],
            objectives_other=d["objectives_other"],
            cooperation_summary=d["cooperation_summary"], start_date=d["start_date"],
            duration_years=d["duration_years"], year_plans=form.year_plans())

    saved, summary_form = _save_with_summaries(request, application, "cooperation", form, save)
    if saved:
        return _saved(request, application, "cooperation")
    return _render_section(request, application, "cooperation", "cooperation.html", form=form,
                           summary_form=summary_form)


@editable_application
def section_prospects(request, application):
    form = ProspectsForm(request.POST or None, instance=application)
    saved, summary_form = _save_with_summaries(
        request, application, "prospects", form, lambda: application_prospects_update(
            application=application, by=request.user, **form.cleaned_data))
    if saved:
        return _saved(request, application, "prospects")
    return _render_section(request, application, "prospects", "prospects.html", form=form,
                           summary_form=summary_form)


@editable_application
def prior_contact_remove(request, application, contact_pk: int):
    return _remove(
        request, application, related="prior_contacts", child_pk=contact_pk,
        delete=lambda contact: prior_contact_delete(contact=contact, by=request.user),
        back=lambda contact: "applications:partner-contacts",
        done=lambda contact: _("The contact has been removed."))


@editable_application
def section_attachments(request, application):
    form = AttachmentForm(request.POST or None, request.FILES or None,
                          initial={"kind": AttachmentKind.SUPPORTING})
    if request.method == "POST" and form.is_valid() and refusal_to_form(
            form, lambda: attachment_add(
            application=application, by=request.user, kind=form.cleaned_data["kind"],
            uploaded=form.cleaned_data["file"])):
        messages.success(request, _("The file has been attached."))
        return redirect("applications:section-attachments", pk=application.pk)
    return _render_section(request, application, "attachments", "attachments.html", form=form,
                           attachments=application.attachments.all(),
                           max_bytes=settings.ATTACHMENT_MAX_BYTES)


@editable_application
def attachment_remove(request, application, attachment_pk: int):
    return _remove(
        request, application, related="attachments", child_pk=attachment_pk,
        delete=lambda attachment: attachment_delete(attachment=attachment, by=request.user),
        # The partner's letter is uploaded and listed on its criterion 3 task's page.
        back=lambda attachment: ("applications:partner-letter"
                                 if attachment.kind == AttachmentKind.PARTNER_LETTER
                                 else "applications:section-attachments"),
        done=lambda attachment: _("“%(name)s” has been removed.")
        % {"name": attachment.original_name})


@gate(lookup=application_detail)
@rate_limited(scope="application-pdf", setting="APPLICATION_PDF_RATE")
def application_pdf_download(request, application):
    """The whole application as one PDF, for whoever may see it (checked by the lookup:
    a reviewer only after declaring no conflict), in the reader's language: rendered once
    per version and kept; at most APPLICATION_PDF_RATE downloads per person."""
    response = HttpResponse(application_pdf_stored(application),
                            content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{application_pdf_filename(application)}"')
    return response


@gate(lookup=application_for_user)
def attachment_download(request, application, attachment_pk: int):
    """The stored PDF, for whoever may see the application (checked by the lookup)."""
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    return stored_file_response(attachment.file,
                                filename=pdf_display_name(attachment.original_name))


# --- submission, withdrawal, read-only page -------------------------------------------------


@editable_application
def application_submit_view(request, application):
    """What will be sent (every section, read-only), the checklist, and the submission:
    the applicant confirms it, and answers HQ's request when one awaits an answer. The
    service re-checks everything."""
    request_open = information_request_open(application=application)
    form = SubmitForm(request.POST or None, answering=request_open is not None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            application_submit(application=application, by=request.user,
                               answer=form.cleaned_data.get("answer", ""))
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "answer" in exc.error_dict:
                form.add_error("answer", exc.error_dict["answer"])
            else:
                problems = exc.messages
        else:
            messages.success(request, _("Your application has been submitted with reference "
                                        "%(ref)s. A confirmation e-mail is on its way.")
                             % {"ref": application.reference})
            return redirect("applications:detail", pk=application.pk)
    shown = application_detail(user=request.user, pk=application.pk)
    return _render_section(
        request, application, "submit", "submit.html", problems=problems, form=form,
        # An answer to a request is accepted after the call's deadline.
        call_open=application.call.state == CallState.OPEN or request_open is not None,
        **_sections_context(shown))


def _sections_context(application) -> dict:
    """What the read-only sections (applications/_sections.html) show of `application`
    (loaded by selectors.application_detail)."""
    return {"shown": application, "members": list(application.consortium_members.all()),
            "objective_labels": [Objective(v).label for v in application.objectives
                                 if v in Objective.values],
            # English summaries first, the Japanese beside them, for readers of English.
            "english_first": reader_reads_english()}


@gate(lookup=application_for_user)
def application_withdraw_view(request, application):
    if not may_withdraw.test(request.user, application):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("applications:detail", pk=application.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        application_withdraw(application=application, by=request.user,
                             note=form.cleaned_data["note"])
        messages.success(request, _("The application has been withdrawn."))
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/form/withdraw.html",
                  {"application": application, "form": form})


@gate("applications.manage_calls", lookup=application_for_user)
def application_request_information_view(request, application):
    """HQ: ask the applicant for more information, with an optional date to reply by."""
    if not may_request_information.test(request.user, application):
        messages.error(request, _("More information can be requested only while the "
                                  "application is submitted or under review."))
        return redirect("applications:detail", pk=application.pk)
    form = InformationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and refusal_to_form(
            form, lambda: application_request_information(
            application=application, by=request.user, **form.cleaned_data)):
        messages.success(request, _("The request has been sent to the applicant."))
        return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/hq/request_information.html",
                  {"application": application, "form": form})


# The organisation reads its published result before the application it sent.
result_first = own_application & decision_published


@gate(lookup=application_detail)
def application_detail_view(request, application):
    """Every section read-only, the status, the timeline and the other apps' panels."""
    may = abilities_for(application=application, user=request.user)
    application.shown_status = status_for_viewer(application=application, user=request.user)
    return render(request, "applications/detail.html", {
        "application": application, **_sections_context(application),
        "information_request": information_request_open(application=application),
        "shown_status": application.shown_status,
        "timeline": timeline_for_viewer(application=application, user=request.user),
        "may": may, "can_edit": may.edit, "can_withdraw": may.withdraw,
        "result_first": result_first.test(request.user, application),
        "may_read_advice": request.user.has_perm("applications.read_advice", application),
        "open_items": [item for item in application_checklist(application=application)
                       if not item.ok] if may.edit else [],
    })
