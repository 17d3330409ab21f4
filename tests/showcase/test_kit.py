"""The promoter kit: the embeddable list of open calls (the one frameable page), the
script-free snippet, and the A4 poster whose QR code, read back by a real decoder, opens
the call's page with the promoter's `ref`; the ref is then counted in HQ's referral
figures."""

import re
import subprocess

import pytest
from django.urls import reverse

from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


class GreyPage:
    """A page rasterised by pdftoppm as a binary PGM, handed to the decoder through the
    array interface (no image library)."""

    def __init__(self, pgm: bytes):
        magic, width, height, _maxval, pixels = pgm.split(maxsplit=4)
        assert magic == b"P5"
        self.__array_interface__ = {"shape": (int(height), int(width)), "typestr": "|u1",
                                    "data": pixels, "version": 3}


@pytest.fixture
def call():
    return CallFactory()


def test_the_poster_s_qr_code_decodes_to_the_call_page_with_the_promoter_s_ref(client, call,
                                                                                settings,
                                                                                tmp_path):
    zxingcpp = pytest.importorskip("zxingcpp")
    settings.SITE_URL = "https://rit.example.jp"
    response = client.get(reverse("showcase:poster", args=[call.pk]),
                          {"ref": "Chamber Osaka"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    (tmp_path / "poster.pdf").write_bytes(response.content)
    subprocess.run(["pdftoppm", "-gray", "-r", "100", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp_path / "poster.pdf"), str(tmp_path / "page")], check=True)
    [barcode] = zxingcpp.read_barcodes(GreyPage((tmp_path / "page.pgm").read_bytes()))
    assert barcode.text == (f"https://rit.example.jp{reverse('call-detail', args=[call.pk])}"
                            "?ref=chamber-osaka")


def test_the_call_page_reached_by_the_code_counts_for_the_promoter(client, call):
    client.get(reverse("call-detail", args=[call.pk]), {"ref": "chamber-osaka"})
    assert client.session["rit_referral_source"] == "chamber-osaka"


def test_only_the_embeddable_list_may_be_framed(client, call):
    embedded = client.get(reverse("showcase:embed-calls"), {"ref": "embassy-de"})
    assert embedded.status_code == 200
    assert "X-Frame-Options" not in embedded.headers
    assert "frame-ancestors *" in embedded["Content-Security-Policy"]
    html = embedded.content.decode()
    assert f'{reverse("call-detail", args=[call.pk])}?ref=embassy-de' in html
    assert "<script" not in html
    kit = client.get(reverse("showcase:kit"), {"ref": "embassy-de"})
    assert "frame-ancestors 'none'" in kit["Content-Security-Policy"]
    assert kit["X-Frame-Options"] == "DENY"


def test_the_kit_gives_the_iframe_the_snippet_and_posters_with_the_code(client, call):
    html = client.get(reverse("showcase:kit"), {"ref": "Embassy DE!"}).content.decode()
    assert "embassy-de" in html
    assert re.search(r"&lt;iframe src=&quot;http://testserver/showcase/embed/calls/"
                     r"\?ref=embassy-de&quot;", html) or \
        "/showcase/embed/calls/?ref=embassy-de" in html
    snippet = re.search(r'id="kit-snippet"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    assert "&lt;script" not in snippet
    assert f"{reverse('call-detail', args=[call.pk])}?ref=embassy-de" in snippet
    assert f'{reverse("showcase:poster", args=[call.pk])}?ref=embassy-de' in html
