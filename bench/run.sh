#!/usr/bin/env bash
# Build benchmark: sotay against Hugo, Zola and mdBook on one generated Vietnamese handbook.
# Prints a Markdown table; see bench/bench.py --help for the options and how it measures.
set -euo pipefail
exec python3 "$(dirname "$0")/bench.py" "$@"
