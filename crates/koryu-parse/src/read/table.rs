//! Rows of cells (a CSV file or a sheet) → one [`Page`] whose text the table extractor reads.
//!
//! One text line per original line (CSV) or row (sheet), so text line `n` is
//! source line or row `n` and coverage lines up; every character maps to its
//! cell (`line` = row, `column` = the cell's 1-based column, `byte` = offset
//! inside the cell). A line break inside a cell becomes a space.
//!
//! Two layouts:
//! - **Plain**: a row's cells joined by `\t`, as a tab-separated export of
//!   the same table (the corpus's text files are exactly that). A `別紙`
//!   sheet laid out like the text (indicator, target, progress cells) reads
//!   the same as the text.
//! - **Headed**: a header row whose names are known column names
//!   (`data/table_columns.tsv`: 年度, 区分, 国名, 内容, 場所, 時期, 備考 …).
//!   Each data row is rewritten into the text form of an evaluation table,
//!   one item per line:
//!
//!   ```text
//!   年度=令和5年度 国名=オーストラリア 内容=防衛相会談 時期=6月、11月
//!   → ●令和5年度においては、以下のとおり交流を実施した。⇥【オーストラリア】防衛相会談(6月、11月)
//!   ```
//!
//!   The `●…年度においては…` opener appears on the first row of each fiscal
//!   year (and of each 区分), prefixed by the 区分 text when that changes;
//!   a tab (⇥) ends each, so the extractor reads them as cells of their own;
//!   `【国名】` prefixes every item, `(場所)` and `(時期)` follow it. Synthetic
//!   characters (`●`, `【】`, `()`, the opener's words) map to the cell they
//!   stand for, so a mention still points at its row and the 内容 column.
//!   Empty 年度, 区分 and 国名 cells repeat the value above (that is what a
//!   merged or blank-means-ditto cell says). 備考 is left out of the item.
//!   The header row itself becomes an empty line: it is structure, not content.
//!
//!   The indicator (the 区分) of each row comes, in this order, from a 区分
//!   column; the sheet name; a title or heading row above the header; the
//!   file name; `--category` ([`Hints`]). Each names it as the indicator
//!   names of `data/table_columns.tsv` do ([`indicator_in`]: short and long
//!   forms, NFKC, no spaces). A name that is not the printed heading
//!   (`ハイレベル交流`) is written as that heading
//!   (`二国間・多国間における防衛首脳などハイレベルの交流`), mapped to the cell
//!   or, when no cell names it, to the first row's item, so the extractor
//!   reads the rows as it reads the text table under that heading.

use crate::read::columns::{indicator_heading, indicator_in, role_of, Role};
use crate::read::Page;
use crate::text::{MappedText, Origin};
use crate::SourceMeta;
use koryu_model::Category;

/// A header is looked for in the first rows only; above it stand a title
/// and perhaps a note, never pages of data.
const MAX_HEADER_SCAN_ROWS: usize = 10;

/// Values longer than this are not carried down to the rows below (nor
/// turned into a fiscal-year opener): a real 年度 or 国名 is a few characters,
/// and a long one repeated on every row could multiply a file's size.
const MAX_CARRIED_CHARS: usize = 100;

/// Bytes a headed row may add beyond its cells' text: the fiscal-year opener
/// (about 70 bytes), carried 年度 and 国名 (each at most
/// [`MAX_CARRIED_CHARS`] characters), brackets and separators.
const SYNTHETIC_BYTES_PER_ROW: usize = 100 + 2 * 4 * MAX_CARRIED_CHARS;

/// One cell: its 1-based column and its text as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub column: u32,
    pub text: String,
}

/// One row: its 1-based line (CSV) or row (sheet) and its non-empty cells in
/// column order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    pub line: u32,
    pub cells: Vec<Cell>,
}

/// All rows of a CSV file or sheet, sorted by line.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub rows: Vec<Row>,
    /// Number of original lines or rows, at least the last row's line.
    pub n_lines: u32,
}

