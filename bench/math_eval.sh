#!/usr/bin/env bash
# Compares the LaTeX → MathML converter candidates (math-core, pulldown-latex, latex2mathml) on
# bench/math-eval/formulas.txt: prints which formulas each gets wrong and the median time per
# formula. A stand-alone package with its own target folder; roadbook's build is not touched.
#   bench/math_eval.sh            # the summary
#   bench/math_eval.sh --show     # also every candidate's output
set -euo pipefail
cd "$(dirname "$0")/math-eval"
CARGO_INCREMENTAL=0 cargo build --release --quiet
./target/release/math-eval formulas.txt "$@"
