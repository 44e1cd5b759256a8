//! Workbooks (.xlsx, .xlsm, .ods, .xls) → one [`Grid`] per sheet through calamine, cell values shown as written.
//!
//! - Numbers read as a person sees them: `2019`, not `2019.0`.
//! - Date-formatted cells (Excel serials) become EDTF dates (`2019-06-14`).
//! - Merged regions (.xlsx, .xls): the value of the top-left cell applies to
//!   every row the region covers, so it is copied to the region's first
//!   column on each covered row (a fiscal-year label spanning ten rows is the
//!   label of each of them). ODS covered cells are empty to calamine; the
//!   headed-table reading carries 年度, 区分 and 国名 down instead.
//! - Text cells (和暦, full-width digits) stay text for the extractor.
//!
//! calamine runs behind [`super::zip_guard`], inside `catch_unwind`: a panic
//! in a third-party parser on a crafted file becomes a [`ReadError`], and
//! [`quiet_reader_panics`] keeps the panic hook from printing it (a stack
//! trace on stderr for an error we report in one sentence).

use crate::read::limits::{MAX_MERGED_CELLS, MAX_WORKBOOK_CELLS};
use crate::read::prescan::one_line;
use crate::read::table::{Cell, Grid, Row};
use crate::read::zip_guard::ZipWorkbook;
use crate::ReadError;
use calamine::{Data, Dimensions, Ods, Reader, Xls, Xlsx};
use std::collections::BTreeMap;
use std::io::Cursor;

/// Rows per sheet, Excel's own maximum; a crafted cell reference beyond it
/// would make us emit billions of empty lines.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// Columns per sheet, Excel's own maximum (XFD).
pub const MAX_SHEET_COLUMNS: u32 = 16_384;

/// Which workbook reader to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookKind {
    Xlsx,
    Ods,
    Xls,
}

impl From<ZipWorkbook> for WorkbookKind {
    fn from(kind: ZipWorkbook) -> WorkbookKind {
        match kind {
            ZipWorkbook::Xlsx => WorkbookKind::Xlsx,
            ZipWorkbook::Ods => WorkbookKind::Ods,
        }
    }
}

/// Reads every sheet of the workbook in `bytes`: `(sheet name, grid)` in
/// workbook order.
///
/// # Errors
/// [`ReadError::Workbook`] when calamine cannot read it (or panics),
/// [`ReadError::Limit`] past [`MAX_WORKBOOK_CELLS`] or the sheet size.
pub fn read_workbook(bytes: &[u8], kind: WorkbookKind, source_file: &str) -> Result<Vec<(String, Grid)>, ReadError> {
    quiet_reader_panics();
    let _inside = InsideReader::enter();
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut cells = CellBudget { source_file, n_cells: 0 };
        match kind {
            WorkbookKind::Xlsx => read_xlsx(bytes, &mut cells),
            WorkbookKind::Ods => read_ranges(bytes, kind, &mut cells),
            WorkbookKind::Xls => read_ranges(bytes, kind, &mut cells),
        }
    }));
    run.unwrap_or_else(|_| {
        Err(ReadError::Workbook {
            source_file: source_file.to_owned(),
            reason: "the spreadsheet reader failed on its content (the file is damaged or crafted)".to_owned(),
        })
    })
}

/// Source paths of the third-party readers whose panics
/// [`read_workbook`] turns into errors (a panic's location is the crate's
/// own file, slice indexing included, through `#[track_caller]`).
const READER_CRATES: [&str; 4] = ["/calamine-", "/quick-xml-", "/zip-", "/cfb-"];

thread_local! {
    /// How many [`read_workbook`] calls this thread is inside.
    static INSIDE_READER: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Marks this thread as inside [`read_workbook`] until dropped (also when
/// unwinding).
struct InsideReader;

impl InsideReader {
    fn enter() -> InsideReader {
        INSIDE_READER.with(|n| n.set(n.get().saturating_add(1)));
        InsideReader
    }
}

impl Drop for InsideReader {
    fn drop(&mut self) {
        INSIDE_READER.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// Installs, once per process, a panic hook in front of the current one
/// that stays silent for a panic inside a third-party reader
/// (`READER_CRATES`) while [`read_workbook`] runs on this thread: that
/// panic becomes a one-sentence [`ReadError`], and the default hook would
/// print it with a stack trace first. Every other panic (ours, or one
/// outside a workbook read) goes to the previous hook as before, so a
/// fuzzer's aborting hook still sees it.
pub fn quiet_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let inside = INSIDE_READER.with(std::cell::Cell::get) > 0;
            let in_reader = info.location().is_some_and(|at| READER_CRATES.iter().any(|name| at.file().contains(name)));
            if !(inside && in_reader) {
                previous(info);
            }
        }));
    });
}

