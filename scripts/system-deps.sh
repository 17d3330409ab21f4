#!/usr/bin/env bash
# System packages the portal needs (Debian/Ubuntu names). Installs what is missing when run
# as root (or with sudo available); otherwise prints the command and stops.
#   gettext               msgfmt for compiling the Japanese message catalogues
#   libpango-1.0-0 …      WeasyPrint's text layout (award letters)
#   libharfbuzz-subset0   fast font subsetting: without it a Japanese letter is 20–50× slower
#   poppler-utils         pdftoppm/pdftotext, to look at generated letters
# Optional, installed only when running as root (CI): without them the end-to-end tests
# (tests/e2e) skip, or fail under RIT_REQUIRE_SERVICES=1:
#   chromium              the browser Playwright drives (no browser download)
#   npm                   installs axe-core for the accessibility checks (tests/e2e/package.json)
#   fonts-noto-cjk        Japanese glyphs for the browser, so the e2e screenshots of Japanese
#                         pages (build/screenshots/) can be read (PDFs embed the portal's own font)
set -euo pipefail
PACKAGES=(python3-venv gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b
          libharfbuzz-subset0 poppler-utils)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "$(id -u)" -eq 0 ]; then
  for p in chromium npm; do
    command -v "$p" >/dev/null || missing+=("$p")
  done
  dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "install ok installed" \
    || missing+=(fonts-noto-cjk)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing system packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "Please run as root: apt-get install -y ${missing[*]}" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt run (unattended upgrades, a parallel checkout) instead of failing.
APT=(apt-get -o DPkg::Lock::Timeout=600)
$SUDO "${APT[@]}" update -qq
$SUDO "${APT[@]}" install -y -qq --no-install-recommends "${missing[@]}"
