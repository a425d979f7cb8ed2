#!/usr/bin/env bash
# `make bench`: whole-process speed and memory of gongwen, each figure a ratio against a
# baseline timed in the same hyperfine run (so that a busy machine slows both alike):
#   (a) the sample, all five formats (PDF, DOCX, XLSX, text, OFD), against typst compiling benches/purang.typ to PDF,
#       neither scanning system fonts, then both with their defaults;
#   (b) against LibreOffice converting gongwen's own DOCX to PDF;
#   (c) reports of 5 to 200 pages generated from the sample, and the time per page;
#   (d) 100 generated reports in one command, against one;
#   (e) peak memory of (a), (c) and (d);
#   (f) check of 10,000 and 100,000 indicators, and of YAML whose aliases repeat one list.
# Then benches/support/tool.rs prints the figures, the targets of issue 17 and a markdown
# table for benches/BENCHMARKS.md.
#
# Environment: TYPST=install installs typst when it is missing (see find_typst),
# TYPST=/path/to/typst uses that one; BENCH_DIR (default target/bench) holds the run;
# BENCH_REPORTS (default 100) is the size of the batch.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${BENCH_DIR:-target/bench}
reports=${BENCH_REPORTS:-100}
pages=(5 25 50 100 200)
bin=target/release/gongwen
tool=target/release/examples/bench-tool
sample=input/purang-2025.yaml
typst_doc=benches/purang.typ

say() { printf '\n== %s\n' "$*" >&2; }
loud() {
  printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
  printf '!!! %s\n' "$@" >&2
  printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

# typst from TYPST, PATH or cargo's bin folder; with TYPST=install, installed when missing.
# No registry this machine reaches ships a current typst command: PyPI's `typst` wheel is a
# Python binding (a library, no command), npm's typst packages stop at 0.10 (2023), Debian 12
# has none. So Debian is tried first (later releases may package it), then cargo install,
# which compiles for a quarter to a whole hour on two cores, at low priority.
find_typst() {
  local want=${TYPST:-}
  if [ -n "$want" ] && [ "$want" != install ]; then
    command -v "$want" || return 1
    return 0
  fi
  local found
  for found in "$(command -v typst || true)" "${CARGO_HOME:-$HOME/.cargo}/bin/typst"; do
    if [ -n "$found" ] && [ -x "$found" ]; then
      echo "$found"
      return 0
    fi
  done
  [ "$want" = install ] || return 1
  if [ "$(id -u)" -eq 0 ] && apt-cache policy typst 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    echo "installing typst (apt-get)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq typst >/dev/null
  else
    echo "installing typst: nice cargo install --locked typst-cli (this takes long)" >&2
    nice -n 19 cargo install --locked typst-cli >&2
  fi
  for found in "$(command -v typst || true)" "${CARGO_HOME:-$HOME/.cargo}/bin/typst"; do
    if [ -n "$found" ] && [ -x "$found" ]; then
      echo "$found"
      return 0
    fi
  done
  return 1
}

.ci/deps bench

say "building gongwen and the bench tool (release)"
cargo build --release --locked --bin gongwen --example bench-tool

typst=""
if typst=$(find_typst); then
  echo "typst: $typst ($("$typst" --version))" >&2
else
  typst=""
  loud "typst was not found: the comparisons with typst are NOT measured." \
    "Run 'make bench TYPST=install' to install it, or TYPST=/path/to/typst."
fi

rm -rf "$out"
mkdir -p "$out"

{
  cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)
  echo "- machine: $(nproc) cores ($cpu), $mem memory, $(uname -sr)"
  echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- gongwen $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $(rustc --version)"
  echo "- $(hyperfine --version)"
  [ -n "$typst" ] && echo "- $("$typst" --version)"
  echo "- $(soffice --version 2>/dev/null | head -1)"
  echo "- date: $(date -u +%Y-%m-%d)"
} >"$out/machine.txt"
cat "$out/machine.txt" >&2

# Reports generated from the sample; each is checked as a clerk would before it is timed.
say "generating reports of ${pages[*]} pages and a batch of $reports"
mkdir -p "$out/pages"
for n in "${pages[@]}"; do
  got=$("$tool" pages "$n" "$out/pages/p$n.yaml" | awk '{print $2}')
  echo "$n $got" >>"$out/pages.txt"
  echo "  p$n.yaml: $got pages" >&2
