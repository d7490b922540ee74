#!/usr/bin/env bash
# Runs every test of sotay: unit tests, end-to-end builds of fixture sites and of the real
# handbook, the browser tests in headless Chromium, the print tests through WeasyPrint and
# poppler, and the dev server over real HTTP. Installs missing tools first.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cargo build --release --locked
cargo test --locked
npm test
