"""The organisation's consent and story, HQ's return of a story (validation only; each
save calls a service)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rit_portal.forms import Form

from .models import STORY_MAX_CHARS


class ConsentForm(Form):
    consented = forms.BooleanField(
        label=_("We agree that this tie-up is shown on the programme's public showcase"),
        required=False,
        help_text=_("The region pair, sector, years, the activities held and the approved "
                    "story are shown; never amounts, scores or monitoring figures. Untick to "
                    "withdraw: the tie-up leaves the showcase at once."))


class StoryForm(Form):
    story_ja = forms.CharField(
        label=_("Outcome story (Japanese)"), max_length=STORY_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the tie-up achieved, in a few sentences for the public."))
    story_en = forms.CharField(label=_("Outcome story (English)"), max_length=STORY_MAX_CHARS,
                               widget=forms.Textarea(attrs={"rows": 5}))


class StoryReturnForm(Form):
    note = forms.CharField(label=_("What should change"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}))
