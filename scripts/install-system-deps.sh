#!/usr/bin/env bash
# Debian packages corpus-tool needs: Voikko (Finnish morphology, used as a lexicon) and
# tesseract's Finnish model (OCR of scanned PDF pages). With --test also PostgreSQL,
# which the test suite runs against. Installs them when run as root; otherwise names
# what is missing and stops.
set -euo pipefail
packages=(libvoikko1 voikko-fi tesseract-ocr tesseract-ocr-fin)
[ "${1:-}" = "--test" ] && packages+=(postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "corpus-tool needs Debian packages: ${missing[*]} (run: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
