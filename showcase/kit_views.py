"""The promoter kit's pages: the kit itself (public), the embeddable list of open calls
(the one page other sites may frame), and the poster PDF."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt

from applications.selectors import call_public_or_404, calls_public

from .kit import call_link, poster_pdf, promoter_code

# The embeddable list only: any site may frame it (it shows public calls and links out).
FRAMEABLE = {"frame-ancestors": ["*"]}


def _calls_with_links(ref: str) -> list:
    calls = list(calls_public())
    for call in calls:
        call.link = call_link(call, ref)
    return calls


def promoter_kit(request):
    """Public: the promoter's code (?ref=), then the iframe code, the snippet to paste and
    a poster per open call, each carrying that code."""
    ref = promoter_code(request.GET.get("ref", ""))
    calls = _calls_with_links(ref)
    embed_url = request.build_absolute_uri(reverse("showcase:embed-calls"))
    if ref:
        embed_url += f"?ref={ref}"
    return render(request, "showcase/kit.html", {
        "ref": ref, "calls": calls, "embed_url": embed_url,
        "snippet": render(request, "showcase/_calls_snippet.html",
                          {"calls": calls}).content.decode().strip()})


def _frameable(view):
    from csp.decorators import csp_replace

    return xframe_options_exempt(csp_replace(FRAMEABLE)(view))


@_frameable
def embed_calls(request):
    """The open calls as a small page made to sit in another site's <iframe>."""
    ref = promoter_code(request.GET.get("ref", ""))
    return render(request, "showcase/embed_calls.html",
                  {"calls": _calls_with_links(ref), "ref": ref})


def poster(request, pk: int):
    """The A4 poster (PDF) of an open call, its QR code carrying the promoter's code."""
    call = call_public_or_404(pk=pk, user=request.user)
    ref = promoter_code(request.GET.get("ref", ""))
    response = HttpResponse(poster_pdf(call=call, ref=ref), content_type="application/pdf")
    name = f"rit-call-{call.fiscal_year}{'-' + ref if ref else ''}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
