//! Diagnostics for terminals: `file:line:column`, the source line, a caret, the code and one sentence (annotate-snippets).
//!
//! annotate-snippets sizes the caret by display width (日 takes two columns)
//! and trims very long lines around the span, as rustc does, so the 5,000-
//! character lines of converted tables stay readable. Spreadsheet findings
//! have no source line to show; they point at `file:sheet!R{row}C{col}` and
//! show the cell's text.

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use koryu_model::{Diagnostic, Severity};
use koryu_parse::Coverage;
use koryu_parse::LineStatus;

/// Whether to draw with ANSI colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    Always,
    Never,
}

impl Colour {
    /// `--color`, else anstream's reading of the environment: a terminal,
    /// unless `NO_COLOR` (<https://no-color.org>), `CLICOLOR=0` or
    /// `TERM=dumb`; `CLICOLOR_FORCE` colours a pipe too.
    pub fn for_stdout() -> Colour {
        match anstream::AutoStream::choice(&std::io::stdout()) {
            anstream::ColorChoice::Never => Colour::Never,
            _ => Colour::Always,
        }
    }
}

static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sets `--quiet` and `--verbose` for the run (once, from `main`).
pub fn set_verbosity(quiet: bool, verbose: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
    VERBOSE.store(verbose, std::sync::atomic::Ordering::Relaxed);
}

/// `--quiet`: print errors only.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// `--verbose`: one line per file.
pub fn verbose() -> bool {
    VERBOSE.load(std::sync::atomic::Ordering::Relaxed)
}

/// Prints a line that is not an error (a summary, a note) on stderr,
/// unless `--quiet`.
pub fn note(line: impl std::fmt::Display) {
    if !quiet() {
        anstream::eprintln!("{line}");
    }
}

/// Prints `error: MESSAGE` on stderr, `error:` in bold red where stderr
/// takes colour (anstream strips the style elsewhere).
pub fn eprint_error(message: impl std::fmt::Display) {
    let style = anstyle::AnsiColor::Red.on_default().bold();
    anstream::eprintln!("{style}error:{style:#} {message}");
}

/// Renders one diagnostic like rustc. `source` is the decoded text of the
/// file (text files), used to show the line the span stands on; `None` for
/// sheets or when the text is not at hand. `note` is drawn as a `note:`
/// line last (why the diagnostic does not count, for an allowed one).
pub fn render_diagnostic(
    diagnostic: &Diagnostic,
    source: Option<&SourceText<'_>>,
    colour: Colour,
    note: Option<&str>,
) -> String {
    let renderer = match colour {
        Colour::Always => Renderer::styled(),
        Colour::Never => Renderer::plain(),
    };
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
    };
    let title = level.primary_title(diagnostic.message.as_str()).id(diagnostic.code.as_str());
    let mut group = Group::with_title(title);
    let path = diagnostic.source_file.as_str();
    match (&diagnostic.span.sheet, source.and_then(|text| source_line(text, diagnostic))) {
        (None, Some((line_text, range))) => {
            group = group.element(
                Snippet::source(line_text)
                    .line_start(diagnostic.line as usize)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(range)),
            );
        }
        (Some(sheet), _) => {
            let place = format!("{path}:{sheet}!R{}C{}", diagnostic.line, diagnostic.column);
            group = group.element(Origin::path(place));
            group = with_excerpt(group, diagnostic);
        }
        // A CSV row or a text that is not at hand: the place, then the raw
        // excerpt the finding is about, so the reader still sees the text.
        (None, None) => {
            group = group
                .element(Origin::path(path).line(diagnostic.line as usize).char_column(diagnostic.column as usize));
            group = with_excerpt(group, diagnostic);
        }
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    if let Some(note) = note {
        group = group.element(Level::NOTE.message(note));
    }
    renderer.render(&[group])
}

/// Adds the diagnostic's excerpt under a caret, when it has one.
fn with_excerpt<'a>(group: Group<'a>, diagnostic: &'a Diagnostic) -> Group<'a> {
    if diagnostic.excerpt.is_empty() {
        return group;
    }
    group.element(
        Snippet::source(diagnostic.excerpt.as_str())
            .line_start(diagnostic.line as usize)
            .annotation(AnnotationKind::Primary.span(0..diagnostic.excerpt.len())),
    )
}

/// A text file's decoded text with the byte offset where each line starts,
/// computed once for all its diagnostics.
pub struct SourceText<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceText<'a> {
    pub fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceText { text, line_starts }
    }
}

