//! Import's and export's progress on a terminal: one bar across the phases (import: `parse` files with rate and ETA, then `dedup` and `store` with a spinner and the elapsed time; export: `read` the store, then `export` one step per file written), cleared when the run ends.
//!
//! Only on a terminal and never with `--quiet`: on a pipe or a file it
//! draws nothing (scripts and CI read the summary instead). Dropping it
//! clears the line, so an error or Ctrl-C leaves no half-drawn bar behind.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal as _;
use std::time::Duration;

/// How often the spinner of a phase without a count turns.
const SPINNER_TICK: Duration = Duration::from_millis(100);

pub struct Progress {
    bar: ProgressBar,
    /// Whether the bar is drawn (a terminal, no `--quiet`).
    shown: bool,
    n_files: usize,
    n_done: usize,
}

impl Progress {
    /// A bar over `total_bytes` for `n_files` inputs; hidden off a terminal.
    pub fn new(n_files: usize, total_bytes: u64) -> Progress {
        let shown = std::io::stderr().is_terminal() && !crate::render::quiet();
        // The rate and ETA come from bytes (a file's cost is its size);
        // the message carries the file count.
        let style =
            bar_style("{prefix:.bold} {bar:24.cyan/blue} {msg} · {binary_bytes_per_sec} · ETA {eta} · {elapsed}");
        let bar = new_bar(shown, total_bytes);
        let bar = bar.with_style(style).with_prefix("parse").with_message(format!("0/{n_files} files"));
        bar.tick();
        Progress { bar, shown, n_files, n_done: 0 }
    }

    /// Export's bar: a `read` spinner while the store is read, then
    /// [`Progress::writing`] one step per file of `n_files`.
    pub fn export(n_files: usize) -> Progress {
        let shown = std::io::stderr().is_terminal() && !crate::render::quiet();
        let bar = new_bar(shown, n_files as u64);
        let progress = Progress { bar, shown, n_files, n_done: 0 };
        progress.phase("read");
        progress
    }

    /// The export's next file, `name`, is being written (the step before it
    /// is done).
    pub fn writing(&mut self, name: &str) {
        if self.n_done == 0 {
            self.bar.disable_steady_tick();
            self.bar.set_prefix("export");
            self.bar.set_style(bar_style("{prefix:.bold} {bar:24.cyan/blue} {pos}/{len} files · {msg} · {elapsed}"));
        } else {
            self.bar.inc(1);
        }
        self.n_done += 1;
        self.bar.set_message(name.to_owned());
        self.bar.force_draw();
    }

    fn count(&self) -> String {
        format!("{}/{} files", self.n_done, self.n_files)
    }

    /// One input parsed and stored (or refused): `bytes` of it done.
    pub fn file_done(&mut self, bytes: u64) {
        self.n_done += 1;
        self.bar.set_message(self.count());
        self.bar.inc(bytes);
    }

    /// Runs `f` with the bar hidden, for a line printed above it.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        self.bar.suspend(f)
    }

    /// A phase without a count (`dedup`, `store`): a spinner and the
    /// elapsed time, drawn at once so even a short phase shows.
    pub fn phase(&self, name: &'static str) {
        // Hidden while the style, prefix and message change, so no frame
        // mixes the old phase with the new.
        self.bar.set_draw_target(ProgressDrawTarget::hidden());
        self.bar.set_message(match name {
            "dedup" => "recomputing events",
            "store" => "committing",
            "read" => "reading the store",
            _ => "",
        });
        self.bar.set_prefix(name);
        if let Ok(style) = ProgressStyle::with_template("{prefix:.bold} {spinner} {msg} · {elapsed}") {
            self.bar.set_style(style);
        }
        if self.shown {
            self.bar.set_draw_target(ProgressDrawTarget::stderr_with_hz(10));
        }
        self.bar.enable_steady_tick(SPINNER_TICK);
        // Drawn now, not when the ticker thread first runs (a phase may
        // end before that; `tick` does nothing once a ticker exists).
        self.bar.force_draw();
    }
}

/// A bar of `len` steps on stderr when `shown`, else hidden. It redraws at
/// most 10 times a second: the bar itself must not cost a 300-file run any
/// time.
fn new_bar(shown: bool, len: u64) -> ProgressBar {
    if shown {
        ProgressBar::with_draw_target(Some(len.max(1)), ProgressDrawTarget::stderr_with_hz(10))
    } else {
        ProgressBar::hidden()
    }
}

/// A bar style from `template`, drawn with `=>`.
fn bar_style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .map(|style| style.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
