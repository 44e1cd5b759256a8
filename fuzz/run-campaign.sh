#!/usr/bin/env bash
# A fuzz campaign over every target, one after another (one core):
#   bash fuzz/run-campaign.sh SECONDS_PER_TARGET [TARGET...]
# Seeds come from the fixtures (the replay test writes them); crashes land
# in fuzz/artifacts/<target>/. Needs nightly and cargo-fuzz
# (`cargo install cargo-fuzz`). The limits are the CLI's promise per file:
# 10 s and 1 GiB (-malloc_limit_mb catches one allocation past it, the RSS
# limit leaves room for libFuzzer's own corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(text csv validate xlsx ods xls dates)
KORYU_FUZZ_SEEDS=fuzz/corpus cargo test --test it fuzz_replay::seed_corpus -- --quiet
cd fuzz
for target in "${targets[@]}"; do
  dict=()
  [[ $target == xlsx || $target == ods ]] && dict=(-dict=workbook.dict)
  cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -print_final_stats=1 "${dict[@]}"
done
