//! Prints every line of a file with what became of it (mention, structure,
//! unparsed) and the mentions that start on it: a reader's view for
//! checking an extraction by hand.
//!
//! `cargo run --release -p koryu-parse --example lines -- FILE`

use koryu_parse::coverage::LineStatus;
use koryu_parse::{parse_source, SourceMeta};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: lines FILE")?;
    let bytes = std::fs::read(&path)?;
    let meta = SourceMeta { source_file: path.clone(), ..SourceMeta::default() };
    let extracted = parse_source(&bytes, &meta)?;
    let text = String::from_utf8_lossy(&bytes);
    let Some(coverage) = extracted.coverage.first() else { return Ok(()) };
    for (i, line) in text.lines().enumerate() {
        let n = u32::try_from(i + 1)?;
        let status = match coverage.lines.get(i) {
            Some(LineStatus::Mention) => "M",
            Some(LineStatus::Structure) => "s",
            Some(LineStatus::Unparsed) => "U",
            Some(LineStatus::Blank) => " ",
            _ => "?",
        };
        println!("{n:5} {status} {line}");
        for m in extracted.mentions.iter().filter(|m| m.span.line == n) {
            let countries: Vec<&str> = m.countries.iter().map(|c| c.as_str()).collect();
            let date = m.date.map(|d| d.to_string()).unwrap_or_default();
            println!("        -> {date} {} {:?} {}", countries.join(","), m.category, m.title);
        }
    }
    Ok(())
}