done
"$tool" many "$reports" "$out/many" >&2
echo "$reports" >"$out/batch.txt"
"$bin" check --bundled-fonts "$out"/pages/*.yaml 2>"$out/check.log" ||
  {
    cat "$out/check.log" >&2
    exit 1
  }
"$bin" check --bundled-fonts "$out"/many/*.yaml 2>>"$out/check.log" ||
  {
    cat "$out/check.log" >&2
    exit 1
  }

# The command of (a) to (e): the sample, all five formats, no system fonts scanned.
build=(build "$sample" --bundled-fonts -o)

typst_cmds=()
if [ -n "$typst" ]; then
  if "$typst" compile --font-path fonts --ignore-system-fonts "$typst_doc" "$out/typst.pdf"; then
    typst_cmds=(
      -n "typst --ignore-system-fonts"
      "$typst compile --font-path fonts --ignore-system-fonts $typst_doc $out/typst.pdf"
      -n "typst (defaults)"
      "$typst compile --font-path fonts $typst_doc $out/typst-defaults.pdf"
    )
  else
    loud "typst failed to compile $typst_doc: the comparisons with typst are NOT measured."
    typst=""
  fi
fi

say "(a) the sample, whole process"
hyperfine -N --warmup 3 --min-runs 20 --export-json "$out/a-sample.json" \
  -n "gongwen --bundled-fonts" "$bin ${build[*]} $out/a" \
  -n "gongwen --format pdf --bundled-fonts" "$bin ${build[*]} $out/a-pdf --format pdf" \
  -n "gongwen (defaults)" "$bin build $sample -o $out/a-defaults" \
  "${typst_cmds[@]}"

say "(b) LibreOffice converting gongwen's DOCX to PDF"
# A profile of its own, so that an office suite already running elsewhere is not reused.
lo_profile="file://$PWD/$out/lo-profile"
hyperfine -N --warmup 1 --min-runs 5 --export-json "$out/b-libreoffice.json" \
  -n "gongwen --bundled-fonts" "$bin ${build[*]} $out/b" \
  -n "soffice --convert-to pdf" \
  "soffice -env:UserInstallation=$lo_profile --headless --convert-to pdf --outdir $out/lo $out/a/purang-2025.docx"

say "(c) cost with pages"
page_cmds=()
for n in "${pages[@]}"; do
  page_cmds+=(-n "$n pages" "$bin build $out/pages/p$n.yaml --bundled-fonts -o $out/c")
done
hyperfine -N --warmup 2 --min-runs 10 --export-json "$out/c-pages.json" "${page_cmds[@]}"

say "(d) $reports reports in one command"
many=("$out"/many/*.yaml)
hyperfine -N --warmup 1 --min-runs 5 --export-json "$out/d-batch.json" \
  -n "gongwen --bundled-fonts" "$bin ${build[*]} $out/d-one" \
  -n "$reports reports" "$bin build ${many[*]} --bundled-fonts -o $out/d"

say "(e) peak memory"
/usr/bin/time -v -o "$out/mem-sample.txt" "$bin" "${build[@]}" "$out/e" 2>/dev/null
/usr/bin/time -v -o "$out/mem-pages.txt" "$bin" build "$out/pages/p${pages[-1]}.yaml" \
  --bundled-fonts -o "$out/e" 2>/dev/null
/usr/bin/time -v -o "$out/mem-batch.txt" "$bin" build "${many[@]}" --bundled-fonts \
  -o "$out/e" 2>/dev/null
if [ -n "$typst" ]; then
  /usr/bin/time -v -o "$out/mem-typst.txt" "$typst" compile --font-path fonts \
    --ignore-system-fonts "$typst_doc" "$out/e/typst.pdf"
fi

say "(f) scale: check of many indicators, YAML whose aliases repeat"
scale_small=10000
scale_large=100000
scale_headings=20000
"$tool" indicators "$scale_small" "$out/indicators-small.yaml"
"$tool" indicators "$scale_large" "$out/indicators-large.yaml"
"$tool" aliases "$scale_headings" "$out/aliases.yaml"
echo "$scale_small $scale_large $scale_headings" >"$out/scale.txt"
# The alias case is refused (exit 1): -i keeps hyperfine timing it.
hyperfine -N -i --warmup 1 --min-runs 3 --export-json "$out/f-scale.json" \
  -n "check $scale_small indicators" "$bin check --bundled-fonts $out/indicators-small.yaml" \
  -n "check $scale_large indicators" "$bin check --bundled-fonts $out/indicators-large.yaml" \
  -n "check $scale_headings aliased sections" "$bin check --bundled-fonts $out/aliases.yaml"
/usr/bin/time -v -o "$out/mem-indicators.txt" "$bin" check --bundled-fonts \
  "$out/indicators-large.yaml" 2>/dev/null
/usr/bin/time -v -o "$out/mem-aliases.txt" "$bin" check --bundled-fonts "$out/aliases.yaml" \
  2>"$out/aliases.log" || true

"$tool" report "$out"
if [ -z "$typst" ]; then
  loud "typst was not found: the comparisons with typst are NOT measured." \
    "Run 'make bench TYPST=install' to install it, or TYPST=/path/to/typst."
fi
