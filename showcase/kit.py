"""The promoter kit: what chambers of commerce, business associations and embassies put
on their own pages and walls to bring applicants, each piece carrying the promoter's
`?ref=` code so that HQ's referral figures (applications:referral-report, per source:
organisations registered, their applications and submissions) count what they brought.

- an embeddable list of the open calls: a page made to sit in an <iframe> (the only page
  whose X-Frame-Options and CSP frame-ancestors let other sites frame it), and the same
  list as a script-free HTML snippet to paste;
- an A4 poster (PDF, rit_portal/pdf.py) of one call with a QR code of the call's address
  with the promoter's `ref` (segno: pure Python, writes SVG that WeasyPrint draws as
  vectors; no image library)."""

from pathlib import Path
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from accounts.referrals import clean_referral_source
from rit_portal import pdf

POSTER_STYLESHEET = Path(__file__).resolve().parent / "templates" / "showcase" / "poster.css"


def promoter_code(value: str) -> str:
    """The promoter's code as every link carries it (accounts.referrals' slug rule)."""
    return clean_referral_source(value)


def call_link(call, ref: str) -> str:
    """The call's public page, absolute, with the promoter's `ref` when there is one."""
    url = settings.SITE_URL + reverse("call-detail", args=[call.pk])
    return f"{url}?{urlencode({'ref': ref})}" if ref else url


def qr_svg(url: str) -> str:
    """The QR code of `url` as an inline SVG (error correction M: survives a crease)."""
    return segno.make(url, error="m").svg_inline(scale=6, border=4, dark="#000",
                                                   light="#fff")


def poster_pdf(*, call, ref: str) -> bytes:
    """The A4 poster of `call` in Japanese and English, its QR code pointing at the call's
    page with `ref`."""
    link = call_link(call, ref)
    pages = []
    for language in ("ja", "en"):
        with translation.override(language):
            pages.append(render_to_string("showcase/poster.html", {
                "call": call, "link": link, "qr": mark_safe(qr_svg(link)),
                "language": language}))
    html = ('<!doctype html><html><head><meta charset="utf-8"></head><body>'
            + "".join(pages) + "</body></html>")
    return pdf.html_to_pdf(html, stylesheets=(POSTER_STYLESHEET,))
