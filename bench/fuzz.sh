#!/usr/bin/env bash
# Long-running property tests ("fuzzing" on stable Rust): runs each target of tests/properties.rs
# (and the slug properties in src/util/slug.rs) for a time budget, in release mode, with fresh
# random inputs batch after batch. Not run in CI.
#
#   bench/fuzz.sh                 # every target, 10 minutes each
#   bench/fuzz.sh 60              # every target, 60 s each
#   bench/fuzz.sh 600 markdown    # the targets whose name contains "markdown"
#
# A failure prints proptest's minimal input and is recorded (as a seed) in
# tests/properties.proptest-regressions, which every later `cargo test` replays first. Turn the
# minimal input into a named test at the end of tests/properties.rs, fix the bug, and keep both.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
filter="${2:-}"
targets=(
  arbitrary_front_matter_never_panics_and_points_into_its_file
  arbitrary_markdown_never_panics_and_points_into_its_file
  arbitrary_config_never_panics_and_points_into_it
  arbitrary_templates_never_panic_and_point_into_their_file
  a_valid_page_edited_at_random_never_panics_and_points_into_its_file
  every_heading_id_is_linkable_and_the_same_for_nfd_text
)
cargo test --release --test properties --no-run
status=0
for t in "${targets[@]}"; do
  [[ -n "$filter" && "$t" != *"$filter"* ]] && continue
  echo "== $t: ${seconds}s"
  if ! ROADBOOK_FUZZ_SECONDS="$seconds" ROADBOOK_FUZZ_CASES=2000 \
      cargo test --release --test properties -- --exact "$t" --nocapture; then
    status=1
  fi
done
if [[ -z "$filter" || "slug" == *"$filter"* ]]; then
  echo "== slug properties: 200000 cases"
  PROPTEST_CASES=200000 cargo test --release --lib util::slug::tests::properties || status=1
fi
exit $status
