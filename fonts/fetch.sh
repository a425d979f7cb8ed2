#!/usr/bin/env bash
# Rebuild every font file in fonts/ from pinned Debian packages.
#
#   fonts/fetch.sh           download, subset, write fonts/*.otf|ttf, LICENSE.*, SHA256SUMS
#   fonts/fetch.sh --check   rebuild in a temporary directory and compare with SHA256SUMS
#
# Needs: apt-get (Debian/Ubuntu apt sources with bookworm packages), dpkg-deb,
# python3 (with venv and pip for the pinned fontTools when it is not installed).
# The output is byte-reproducible: the same inputs give the same sha256.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
FONTTOOLS_VERSION=4.68.0
PACKAGES=(
  "fonts-noto-cjk=1:20220127+repack1-1"
  "fonts-arphic-gkai00mp=2.11-16"
  "texlive-lang-chinese=2022.20230122-1"
  "fonts-noto-core=20201225-1"
)
# sha256 of the source faces inside those packages (apt already checks the .deb files).
SOURCES_SHA256="\
a5d4b046c127da3d7c72f98b46c41489cd29bf52abfdf18aba920903e920d4ac  usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc
b76b0433203017ca80401b2ee0dd69350349871c4b19d504c34dbdd80541690a  usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
a04178ec485dffdff7cc0c0c20e1fce9202d7e2160d805e8e44a4c8841c58481  usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc
d838ad32ce2244d8144f408c37fe71065aba6fbbc80759a4d2aa2033948d5bc9  usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf
61519fb9bdda4a1a3aa02a12cbb76c2ef897ce879775d7ea2265d0a65fe54d16  usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf
5893c1e0aefb250bcbeff5c0f8ee4bb27cd3dc19b47d14954b154b094e10ee63  usr/share/fonts/truetype/noto/NotoSerifTibetan-Regular.ttf
"

CHECK=0
if [[ "${1:-}" == "--check" ]]; then CHECK=1; fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/debs" "$WORK/root" "$WORK/out"