impl Grid {
    /// An upper bound on the bytes of the page text [`page_from_grid`] makes
    /// of this grid, so a caller can refuse it before building it.
    pub fn estimated_text_bytes(&self) -> usize {
        let cells: usize = self.rows.iter().flat_map(|r| &r.cells).map(|c| c.text.len()).sum();
        let rows: usize =
            self.rows.iter().map(|r| SYNTHETIC_BYTES_PER_ROW + r.cells.last().map_or(0, |c| c.column as usize)).sum();
        cells.saturating_add(rows).saturating_add(self.n_lines as usize)
    }
}

/// What names a headed page's indicator besides its cells: the source's
/// file name and `--category`.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// The file name without its directory and extension.
    pub file_stem: String,
    /// `--category`, used when nothing in the source names the indicator.
    pub category: Option<Category>,
}

impl Hints {
    /// The hints of a source.
    pub fn of(meta: &SourceMeta) -> Hints {
        let name = meta.source_file.rsplit(['/', '\\']).next().unwrap_or("");
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
        Hints { file_stem: stem.to_owned(), category: meta.category }
    }
}

/// The indicator of a headed page without a 区分 column (or with empty 区分
/// cells): the sheet name, then a row above the header, then the file name,
/// then `--category`. Only a category that is an indicator counts.
fn page_indicator(grid: &Grid, header: &Header, sheet: Option<&str>, hints: &Hints) -> Option<&'static str> {
    let above = grid.rows.iter().take_while(|r| r.line < header.line).flat_map(|r| &r.cells);
    sheet
        .and_then(indicator_in)
        .or_else(|| above.map(|c| c.text.as_str()).find_map(indicator_in))
        .or_else(|| indicator_in(&hints.file_stem))
        .or(hints.category)
        .and_then(indicator_heading)
}

/// Builds the page of `grid` (see the module doc for the two layouts).
pub fn page_from_grid(grid: &Grid, sheet: Option<String>, hints: &Hints) -> Page {
    let header = find_header(grid);
    let mut lines: Vec<MappedText> = Vec::new();
    let mut state = HeadedState {
        page_indicator: header.as_ref().and_then(|h| page_indicator(grid, h, sheet.as_deref(), hints)),
        ..HeadedState::default()
    };
    let mut next_line = 1u32;
    for row in &grid.rows {
        while next_line < row.line {
            lines.push(MappedText::default());
            next_line += 1;
        }
        let line_text = match &header {
            Some(header) if row.line == header.line => MappedText::default(),
            Some(header) if row.line > header.line => headed_line(row, header, &mut state),
            _ => plain_line(row),
        };
        lines.push(line_text);
        next_line = row.line.saturating_add(1);
    }
    while next_line <= grid.n_lines {
        lines.push(MappedText::default());
        next_line += 1;
    }
    let mut text = MappedText::default();
    let mut blank = Vec::with_capacity(lines.len());
    for (idx, line) in lines.iter().enumerate() {
        if idx > 0 {
            let line_no = u32::try_from(idx).unwrap_or(u32::MAX);
            text.push_synthetic("\n", Origin { line: line_no, column: 1, byte: 0 });
        }
        blank.push(line.as_str().trim().is_empty());
        text.push_mapped(line);
    }
    Page { sheet, n_lines: u32::try_from(blank.len()).unwrap_or(u32::MAX), text, blank, skipped: Vec::new() }
}

/// The header row and the column of each role.
#[derive(Debug, Clone)]
struct Header {
    line: u32,
    columns: Vec<(Role, u32)>,
}

impl Header {
    fn column(&self, role: Role) -> Option<u32> {
        self.columns.iter().find(|(r, _)| *r == role).map(|(_, c)| *c)
    }
}

