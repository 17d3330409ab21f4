"""Criterion 3, one task per page: the section's page lists the four tasks (prior contacts,
the online confirmation request, the partner's letter, the English summary) with their
state (applications.sections.partner_tasks); each task is a page of one form that returns
to the list after saving. Behind the same gate as every section of the form.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rit_portal.refusals import refusal_to_form

from ..enums import AttachmentKind
from ..forms import EnglishSummaryForm, PartnerLetterForm, PartnerRequestForm, PriorContactForm
from ..sections import PARTNER_TASKS, partner_tasks, section_context
from ..selectors import partner_contact_suggested
from ..services import (
    application_english_summaries_update,
    attachment_add,
    partner_confirmation_request,
    prior_contact_create,
)
from .application_form import editable_application

TASK_URL_NAMES = {key: url_name for key, _label, url_name, _hint in PARTNER_TASKS}


@editable_application
def section_partner(request, application):
    """The section's page: what criterion 3 asks and its four tasks, each with its state."""
    return render(request, "applications/form/partner.html", {
        **section_context(application=application, section="partner"),
        "tasks": partner_tasks(application=application)})


def _task_page(request, application, task: str, form, **context):
    """A task's page: the section around it (navigation, the request for information),
    the checklist's items this task fixes, and its one form."""
    shown = section_context(application=application, section="partner")
    shown["section_items"] = [item for item in shown["section_items"]
                              if item.task == TASK_URL_NAMES[task]]
    label = next(str(label) for key, label, _url, _hint in PARTNER_TASKS if key == task)
    return render(request, f"applications/form/partner_{task}.html",
                  {**shown, "task_label": label, "form": form, **context})


def _done(request, application, message: str):
    messages.success(request, message)
    return redirect("applications:section-partner", pk=application.pk)


@editable_application
def partner_contacts(request, application):
    """The prior contacts recorded (each can be removed) and the form to add one."""
    form = PriorContactForm(request.POST or None, prefix="contact")
    if request.method == "POST" and form.is_valid() and refusal_to_form(
            form, lambda: prior_contact_create(application=application, by=request.user,
                                               **form.cleaned_data)):
        return _done(request, application, _("The contact has been recorded."))
    return _task_page(request, application, "contacts", form,
                      contacts=application.prior_contacts.all())


@editable_application
def partner_request(request, application):
    """The requests sent and their answers, and the form to ask a contact to confirm."""
    # A draft started from a JETRO introduction offers the region's contact (partnering).
    form = PartnerRequestForm(request.POST or None, prefix="request",
                              initial=({} if application.partner_confirmations.exists()
                                       else partner_contact_suggested(application=application)))
    if request.method == "POST" and form.is_valid() and refusal_to_form(
            form, lambda: partner_confirmation_request(application=application,
                                                       by=request.user, **form.cleaned_data)):
        return _done(request, application, _("The request has been sent to %(email)s.")
                     % {"email": form.cleaned_data["contact_email"]})
    return _task_page(request, application, "request", form,
                      confirmations=application.partner_confirmations.all())


@editable_application
def partner_letter(request, application):
    """The partner's letters uploaded (each can be removed) and the form to upload one."""
    form = PartnerLetterForm(request.POST or None, request.FILES or None, prefix="letter")
    if request.method == "POST" and form.is_valid() and refusal_to_form(
            form, lambda: attachment_add(application=application, by=request.user,
                                         kind=AttachmentKind.PARTNER_LETTER,
                                         uploaded=form.cleaned_data["file"])):
        return _done(request, application, _("The letter has been uploaded."))
    return _task_page(request, application, "letter", form,
                      letters=application.attachments.filter(kind=AttachmentKind.PARTNER_LETTER))


@editable_application
def partner_summary(request, application):
    """The English summary of the prior contacts (required or optional, as the call says)."""
    form = EnglishSummaryForm(request.POST or None, application=application, section="partner")
    if request.method == "POST" and form.is_valid() and refusal_to_form(
            form, lambda: application_english_summaries_update(
                application=application, by=request.user, summaries=form.cleaned_data)):
        return _done(request, application, _("Saved as a draft."))
    return _task_page(request, application, "summary", form)
