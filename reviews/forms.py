"""Forms of the review process: validation and presentation; save() calls a service."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from rit_portal.forms import Form, ModelForm, RecordMultipleChoiceField

from .enums import (
    CRITERIA,
    SCORE_MAX,
    STANDING_CONFLICT_TYPES,
    VALUE_MAX,
    ConflictType,
    Criterion,
    Recommendation,
    ValueAspect,
)
from .models import Review, ReviewSettings
from .rubric import VALUE_GUIDE, rubric_for
from .services import REVIEW_FIELDS, review_save

# The review's fields that the form shows as they are (the value score depends on weights).
SCORED_FIELDS = [name for name in REVIEW_FIELDS if name != "value_score"]
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ConflictForm(Form):
    """The reviewer's declaration on one assignment: none, or a typed conflict (with a firm:
    which one), described, optionally for the organisation's or firm's later calls too."""

    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with the applicant organisation, a firm of "
                "the consortium or the partner region?"),
        choices=[("no", _("No, I have no conflict of interest")),
                 ("yes", _("Yes, I have a conflict of interest"))],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect)
    conflict_type = forms.ChoiceField(
        label=_("The conflict is with"), required=False, choices=ConflictType.choices,
        widget=forms.RadioSelect)
    firm = forms.ModelChoiceField(
        label=_("Which firm"), queryset=None, required=False, empty_label=_("— choose —"),
        help_text=_("Only when the conflict is with a firm of the consortium."))
    conflict_note = forms.CharField(
        label=_("Nature of the conflict"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you declare a conflict; seen by HQ only."))
    standing = forms.BooleanField(
        label=_("Also for this organisation's or firm's applications in later calls"),
        required=False,
        help_text=_("They will not be assigned to you again. You can withdraw this on the page "
                    "“Conflicts of interest”."))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["firm"].queryset = application.consortium_members.all()

    def clean(self):
        data = super().clean()
        if data.get("has_conflict"):
            kind = data.get("conflict_type")
            if not kind:
                self.add_error("conflict_type", _("Say with whom you have the conflict."))
            elif kind == ConflictType.FIRM and not data.get("firm"):
                self.add_error("firm", _("Choose the firm of the consortium."))
            if not (data.get("conflict_note") or "").strip():
                self.add_error("conflict_note", _("Describe the conflict of interest."))
            if data.get("standing") and kind and kind not in STANDING_CONFLICT_TYPES:
                self.add_error("standing", _("Only a conflict with the applicant organisation "
                                             "or a firm can be declared for later calls."))
        return data


class OrganisationByNameField(forms.CharField):
    """An applicant organisation found by its name as the reviewer types it (Japanese or
    English, any case and width; a part of it when only one organisation matches) rather
    than chosen from a list of every organisation: the list made the page 674 KB at 5,000
    organisations. Cleans to the organisation, or None when left empty."""

    SHOWN = 5  # candidates named in the message when several match

    def clean(self, value):
        import unicodedata

        from django.db.models import Q

        from accounts.models import ApplicantOrganisation

        text = unicodedata.normalize("NFKC", super().clean(value) or "").strip()
        if not text:
            return None
        organisations = ApplicantOrganisation.objects.order_by("name_en", "pk")
        exact = list(organisations.filter(Q(name_ja__iexact=text) | Q(name_en__iexact=text))[:2])
        if len(exact) == 1:
            return exact[0]
        matches = exact or list(organisations.filter(
            Q(name_ja__icontains=text) | Q(name_en__icontains=text))[:self.SHOWN + 1])
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                _("No applicant organisation is called “%(name)s”. Type its name as it "
                  "appears on its applications."), code="unknown", params={"name": text})
        from rit_portal.conventions import listing

        names = listing([str(o.name) for o in matches[:self.SHOWN]])
        raise forms.ValidationError(
            _("Several applicant organisations match “%(name)s”: %(names)s%(more)s. Type "
              "the full name of one of them."), code="ambiguous",
            params={"name": text, "names": names,
                    "more": " …" if len(matches) > self.SHOWN else ""})


class StandingConflictForm(Form):
    """A conflict declared in advance, for every call: an organisation or a firm."""

    conflict_type = forms.ChoiceField(
        label=_("The conflict is with"), widget=forms.RadioSelect,
        choices=[(t.value, t.label) for t in STANDING_CONFLICT_TYPES])
    organisation = OrganisationByNameField(
        label=_("Applicant organisation"), required=False, max_length=200,
        help_text=_("Its name in Japanese or in English, as it appears on its applications "
                    "(part of the name is enough when only one organisation matches)."))
    firm_name = forms.CharField(label=_("Firm name"), max_length=200, required=False)
    corporate_number = forms.CharField(
        label=_("Corporate number"), max_length=13, required=False,
        help_text=_("13 digits (法人番号), if you know it: the firm is then recognised in any "
                    "consortium whatever its name is written like."))
    note = forms.CharField(label=_("Nature of the conflict"),
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Seen by HQ only."))

    def clean_corporate_number(self):
        import unicodedata

        return unicodedata.normalize("NFKC", self.cleaned_data["corporate_number"]).strip()


class ReviewForm(Form):
    """C1–C3 on the 0–5 rubric with a comment each, the value 0–10, a recommendation.

    Every field is optional for a draft; submitting checks completeness (service).
    """

    def __init__(self, *args, review: Review | None = None, settings: ReviewSettings,
                 **kwargs):
        self.weights = settings.value_weights
        initial = {}
        if review is not None:
            initial = {name: getattr(review, name) for name in SCORED_FIELDS}
            initial["value_score"] = (int(review.value_score)
                                      if review.value_score is not None and not self.weights
                                      else None)
            for aspect, score in (review.value_aspects or {}).items():
                initial[f"aspect_{aspect}"] = score
        super().__init__(*args, initial=initial, **kwargs)
        for criterion in CRITERIA:
            self.fields[f"{criterion.value}_score"] = forms.TypedChoiceField(
                label=_("Score (0–5)"), required=False, coerce=int, empty_value=None,
                widget=forms.RadioSelect,
                choices=[(level, f"{level} — {text}") for level, text in
                         rubric_for(criterion)])
            self.fields[f"{criterion.value}_comment"] = forms.CharField(
                label=_("Comment on %(criterion)s") % {"criterion": criterion.label},
                required=False, widget=forms.Textarea(attrs={"rows": 3}))
        value_choices = [("", "—")] + [(n, str(n)) for n in range(VALUE_MAX + 1)]
        if self.weights:
            for aspect in ValueAspect:
                if aspect.value in self.weights:
                    self.fields[f"aspect_{aspect.value}"] = forms.TypedChoiceField(
                        label=_("%(aspect)s (weight %(weight)s)") % {
                            "aspect": aspect.label, "weight": self.weights[aspect.value]},
                        choices=value_choices, coerce=int, empty_value=None, required=False)
        else:
            self.fields["value_score"] = forms.TypedChoiceField(
                label=_("Score (0–10)"), choices=value_choices, coerce=int,
                empty_value=None, required=False, help_text=VALUE_GUIDE)
        self.fields["value_comment"] = forms.CharField(
            label=_("Comment on the value"), required=False,
            widget=forms.Textarea(attrs={"rows": 3}))
        self.fields["recommendation"] = forms.ChoiceField(
            label=_("Overall recommendation"), required=False,
            choices=[("", "—"), *Recommendation.choices])

    def criterion_fields(self):
        """(criterion label, score field, comment field) per criterion, for the template."""
        return [(c.label, self[f"{c.value}_score"], self[f"{c.value}_comment"])
                for c in CRITERIA]

    def value_fields(self):
        return [self[name] for name in self.fields
                if name.startswith("aspect_") or name == "value_score"]

    def save(self, *, assignment, by, submit: bool) -> Review:
        data = {name: self.cleaned_data.get(name) for name in SCORED_FIELDS}
        if self.weights:
            data["value_aspects"] = {a: self.cleaned_data.get(f"aspect_{a}")
                                     for a in self.weights}
        else:
            score = self.cleaned_data.get("value_score")
            data["value_score"] = Decimal(score) if score is not None else None
        return review_save(assignment=assignment, by=by, data=data, submit=submit)


class AssignForm(Form):
    reviewers = RecordMultipleChoiceField(
        label=_("Reviewers"), queryset=None, widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one HQ reviewer and one reviewer of the overseas office "
                    "covering the partner region."))

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        from accounts.models import User

        self.candidates = {c.pk: c for c in candidates}
        self.fields["reviewers"].queryset = User.objects.filter(pk__in=self.candidates)
        self.fields["reviewers"].label_from_instance = self._label

    def _label(self, user) -> str:
        # The candidate carries the workload annotation and its office, already loaded.
        candidate = self.candidates[user.pk]
        return _("%(name)s · %(role)s %(office)s · %(n)s open") % {
            "name": candidate.get_full_name() or candidate.email,
            "role": candidate.get_role_display(),
            "office": candidate.office.name if candidate.office_id else "",
            "n": candidate.open_assignments}


class SettingsForm(ModelForm):
    review_deadline = forms.DateTimeField(label=_("Review deadline (Japan time)"),
                                          required=False, widget=DATETIME_INPUT)

    class Meta:
        model = ReviewSettings
        fields = ["pass_mark_c1", "pass_mark_c2", "pass_mark_c3", "weight_regional_impact",
                  "weight_business_outcomes", "weight_continuity"]
        help_texts = {
            "weight_regional_impact": _("Leave all three weights at 0 for a single value "
                                        "score from 0 to 10."),
        }


class ConsensusForm(Form):
    criterion = forms.ChoiceField(label=_("Criterion"), choices=Criterion.choices)
    score = forms.TypedChoiceField(label=_("Agreed score"), coerce=int,
                                   choices=[(n, str(n)) for n in range(SCORE_MAX + 1)])
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReviewerInvitationForm(Form):
    """HQ invites a reviewer: the office decides the role (headquarters: HQ reviewer; an
    overseas office: reviewer for its territory)."""

    email = forms.EmailField(label=_("Reviewer's e-mail address"))
    office = forms.ModelChoiceField(label=_("Office"), queryset=None,
                                    empty_label=_("— choose —"))
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=[("en", "English"), ("ja", "日本語")],
        help_text=_("The reviewer can change the portal's language at any time."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from regions.enums import OfficeKind
        from regions.models import JetroOffice

        self.fields["office"].queryset = (
            JetroOffice.objects.filter(kind__in=[OfficeKind.HQ, OfficeKind.OVERSEAS])
            .order_by("kind", "name_en"))
        self.fields["office"].label_from_instance = lambda office: (
            _("%(office)s (HQ reviewer)") % {"office": office.name}
            if office.kind == OfficeKind.HQ else office.name)


class FeedbackForm(Form):
    """HQ's comment to the applicant per criterion and on the value; each starts as the
    reviewers' comments (selectors.FeedbackRow.proposal) for HQ to edit."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, initial={row.item: row.proposal for row in rows}, **kwargs)
        for row in rows:
            self.fields[row.item] = forms.CharField(
                label=_("Comment to the applicant on %(item)s") % {"item": row.label},
                required=False, widget=forms.Textarea(attrs={"rows": 4}))
