//! Decoded CSV/TSV text → a [`Grid`]: delimiter sniffing, then the csv crate, one row per record.

use crate::read::table::{Cell, Grid, Row};
use crate::ReadError;

/// Delimiters tried, in order of preference on a tie.
const DELIMITERS: [u8; 3] = [b',', b'\t', b';'];

/// Lines looked at to choose the delimiter; a header and a few records tell.
const SNIFF_LINES: usize = 30;

/// Reads `text` (already decoded) as delimited records. `extension` breaks
/// ties: a `.tsv` prefers tabs.
///
/// # Errors
/// [`ReadError::Csv`] when the csv crate cannot read a record.
pub fn read_csv(text: &str, extension: &str, source_file: &str) -> Result<Grid, ReadError> {
    let delimiter = sniff_delimiter(text, extension);
    // The csv crate gives a record after a CRLF the line of the record
    // before it (the LF is consumed with the next record); LF-only text has
    // the same lines and right positions.
    let text = text.replace("\r\n", "\n");
    let mut reader =
        ::csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let n_lines = super::lines(&text).count();
    let mut grid = Grid { rows: Vec::new(), n_lines: u32::try_from(n_lines).unwrap_or(u32::MAX) };
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(err) => {
                let line = err.position().map_or(0, ::csv::Position::line);
                return Err(ReadError::Csv { source_file: source_file.to_owned(), line, reason: err.to_string() });
            }
        }
        let line = record.position().map_or(1, ::csv::Position::line);
        let cells = record
            .iter()
            .enumerate()
            .filter(|(_, field)| !field.trim().is_empty())
            .map(|(idx, field)| Cell { column: u32::try_from(idx + 1).unwrap_or(u32::MAX), text: field.to_owned() })
            .collect();
        grid.rows.push(Row { line: u32::try_from(line).unwrap_or(u32::MAX), cells });
    }
    Ok(grid)
}

/// The delimiter that splits the first lines most consistently: for each
/// candidate, the number of lines whose field count equals the most common
/// count above one. Quotes are ignored here; a quoted delimiter in a few
/// cells does not change which count is most common.
fn sniff_delimiter(text: &str, extension: &str) -> u8 {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(SNIFF_LINES).collect();
    let mut best = (if extension == "tsv" { b'\t' } else { b',' }, 0usize);
    let mut candidates = DELIMITERS.to_vec();
    if extension == "tsv" {
        candidates.sort_by_key(|d| *d != b'\t');
    }
    for delimiter in candidates {
        let counts: Vec<usize> = lines.iter().map(|l| l.bytes().filter(|b| *b == delimiter).count()).collect();
        let mut modes: Vec<(usize, usize)> = Vec::new();
        for count in counts.iter().copied().filter(|c| *c > 0) {
            match modes.iter_mut().find(|(c, _)| *c == count) {
                Some((_, n)) => *n += 1,
                None => modes.push((count, 1)),
            }
        }
        let score = modes.iter().map(|(_, n)| *n).max().unwrap_or(0);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter("年度,国名,内容\nR5,豪,会談(6月、11月)\n", "csv"), b',');
        assert_eq!(sniff_delimiter("年度\t国名\t内容\nR5\t豪\t会談,x\n", "csv"), b'\t');
        assert_eq!(sniff_delimiter("年度;国名;内容\nR5;豪;会談\n", "csv"), b';');
        assert_eq!(sniff_delimiter("一列だけ\n", "tsv"), b'\t');
    }

    #[test]
    fn records_keep_their_line_and_column() {
        let text = "年度,国名,内容\n令和5年度,豪,\"会談\n(6月)\"\n,印,訪問\n";
        let grid = read_csv(text, "csv", "x.csv").unwrap();
        assert_eq!(grid.rows.len(), 3);
        assert_eq!(grid.rows[1].line, 2);
        assert_eq!(grid.rows[1].cells[2], Cell { column: 3, text: "会談\n(6月)".into() });
        // The quoted line break makes the third record start on line 4.
        assert_eq!(grid.rows[2].line, 4);
        assert_eq!(grid.rows[2].cells[0].column, 2);
        // Four lines: the final line break ends the fourth.
        assert_eq!(grid.n_lines, 4);
        let crlf = read_csv(&text.replace('\n', "\r\n"), "csv", "x.csv").unwrap();
        assert_eq!(crlf.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![1, 2, 4]);
    }
}
