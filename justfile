# Short names for the README's cargo commands; no logic here. `just` is
# optional: every recipe is one plain cargo line you can run yourself.

# The README's first command: import the sample tables into ./koryu.sqlite.
sample:
    cargo run --release -- import fixtures/samples/*

# The README's second command; .ci/run calls the same cargo line.
test:
    cargo test --workspace

# Rewrite snapshots, then read `git diff`.
bless:
    INSTA_UPDATE=always cargo test --workspace

lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings
    RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --document-private-items

# Every criterion bench: the date grammar and parse throughput (MB/s) on 002,
# 100x 002 and the adversarial shapes; docs/performance.md records them.
bench:
    cargo bench --workspace

# Regenerate the man pages shipped in docs/man (tests/it/shell.rs checks
# they are current); read one with `man -l docs/man/koryu-import.1`.
man:
    cargo run -- man --out docs/man

# Fuzz one target with libFuzzer (nightly + `cargo install cargo-fuzz`),
# seeded from the fixtures: `just fuzz xlsx 600`. Crashes land in
# fuzz/artifacts/<target>/; see fuzz/README.md.
fuzz target="xlsx" seconds="60":
    bash fuzz/run-campaign.sh {{seconds}} {{target}}

# Every fuzz target in turn, `seconds` each.
fuzz-all seconds="60":
    bash fuzz/run-campaign.sh {{seconds}}

# The stable fuzz smoke .ci/run runs: seed replay plus mutations.
fuzz-smoke:
    KORYU_FUZZ_MUTATIONS=100 cargo test --test it fuzz_replay

# Store and export faults: kill -9 at seeded random moments of an import,
# each followed at once by an export, then of an export (CI runs 3 and 12):
# `just faults 200 7`.
faults iterations="50" seed="16":
    KORYU_FAULT_ITERATIONS={{iterations}} KORYU_FAULT_SEED={{seed}} cargo test --test it -- store:: export::an_export_killed --nocapture

# The real-client checks .ci/run ends with: installs the clients (venv in
# target/clients-venv, Debian chromium + fonts-noto-cjk), then reads every
# export and the report with them. KORYU_CORPUS picks the corpus.
clients:
    bash clients/setup.sh
    bash clients/check.sh
