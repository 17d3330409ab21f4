"""HTML → PDF, the one path every PDF of the portal takes (award letters, the projects'
invitation letters, the application).

WeasyPrint is imported here, at module level, so a process pays its ~0.8 s import once
(Celery's prefork parent imports this through sponsorship.tasks before forking). One font
configuration serves every document, and each stylesheet (its @font-face naming IPAex
Gothic, shipped in rit_portal/fonts/ so that Japanese renders the same on every machine;
the stylesheets' base URL is that folder) is parsed once per process.
"""

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import weasyprint
from weasyprint.text.fonts import FontConfiguration

FONT_DIR = Path(__file__).resolve().parent / "fonts"


@cache
def font_configuration() -> FontConfiguration:
    """The process's one font configuration (every stylesheet registers its fonts here)."""
    return FontConfiguration()


@cache
def stylesheet(path: Path) -> weasyprint.CSS:
    """The stylesheet at `path`, parsed once per process."""
    return weasyprint.CSS(filename=str(path), font_config=font_configuration(),
                          base_url=FONT_DIR.as_uri() + "/")


def html_to_pdf(html: str, *, stylesheets: Sequence[Path]) -> bytes:
    """The PDF bytes of `html`, laid out with `stylesheets` (later ones add to or override
    earlier ones)."""
    document = weasyprint.HTML(string=html, base_url=FONT_DIR.as_uri() + "/")
    return document.write_pdf(stylesheets=[stylesheet(path) for path in stylesheets],
                              font_config=font_configuration())
