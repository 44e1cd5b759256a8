//! The `koryu` command line: args → run() → exit code.

fn main() {}
