#!/usr/bin/env bash
# Installs what the tests need and is not a Rust crate: Debian's chromium, WeasyPrint, poppler
# and qpdf, and the npm packages of package.json. Idempotent: does nothing when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v weasyprint >/dev/null || need+=(weasyprint)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v qpdf >/dev/null || need+=(qpdf)
command -v node >/dev/null || need+=(nodejs npm)
command -v java >/dev/null || need+=(default-jre-headless)
[ -d /usr/share/fonts/truetype/noto ] || need+=(fonts-noto-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "Cài gói Debian: ${need[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if [ -f package.json ]; then
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
    npm ci --no-audit --no-fund
  fi
fi
