#!/usr/bin/env bash
# Regenerates the web fonts of the default theme (themes/default/static/fonts/) from their
# published sources, so that anyone can check or redo what is committed.
#
#   bash tools/fonts.sh
#
# Needs: npm (to fetch the font packages) and python3 (fontTools runs in a throw-away venv).
#
# Why these fonts (all SIL Open Font License 1.1, full Vietnamese coverage):
# - Source Serif 4 for body text: a screen-first serif (Adobe, optical sizes) whose Vietnamese
#   tone marks stay clear at small sizes, and which also has the symbols the handbook uses
#   (≈, −, →, ₂, ³, ☐). Noto Serif lacks ≈ and ≤ ≥, so browsers would mix in another font.
# - Be Vietnam Pro for headings and interface text: a sans designed in Vietnam for Vietnamese,
#   whose stacked marks (ế, ở, ự) are drawn rather than composed.
#
# ONE file per face covers Latin and Vietnamese together. Split `unicode-range` subsets (the
# Google Fonts way) are ignored or garbled by WeasyPrint, which prints the book from the same
# files (see the print notes). Hinting is dropped (modern rasterisers ignore it) and only the
# OpenType features that text needs are kept, which brings each face to 15–24 KB of WOFF2.
#
# The family names given in @font-face ("Source Serif 4 VN", "Be Vietnam Pro VN") are distinct
# from any installed copy, so a PDF's font list proves that no system fallback crept in.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/themes/default/static/fonts"
SERIF_PKG="@expo-google-fonts/source-serif-4@0.4.1"
SANS_PKG="@expo-google-fonts/be-vietnam-pro@0.4.1"
FONTTOOLS="fonttools==4.68.0"
BROTLI="brotli==1.2.1"

# Basic Latin, Latin-1, the Vietnamese letters (Ă Â Đ Ê Ô Ơ Ư, U+1EA0–1EF9), combining tone
# marks for text typed in decomposed form, general punctuation, super- and subscripts (m³,
# CO₂), ₫ and €, arrows and the few maths signs that appear in running text.
UNICODES="U+0020-007E,U+00A0-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0131,U+0152-0153,\
U+0168-0169,U+01A0-01A1,U+01AF-01B0,U+0300-0304,U+0306,U+0308-0309,U+0323,U+1EA0-1EF9,\
U+2010-2027,U+2030,U+2032-2033,U+2039-203A,U+2044,U+2070-209F,U+20AB,U+20AC,U+2116,U+2122,\
U+2190-2193,U+2212,U+2215,U+2248,U+2260,U+2264-2265,U+2610,U+1D57,U+FEFF,U+FFFD"
# kern/mark/mkmk place the tone marks, ccmp/locl compose them, liga for fi/fl, tnum for
# aligned figures in tables.
FEATURES="kern,liga,mark,mkmk,ccmp,locl,tnum,lnum"

for tool in npm python3; do
  command -v "$tool" >/dev/null || { echo "tools/fonts.sh: cần $tool (apt-get install nodejs npm python3-venv)" >&2; exit 1; }
done

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
python3 -m venv venv
venv/bin/pip install --quiet "$FONTTOOLS" "$BROTLI"
for pkg in "$SERIF_PKG" "$SANS_PKG"; do
  tgz="$(npm pack --silent "$pkg" | tail -n 1)"
  dir="${pkg#@expo-google-fonts/}"
  dir="${dir%@*}"
  mkdir -p "$dir"
  tar xzf "$tgz" -C "$dir"
done

# Clears the glyf "overlap" flags before WOFF2 compression: fontTools 4.38 (Debian 12, used by
# WeasyPrint 57) cannot read the transformed glyf table of a WOFF2 that carries them ("incorrect
# size of transformed 'glyf' table") and WeasyPrint then drops the face. The flags only matter
# to variable fonts; these are static instances.
cat > to_woff2.py <<'PY'
import sys
from fontTools.ttLib import TTFont
font = TTFont(sys.argv[1])
glyf = font["glyf"]
for name in font.getGlyphOrder():
    glyph = glyf[name]
    if glyph.isComposite():
        for component in glyph.components:
            component.flags &= ~0x0400  # OVERLAP_COMPOUND
    elif glyph.numberOfContours > 0:
        glyph.flags = bytearray(flag & ~0x40 for flag in glyph.flags)  # OVERLAP_SIMPLE
font.flavor = "woff2"
font.save(sys.argv[2])
PY

mkdir -p "$OUT"
# source file (inside the package) → output file
subset() {
  venv/bin/pyftsubset "$1" --unicodes="$UNICODES" --layout-features="$FEATURES" \
    --no-hinting --desubroutinize --output-file=subset.ttf
  venv/bin/python to_woff2.py subset.ttf "$OUT/$2"
  echo "$2: $(stat -c %s "$OUT/$2") bytes"
}
S=source-serif-4/package
B=be-vietnam-pro/package
subset "$S/400Regular/SourceSerif4_400Regular.ttf" source-serif-4-vn-400.woff2
subset "$S/400Regular_Italic/SourceSerif4_400Regular_Italic.ttf" source-serif-4-vn-400-italic.woff2
subset "$S/600SemiBold/SourceSerif4_600SemiBold.ttf" source-serif-4-vn-600.woff2
subset "$S/600SemiBold_Italic/SourceSerif4_600SemiBold_Italic.ttf" source-serif-4-vn-600-italic.woff2
subset "$B/400Regular/BeVietnamPro_400Regular.ttf" be-vietnam-pro-vn-400.woff2
subset "$B/600SemiBold/BeVietnamPro_600SemiBold.ttf" be-vietnam-pro-vn-600.woff2
cp "$S/LICENSE_FONT" "$OUT/OFL-source-serif-4.txt"
cp "$B/LICENSE_FONT" "$OUT/OFL-be-vietnam-pro.txt"
echo "Đã tạo lại phông chữ trong $OUT"
