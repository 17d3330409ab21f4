"""Advice of the JETRO office in Japan on a draft its organisation shared with it."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rit_portal.forms import Form
from rit_portal.gates import gate
from rit_portal.refusals import refusal_shown

from .. import services
from ..sections import SECTIONS
from ..selectors import advice_of_application, application_for_user


class AdviceForm(Form):
    section = forms.ChoiceField(label=gettext_lazy("Section"),
                                choices=[(key, label) for key, label, _url in SECTIONS])
    text = forms.CharField(label=gettext_lazy("Advice"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=5000)


class AnswerForm(Form):
    answer = forms.CharField(label=gettext_lazy("Your answer"),
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


@gate("applications.read_advice", lookup=application_for_user)
def advice(request, application):
    """The office's advice per section and the organisation's answers; the applicant shares
    or stops sharing the draft here, the office's staff write advice, the applicant
    answers. POST `action`: share, unshare, advise, answer (with `advice`)."""
    user = request.user
    may_advise = user.has_perm("applications.advise_draft", application)
    may_answer = user.has_perm("applications.answer_advice", application)
    may_share = user.has_perm("applications.share_with_office", application)
    action = request.POST.get("action") if request.method == "POST" else None
    advice_form = AdviceForm(request.POST if action == "advise" else None)
    rows = list(advice_of_application(application=application))
    answering = request.POST.get("advice") if action == "answer" else None
    answer_forms = {row.pk: AnswerForm(request.POST if answering == str(row.pk) else None,
                                       prefix=f"a{row.pk}", initial={"answer": row.answer})
                    for row in rows} if may_answer else {}
    if action in ("share", "unshare") and may_share:
        services.application_share_with_office(application=application, by=user,
                                               share=action == "share")
        messages.success(request, _("Your draft is now shared with your JETRO office.")
                         if action == "share" else
                         _("Your JETRO office no longer sees your draft."))
        return redirect("applications:advice", pk=application.pk)
    if action == "advise" and advice_form.is_valid():
        with refusal_shown(request, advice_form) as refusal:
            services.office_advice_give(application=application, by=user,
                                        **advice_form.cleaned_data)
        if not refusal:
            messages.success(request, _("Your advice was saved; the organisation sees it."))
            return redirect("applications:advice", pk=application.pk)
    if answering:
        row = next((r for r in rows if str(r.pk) == answering), None)
        if row is None:
            raise Http404
        form = answer_forms[row.pk]
        if form.is_valid():
            with refusal_shown(request, form) as refusal:
                services.office_advice_answer(advice=row, by=user,
                                              text=form.cleaned_data["answer"])
            if not refusal:
                messages.success(request, _("Your answer was saved."))
                return redirect("applications:advice", pk=application.pk)
    labels = {key: label for key, label, _url in SECTIONS}
    for row in rows:
        row.section_label = labels.get(row.section, row.section)
        row.answer_form = answer_forms.get(row.pk)
    return render(request, "applications/advice.html", {
        "application": application, "rows": rows, "advice_form": advice_form,
        "may_advise": may_advise, "may_share": may_share,
        "shared": application.shared_with_office_at is not None})