fn find_header(grid: &Grid) -> Option<Header> {
    grid.rows.iter().take(MAX_HEADER_SCAN_ROWS).find_map(|row| {
        let mut columns: Vec<(Role, u32)> = Vec::new();
        for cell in &row.cells {
            if let Some(role) = role_of(&cell.text) {
                // The first column of a role wins (two 備考 columns are one).
                if !columns.iter().any(|(r, _)| *r == role) {
                    columns.push((role, cell.column));
                }
            }
        }
        let has_title = columns.iter().any(|(r, _)| *r == Role::Title);
        (has_title && columns.len() >= 2).then_some(Header { line: row.line, columns })
    })
}

/// Values carried down from the rows above (merged or ditto cells).
#[derive(Debug, Default)]
struct HeadedState {
    fiscal_year: Option<String>,
    section: Option<String>,
    country: Option<String>,
    /// The heading of the page's indicator when no 区分 cell names one.
    page_indicator: Option<&'static str>,
}

fn cell_text(row: &Row, column: Option<u32>) -> Option<&str> {
    let column = column?;
    row.cells.iter().find(|c| c.column == column).map(|c| c.text.trim()).filter(|t| !t.is_empty())
}

fn cell_mapped(text: &str, row: &Row, column: u32) -> MappedText {
    MappedText::from_cell(&flatten(text), row.line, column)
}

fn origin(row: &Row, column: u32) -> Origin {
    Origin { line: row.line, column, byte: 0 }
}

fn headed_line(row: &Row, header: &Header, state: &mut HeadedState) -> MappedText {
    let title_column = header.column(Role::Title).unwrap_or(1);
    let Some(title) = cell_text(row, Some(title_column)) else {
        // A row without an item (a subtotal, a note) reads as it stands.
        return plain_line(row);
    };
    let mut out = MappedText::default();
    let section_column = header.column(Role::Section);
    let fiscal_column = header.column(Role::FiscalYear);
    let country_column = header.column(Role::Country);

    let mut new_block = false;
    // The row's 区分: its cell, else (before any cell named one) the page's.
    let section = match (section_column, cell_text(row, section_column)) {
        (Some(column), Some(cell)) => Some(section_cell(cell, row, column)),
        _ if state.section.is_none() => state.page_indicator.map(|heading| {
            let mut mapped = MappedText::default();
            mapped.push_synthetic(heading, origin(row, title_column));
            (heading.to_owned(), mapped)
        }),
        _ => None,
    };
    if let Some((key, mapped)) = section {
        if state.section.as_deref() != Some(key.as_str()) {
            state.section = Some(key);
            state.country = None;
            new_block = true;
            let at = mapped.origin(0);
            out.push_mapped(&mapped);
            out.push_synthetic("\t", at);
        }
    }
    if let Some(column) = fiscal_column {
        let written = cell_text(row, fiscal_column);
        if let Some(fiscal_year) = written.filter(|v| v.chars().count() <= MAX_CARRIED_CHARS) {
            if state.fiscal_year.as_deref() != Some(fiscal_year) {
                state.fiscal_year = Some(fiscal_year.to_owned());
                state.country = None;
                new_block = true;
            }
        }
        if new_block {
            if let Some(fiscal_year) = state.fiscal_year.clone() {
                let cell_origin = origin(row, column);
                out.push_synthetic("●", cell_origin);
                match written {
                    Some(written) => out.push_mapped(&cell_mapped(written, row, column)),
                    None => out.push_synthetic(&fiscal_year, cell_origin),
                }
                if !fiscal_year.ends_with("年度") {
                    out.push_synthetic(if fiscal_year.ends_with('年') { "度" } else { "年度" }, cell_origin);
                }
                out.push_synthetic("においては、以下のとおり交流を実施した。\t", cell_origin);
            }
        }
    }
    if let Some(column) = country_column {
        state.country = match cell_text(row, country_column) {
            Some(country) if country.chars().count() <= MAX_CARRIED_CHARS => Some(country.to_owned()),
            Some(_) => None,
            None => state.country.take(),
        };
        if let Some(country) = state.country.clone() {
            // A cell written as a header already (`【豪】`) keeps its brackets.
            let bracketed = country.starts_with('【') && country.ends_with('】');
            if !bracketed {
                out.push_synthetic("【", origin(row, column));
            }
            out.push_mapped(&MappedText::from_cell(&flatten(&country), row.line, column));
            if !bracketed {
                out.push_synthetic("】", origin(row, column));
            }
        } else if let Some(long) = cell_text(row, country_column) {
            out.push_mapped(&cell_mapped(long, row, column));
            out.push_synthetic("\t", origin(row, column));
        }
    }
    out.push_mapped(&cell_mapped(title, row, title_column));
    for role in [Role::Location, Role::Date] {
        let column = header.column(role);
        if let (Some(column), Some(value)) = (column, cell_text(row, column)) {
            let bracketed =
                (value.starts_with('(') || value.starts_with('（')) && (value.ends_with(')') || value.ends_with('）'));
            if !bracketed {
                out.push_synthetic("(", origin(row, column));
            }
            out.push_mapped(&cell_mapped(value, row, column));
            if !bracketed {
                out.push_synthetic(")", origin(row, column));
            }
        }
    }
    out
}