/// Counts cells across the workbook against [`MAX_WORKBOOK_CELLS`].
struct CellBudget<'a> {
    source_file: &'a str,
    n_cells: usize,
}

impl CellBudget<'_> {
    /// Adds a non-empty cell at 0-based `(row, col)`.
    fn add(
        &mut self,
        sheet: &mut BTreeMap<(u32, u32), String>,
        row: u32,
        col: u32,
        text: String,
    ) -> Result<(), ReadError> {
        if row >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
            return Err(self.limit("sheet-size", format!("a cell at row {}, column {} lies outside Excel's {MAX_SHEET_ROWS} rows and {MAX_SHEET_COLUMNS} columns", row as u64 + 1, col as u64 + 1)));
        }
        self.n_cells += 1;
        if self.n_cells > MAX_WORKBOOK_CELLS {
            return Err(self.limit("sheet-cells", format!("more than {MAX_WORKBOOK_CELLS} non-empty cells")));
        }
        sheet.insert((row, col), text);
        Ok(())
    }

    fn limit(&self, limit: &'static str, detail: String) -> ReadError {
        ReadError::Limit { source_file: self.source_file.to_owned(), limit, detail }
    }
}

/// calamine's errors quote the file (tag names, values): one short line.
fn workbook_error(source_file: &str, err: &dyn std::fmt::Display) -> ReadError {
    ReadError::Workbook { source_file: source_file.to_owned(), reason: one_line(&err.to_string()) }
}

fn read_xlsx(bytes: &[u8], budget: &mut CellBudget<'_>) -> Result<Vec<(String, Grid)>, ReadError> {
    let source_file = budget.source_file;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| workbook_error(source_file, &e))?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        // A chart sheet has no merged cells; its error is handled below.
        let merged: Vec<Dimensions> = workbook.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let mut cells = BTreeMap::new();
        {
            let mut reader = match workbook.worksheet_cells_reader(&name) {
                Ok(reader) => reader,
                // Chart sheets and dialog sheets hold no cells.
                Err(calamine::XlsxError::NotAWorksheet(_)) => continue,
                Err(e) => return Err(workbook_error(source_file, &e)),
            };
            while let Some(cell) = reader.next_cell().map_err(|e| workbook_error(source_file, &e))? {
                let (row, col) = cell.get_position();
                let text = show(&Data::from(cell.get_value().clone()));
                if !text.trim().is_empty() {
                    budget.add(&mut cells, row, col, text)?;
                }
            }
        }
        apply_merged(&mut cells, &merged, budget)?;
        sheets.push((name, grid_of(cells)));
    }
    Ok(sheets)
}

fn read_ranges(
    bytes: &[u8],
    kind: WorkbookKind,
    budget: &mut CellBudget<'_>,
) -> Result<Vec<(String, Grid)>, ReadError> {
    let source_file = budget.source_file;
    let mut sheets = Vec::new();
    let mut ods: Option<Ods<_>> = None;
    let mut xls: Option<Xls<_>> = None;
    if kind == WorkbookKind::Ods {
        ods = Some(Ods::new(Cursor::new(bytes)).map_err(|e| workbook_error(source_file, &e))?);
    } else {
        xls = Some(Xls::new(Cursor::new(bytes)).map_err(|e| workbook_error(source_file, &e))?);
    }
    let names = match (&ods, &xls) {
        (Some(workbook), _) => workbook.sheet_names(),
        (_, Some(workbook)) => workbook.sheet_names(),
        _ => Vec::new(),
    };
    for name in names {
        let (range, merged) = match (&mut ods, &mut xls) {
            (Some(workbook), _) => {
                (workbook.worksheet_range(&name).map_err(|e| workbook_error(source_file, &e))?, Vec::new())
            }
            (_, Some(workbook)) => {
                let merged = workbook.merge_cells_by_sheet_name(&name).unwrap_or_default();
                (workbook.worksheet_range(&name).map_err(|e| workbook_error(source_file, &e))?, merged)
            }
            _ => continue,
        };
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let mut cells = BTreeMap::new();
        for (row, col, value) in range.used_cells() {
            let text = show(value);
            if !text.trim().is_empty() {
                let row = u32::try_from(row).unwrap_or(u32::MAX).saturating_add(row0);
                let col = u32::try_from(col).unwrap_or(u32::MAX).saturating_add(col0);
                budget.add(&mut cells, row, col, text)?;
            }
        }
        apply_merged(&mut cells, &merged, budget)?;
        sheets.push((name, grid_of(cells)));
    }
    Ok(sheets)
}