/// The source line that holds the start of the diagnostic's span, and the
/// span's byte range inside it (cut at the end of the line: a span across a
/// page break is shown on its first line). `None` when the span does not
/// lie in `text` or does not start on the diagnostic's line.
fn source_line<'a>(source: &SourceText<'a>, diagnostic: &Diagnostic) -> Option<(&'a str, std::ops::Range<usize>)> {
    let text = source.text;
    let start = diagnostic.span.byte_start;
    if start > text.len() || !text.is_char_boundary(start) {
        return None;
    }
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let line_end = text.get(start..)?.find('\n').map_or(text.len(), |i| start + i);
    let line_text = text.get(line_start..line_end)?.trim_end_matches('\r');
    // Line starts are sorted: the line number is a binary search, not a
    // count of the breaks before it (a file with thousands of findings
    // made rendering them quadratic).
    let line_number = source.line_starts.partition_point(|s| *s <= line_start);
    if line_number != diagnostic.line as usize {
        return None;
    }
    let rel_start = start - line_start;
    let mut rel_end = diagnostic.span.byte_end.saturating_sub(line_start).clamp(rel_start, line_text.len());
    // A span's end that falls inside a character (a CSV cell's offsets
    // after a mutation, a re-encoded file) is drawn to the end of that
    // character's predecessor: annotate-snippets panics on a cut character.
    while !line_text.is_char_boundary(rel_end) {
        rel_end -= 1;
    }
    Some((line_text, rel_start..rel_end))
}

/// One line per file: how every line was accounted for (schema.md: nothing
/// is dropped silently).
pub fn coverage_summary(path: &str, coverage: &[Coverage], n_mentions: usize) -> String {
    let count = |status: LineStatus| coverage.iter().map(|c| c.count(status)).sum::<usize>();
    let n_lines: usize = coverage.iter().map(|c| c.lines.len()).sum();
    let pending = count(LineStatus::Pending);
    let mut summary = format!(
        "coverage {path}: {n_lines} lines, {} non-blank: {} mention, {} structure, {} unparsed; {n_mentions} mentions",
        n_lines - count(LineStatus::Blank),
        count(LineStatus::Mention),
        count(LineStatus::Structure),
        count(LineStatus::Unparsed),
    );
    if pending > 0 {
        summary.push_str(&format!(" ({pending} lines unaccounted for)"));
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use koryu_model::{Code, SourceSpan};

    fn diagnostic(line: u32, column: u32, bytes: std::ops::Range<usize>, excerpt: &str) -> Diagnostic {
        let span = SourceSpan { line, column, byte_start: bytes.start, byte_end: bytes.end, sheet: None };
        let mut d = Diagnostic::new(Code::LikelyTypo, span, "check the spelling", excerpt).with_help("プノンペン");
        d.source_file = "t.txt".to_owned();
        d
    }

    #[test]
    fn caret_is_sized_by_display_width() {
        let text = "【豪】会談\n日会談（ブノンベン）";
        let start = text.find('ブ').unwrap();
        let d = diagnostic(2, 5, start..start + "ブノンベン".len(), "ブノンベン");
        let out = render_diagnostic(&d, Some(&SourceText::new(text)), Colour::Never, None);
        assert!(out.contains("--> t.txt:2:5"), "{out}");
        // 日会談（ is four wide characters, eight columns; the word is ten.
        assert!(out.contains(&format!("  |{}{}", " ".repeat(9), "^".repeat(10))), "{out}");
        assert!(out.contains("help: プノンペン"), "{out}");
    }

    #[test]
    fn a_span_ending_inside_a_character_is_drawn_not_a_panic() {
        let text = "【豪】会談(4月)";
        let start = text.find('会').unwrap();
        // One byte into 談: not a character boundary.
        let d = diagnostic(1, 4, start..start + 4, "会談");
        let out = render_diagnostic(&d, Some(&SourceText::new(text)), Colour::Never, None);
        assert!(out.contains("--> t.txt:1:4"), "{out}");
    }

    #[test]
    fn sheet_findings_point_at_the_cell() {
        let mut d = diagnostic(4, 2, 0..6, "ブノ");
        d.span.sheet = Some("FY2020".to_owned());
        let out = render_diagnostic(&d, None, Colour::Never, None);
        assert!(out.contains("t.txt:FY2020!R4C2"), "{out}");
    }
}