echo "== downloading ${PACKAGES[*]}"
(cd "$WORK/debs" && apt-get download "${PACKAGES[@]}")
for deb in "$WORK"/debs/*.deb; do dpkg-deb -x "$deb" "$WORK/root"; done
(cd "$WORK/root" && printf '%s' "$SOURCES_SHA256" | sha256sum -c --quiet -)

PY=python3
if ! python3 -c "import fontTools, sys; sys.exit(fontTools.version != '$FONTTOOLS_VERSION')" 2>/dev/null; then
  echo "== installing fonttools==$FONTTOOLS_VERSION in a virtual environment"
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet "fonttools==$FONTTOOLS_VERSION"
  PY="$WORK/venv/bin/python"
fi

echo "== subsetting (a few minutes)"
export SOURCE_DATE_EPOCH=0 PYTHONHASHSEED=0
"$PY" "$HERE/build.py" "$WORK/root" "$WORK/out"

echo "== licences"
R="$WORK/root/usr/share/doc"
# SIL OFL 1.1 as carried in the Debian copyright file of fonts-noto-cjk.
{
  cat <<'EOF'
Noto Serif CJK SC (version 2.001): (c) 2017-2022 Adobe (http://www.adobe.com/).
Noto Sans CJK SC (version 2.004): (c) 2014-2021 Adobe (http://www.adobe.com/).
(Copyright notices from the fonts' name tables; the Debian package fonts-noto-cjk
1:20220127+repack1-1 records "Copyright: 2010-2012, Google Corporation".)
Upstream: https://github.com/googlefonts/noto-cjk. No Reserved Font Name is declared.

NotoSerifCJKsc-Bold.gb2312.otf, NotoSansCJKsc-Regular.gb2312.otf and
NotoSerifCJKsc-Regular.cjk.otf are Modified Versions (subsets) made by
fonts/build.py; fonts/fetch.sh rebuilds them. They are licensed under the
SIL Open Font License, Version 1.1, reproduced below from the Debian copyright file.

EOF
  awk 'prev == "" && /^License: SIL-1.1$/ {on = 1; next} on && /^$/ {exit} on; {prev = $0}' "$R/fonts-noto-cjk/copyright" \
    | sed -e 's/^ //' -e 's/^\.$//'
} > "$WORK/out/LICENSE.NotoCJK-OFL.txt"
{
  cat <<'EOF'
Noto Serif Tibetan (version 2.001): Copyright 2018 Google LLC. All Rights Reserved.
(Copyright notice from the font's name table; from the Debian package
fonts-noto-core 20201225-1.) Upstream: https://github.com/notofonts/tibetan.
No Reserved Font Name is declared.

NotoSerifTibetan-Regular.tibt.ttf is a Modified Version (subset) made by
fonts/build.py; fonts/fetch.sh rebuilds it. It is licensed under the
SIL Open Font License, Version 1.1, reproduced below from the Debian copyright file.

EOF
  awk 'prev == "" && /^License: OFL-1.1$/ {on = 1; next} on && /^$/ {exit} on; {prev = $0}' "$R/fonts-noto-core/copyright" \
    | sed -e 's/^ //' -e 's/^\.$//'
} > "$WORK/out/LICENSE.NotoTibetan-OFL.txt"
{
  cat <<'EOF'
AR PL KaitiM GB (gkai00mp.ttf, version 2.11): (c) Copyright 1994-1999, Arphic Technology Co., Ltd.
From the Debian package fonts-arphic-gkai00mp 2.11-16.

NOTICE OF CHANGE: gkai00mp.gb2312.ttf is a modified version of gkai00mp.ttf,
made by fonts/build.py (subset to GB 2312 plus punctuation; hinting, vertical
metrics and the 'mort' table removed; version string extended with
"gongwen subset gb2312"). fonts/fetch.sh rebuilds it from the unmodified file.
The licence, from usr/share/doc/fonts-arphic-gkai00mp/license/english/ARPHICPL.TXT.gz:

EOF
  zcat "$R/fonts-arphic-gkai00mp/license/english/ARPHICPL.TXT.gz"
} > "$WORK/out/LICENSE.Arphic.txt"
{
  cat <<'EOF'
Fandol fonts (FandolFang-Regular), Copyright (C) 2012-2013, the Fandol team
(Clerk Ma, Jie Su). http://www.ctan.org/tex-archive/fonts/fandol

The Fandol README (texlive-lang-chinese: usr/share/doc/texlive-doc/fonts/fandol/README)
states: "These fonts's licensing is GPL + GPL font exception." The package does not
carry the exception's wording; the standard wording published by the FSF
(https://www.gnu.org/licenses/gpl-faq.html#FontException) is:

  As a special exception, if you create a document which uses this font, and
  embed this font or unaltered portions of this font into the document, this
  font does not by itself cause the resulting document to be covered by the
  GNU General Public License. This exception does not however invalidate any
  other reasons why the document might be covered by the GNU General Public
  License. If you modify this font, you may extend this exception to your
  version of the font, but you are not obligated to do so. If you do not wish
  to do so, delete this exception statement from your version.

The file FandolFang-Regular.gb2312.otf is a modified version (a subset made by
fonts/build.py from the unmodified FandolFang-Regular.otf of the Debian package
texlive-lang-chinese 2022.20230122-1, rescaled to 256 units per em, with curves
that are straight within 0.75 unit drawn as lines); fonts/fetch.sh rebuilds it. The full
text of the GNU GPL version 3 follows (usr/share/doc/texlive-doc/fonts/fandol/COPYING).

EOF
  zcat "$R/texlive-doc/fonts/fandol/COPYING.gz"
} > "$WORK/out/LICENSE.Fandol-GPL3-font-exception.txt"

(cd "$WORK/out" && sha256sum -- *.otf *.ttf LICENSE.* > SHA256SUMS)

if [[ $CHECK == 1 ]]; then
  echo "== comparing with $HERE/SHA256SUMS"
  if diff -u "$HERE/SHA256SUMS" "$WORK/out/SHA256SUMS"; then
    echo "OK: rebuilt files are byte-identical to the committed ones"
  else
    echo "MISMATCH" >&2
    exit 1
  fi
else
  cp "$WORK"/out/*.otf "$WORK"/out/*.ttf "$WORK"/out/LICENSE.* "$WORK/out/SHA256SUMS" "$HERE/"
  cat "$HERE/SHA256SUMS"
fi