/// Copies each merged region's value to its first column on every row it
/// covers (see the module doc). Regions over [`MAX_MERGED_CELLS`] cells are
/// left as they are: a title merged over a whole sheet is no row label.
fn apply_merged(
    cells: &mut BTreeMap<(u32, u32), String>,
    merged: &[Dimensions],
    budget: &mut CellBudget<'_>,
) -> Result<(), ReadError> {
    for region in merged {
        if region.len() > MAX_MERGED_CELLS {
            continue;
        }
        let (top, left) = region.start;
        let Some(value) = cells.get(&(top, left)).cloned() else { continue };
        for row in top.saturating_add(1)..=region.end.0 {
            if !cells.contains_key(&(row, left)) {
                budget.add(cells, row, left, value.clone())?;
            }
        }
    }
    Ok(())
}

/// 0-based `(row, col)` cells → a [`Grid`] with 1-based lines and columns.
fn grid_of(cells: BTreeMap<(u32, u32), String>) -> Grid {
    let mut grid = Grid::default();
    for ((row, col), text) in cells {
        let line = row.saturating_add(1);
        let cell = Cell { column: col.saturating_add(1), text };
        match grid.rows.last_mut() {
            Some(last) if last.line == line => last.cells.push(cell),
            _ => grid.rows.push(Row { line, cells: vec![cell] }),
        }
        grid.n_lines = line;
    }
    grid
}

/// A cell's value as a person reads it in the spreadsheet program.
pub fn show(value: &Data) -> String {
    match value {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => show_number(*x),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, hour, minute, second, _) = dt.to_ymd_hms_milli();
            if (hour, minute, second) == (0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}")
            }
        }
        Data::DateTime(dt) => show_number(dt.as_f64()),
        Data::DateTimeIso(text) => text.strip_suffix("T00:00:00").unwrap_or(text).to_owned(),
        Data::DurationIso(text) => text.clone(),
    }
}

/// Whole numbers without `.0` (a year column says `2023`), others in the
/// shortest form that reads back the same.
fn show_number(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{x:.0}")
    } else {
        x.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn values_read_as_written() {
        assert_eq!(show(&Data::Float(2019.0)), "2019");
        assert_eq!(show(&Data::Float(-3.0)), "-3");
        assert_eq!(show(&Data::Float(112.5)), "112.5");
        assert_eq!(show(&Data::Int(7)), "7");
        // 43630 is 2019-06-14 in the 1900 date system.
        assert_eq!(
            show(&Data::DateTime(ExcelDateTime::new(43630.0, ExcelDateTimeType::DateTime, false))),
            "2019-06-14"
        );
        assert_eq!(show(&Data::DateTimeIso("2019-06-14T00:00:00".into())), "2019-06-14");
        assert_eq!(show(&Data::String("令和元年６月".into())), "令和元年６月");
    }

    #[test]
    fn merged_value_applies_to_each_covered_row() {
        let mut cells = BTreeMap::new();
        cells.insert((1, 0), "令和5年度".to_owned());
        cells.insert((1, 1), "a".to_owned());
        cells.insert((3, 1), "b".to_owned());
        let mut budget = CellBudget { source_file: "x.xlsx", n_cells: 0 };
        apply_merged(&mut cells, &[Dimensions::new((1, 0), (3, 0))], &mut budget).unwrap();
        assert_eq!(cells.get(&(3, 0)).map(String::as_str), Some("令和5年度"));
        let grid = grid_of(cells);
        assert_eq!(grid.n_lines, 4);
        assert_eq!(grid.rows.iter().map(|r| r.line).collect::<Vec<_>>(), vec![2, 3, 4]);
    }
}