/// A 区分 cell as the extractor reads it, with its key for "a new 区分": a
/// heading as printed (`二国間・多国間における…`) stays as written; a
/// shorter name of an indicator (`ハイレベル交流`) becomes its printed
/// heading, mapped to the cell; any other text stays as written (the
/// extractor then says its rows have no indicator).
fn section_cell(cell: &str, row: &Row, column: u32) -> (String, MappedText) {
    let printed = {
        let compact: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
        compact.starts_with("二国間") || compact.starts_with("多国間")
    };
    match indicator_in(cell).and_then(indicator_heading) {
        Some(heading) if !printed => {
            let mut mapped = MappedText::default();
            mapped.push_synthetic(heading, origin(row, column));
            (heading.to_owned(), mapped)
        }
        _ => (cell.to_owned(), cell_mapped(cell, row, column)),
    }
}

fn plain_line(row: &Row) -> MappedText {
    let mut out = MappedText::default();
    let mut column = 1u32;
    for cell in &row.cells {
        while column < cell.column {
            out.push_synthetic("\t", Origin { line: row.line, column: column + 1, byte: 0 });
            column += 1;
        }
        out.push_mapped(&cell_mapped(&cell.text, row, cell.column));
    }
    out
}

/// A cell's text on one line: CRLF, CR and LF become one space each, so
/// the row stays one line and byte offsets inside the cell stay close.
fn flatten(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: u32, cells: &[(u32, &str)]) -> Row {
        Row { line, cells: cells.iter().map(|(c, t)| Cell { column: *c, text: (*t).to_owned() }).collect() }
    }

    #[test]
    fn plain_rows_are_tab_joined_lines() {
        let grid = Grid { rows: vec![row(1, &[(1, "施策名"), (3, "a\nb")]), row(3, &[(2, "x")])], n_lines: 4 };
        let page = page_from_grid(&grid, Some("別紙".into()), &Hints::default());
        assert_eq!(page.text.as_str(), "施策名\t\ta b\n\n\tx\n");
        assert_eq!(page.blank, vec![false, true, false, true]);
        let idx = page.text.as_str().find('x').unwrap();
        assert_eq!(page.text.origin(idx), Origin { line: 3, column: 2, byte: 0 });
        let idx = page.text.as_str().find('b').unwrap();
        assert_eq!(page.text.origin(idx), Origin { line: 1, column: 3, byte: 2 });
    }

    #[test]
    fn headed_rows_become_table_items() {
        let grid = Grid {
            rows: vec![
                row(1, &[(1, "令和6年度 交流実績")]),
                row(2, &[(1, "年度"), (2, "国名"), (3, "内容"), (4, "時期"), (5, "備考")]),
                row(3, &[(1, "令和5年度"), (2, "オーストラリア"), (3, "防衛相会談"), (4, "6月、11月"), (5, "東京")]),
                row(4, &[(3, "空軍本部長訪日"), (4, "9月")]),
                row(5, &[(1, "令和4年度"), (2, "インド"), (3, "防衛相電話会談")]),
            ],
            n_lines: 5,
        };
        let page = page_from_grid(&grid, None, &Hints::default());
        let lines: Vec<&str> = page.text.as_str().split('\n').collect();
        assert_eq!(
            lines,
            vec![
                "令和6年度 交流実績",
                "",
                "●令和5年度においては、以下のとおり交流を実施した。\t【オーストラリア】防衛相会談(6月、11月)",
                "【オーストラリア】空軍本部長訪日(9月)",
                "●令和4年度においては、以下のとおり交流を実施した。\t【インド】防衛相電話会談",
            ]
        );
        assert_eq!(page.blank, vec![false, true, false, false, false]);
        let text = page.text.as_str();
        let idx = text.find("空軍").unwrap();
        assert_eq!(page.text.origin(idx), Origin { line: 4, column: 3, byte: 0 });
        let idx = text.find("(9月").unwrap();
        assert_eq!(page.text.origin(idx), Origin { line: 4, column: 4, byte: 0 });
        let idx = text.find("【インド").unwrap();
        assert_eq!(page.text.origin(idx).column, 2);
    }

    #[test]
    fn western_fiscal_year_gets_its_suffix() {
        let grid = Grid {
            rows: vec![row(1, &[(1, "年度"), (2, "内容")]), row(2, &[(1, "2023"), (2, "会談(東京)(6月)")])],
            n_lines: 2,
        };
        let page = page_from_grid(&grid, None, &Hints::default());
        assert_eq!(page.text.as_str(), "\n●2023年度においては、以下のとおり交流を実施した。\t会談(東京)(6月)");
    }

    #[test]
    fn the_indicator_comes_from_sheet_then_title_row_then_file_then_option() {
        let grid = Grid {
            rows: vec![
                row(1, &[(1, "令和5年度 定期協議")]),
                row(2, &[(1, "年度"), (2, "国名"), (3, "内容")]),
                row(3, &[(1, "5年度"), (2, "豪"), (3, "会談(6月)")]),
            ],
            n_lines: 3,
        };
        let file = Hints { file_stem: "r5_研究交流".into(), category: Some(Category::Education) };
        let first_line = |sheet: Option<&str>, hints: &Hints, grid: &Grid| {
            let page = page_from_grid(grid, sheet.map(str::to_owned), hints);
            page.text.as_str().split('\n').nth(2).unwrap_or("").split('\t').next().unwrap_or("").to_owned()
        };
        assert_eq!(first_line(Some("部隊間交流"), &file, &grid), indicator_heading(Category::UnitExchange).unwrap());
        assert_eq!(first_line(Some("Sheet1"), &file, &grid), indicator_heading(Category::WorkingLevel).unwrap());
        let untitled = Grid { rows: grid.rows.get(1..).unwrap_or_default().to_vec(), n_lines: 3 };
        assert_eq!(first_line(None, &file, &untitled), indicator_heading(Category::Research).unwrap());
        let option = Hints { file_stem: "plain".into(), ..file.clone() };
        assert_eq!(first_line(None, &option, &untitled), indicator_heading(Category::Education).unwrap());
        // Nothing names it: the row opens with its fiscal year, as before.
        assert!(first_line(None, &Hints::default(), &untitled).starts_with("●5年度"));
        // The synthetic heading points at the first row's item.
        let page = page_from_grid(&untitled, None, &file);
        let at = page.text.as_str().find("二国間").unwrap_or(0);
        assert_eq!(page.text.origin(at), Origin { line: 3, column: 3, byte: 0 });
    }
}
