#!/usr/bin/env bash
# Debian packages the PDF renderer and the browser tests need. Installs what is missing
# when run as root; otherwise says what to install.
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
fc-list 2>/dev/null | grep -q "LiberationSerif-Regular.ttf" && dpkg -s fonts-liberation2 >/dev/null 2>&1 || need+=(fonts-liberation2)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || need+=(libharfbuzz-subset0)
dpkg -s libcairo2 >/dev/null 2>&1 || need+=(libcairo2)  # cairosvg: the charts as PNG in the Word file
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Cần cài các gói Debian: sudo apt-get install ${need[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${need[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
