#!/usr/bin/env bash
# What a suivi binary makes of fixed vaults — the pages, `due --json`,
# `check` and the build summary — for comparing two states of the code:
#
#   tools/snapshot.sh BEFORE_BIN /tmp/before
#   tools/snapshot.sh AFTER_BIN  /tmp/after
#   diff -r /tmp/before /tmp/after
#
# The vaults: the generated 10,000-note vault (seed 1), the real vaults of
# ../shared/corpora/ when present, and the sample vault in English and in
# French. They are made once into $SNAPSHOT_INPUTS (default
# /tmp/suivi-snapshot-inputs), by the first binary given, and reused, so
# both runs read the same notes. Every run is on the day 2026-11-22.
set -euo pipefail
bin=$(realpath "$1")
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
inputs=${SNAPSHOT_INPUTS:-/tmp/suivi-snapshot-inputs}
today=2026-11-22

mkdir -p "$inputs"
if [ ! -d "$inputs/gen10k" ]; then
    (cd "$root" && cargo run --quiet --release --example gen_vault -- "$inputs/gen10k" --notes 10000 --seed 1 >/dev/null)
fi
for lang in en fr; do
    if [ ! -d "$inputs/sample-$lang" ]; then
        "$bin" init --lang "$lang" --sample --today "$today" "$inputs/sample-$lang" >/dev/null
        rm -rf "$inputs/sample-$lang/.suivi" "$inputs/sample-$lang/Suivi"
    fi
done

rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# snapshot NAME VAULT: a copy of VAULT built, then what differs from VAULT.
snapshot() {
    local name=$1 vault=$2 copy=$work/$1
    cp -r "$vault" "$copy"
    rm -rf "$copy/.suivi"
    "$bin" --vault "$copy" --today "$today" build >"$out/$name.build.txt" 2>&1 || true
    "$bin" --vault "$copy" --today "$today" due --json >"$out/$name.due.json" 2>&1 || true
    "$bin" --vault "$copy" --today "$today" check >"$out/$name.check.txt" 2>&1 || true
    (cd "$copy" && find . -type f ! -path './.suivi/*' | sort | while read -r file; do
        if [ ! -e "$vault/$file" ] || ! cmp -s "$file" "$vault/$file"; then
            mkdir -p "$out/$name.pages/$(dirname "$file")"
            cp "$file" "$out/$name.pages/$file"
        fi
    done)
}

snapshot gen10k "$inputs/gen10k"
for corpus in "$root"/../shared/corpora/*/; do
    [ -d "$corpus" ] && snapshot "corpus-$(basename "$corpus")" "$corpus"
done
snapshot sample-en "$inputs/sample-en"
snapshot sample-fr "$inputs/sample-fr"
echo "snapshot of $bin in $out"
