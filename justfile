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

bench:
    cargo bench --workspace

# Regenerate the man pages shipped in docs/man (tests/it/shell.rs checks
# they are current); read one with `man -l docs/man/koryu-import.1`.
man:
    cargo run -- man --out docs/man
