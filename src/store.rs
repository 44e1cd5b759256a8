//! The SQLite store: schema.md's four tables, one import = one transaction.
//!
//! Columns are schema.md's, in its order; arrays (`countries`, `jp_roles`)
//! are JSON text (`["US","AU"]`) so pandas, R and DuckDB read them with one
//! call. Internal columns come after the schema columns and start with
//! nothing special: `import_seq` (which import a row came from, 1-based),
//! `ord` (position within that import), `occurrence`, `byte_start`,
//! `byte_end` (mentions) and `source_sha256` (diagnostics). A store of an
//! older schema version is upgraded in place when it is opened for an
//! import ([`migrate`]); columns added that way stand after the internal
//! ones, since SQLite appends them, and every query names its columns.

use anyhow::{bail, Context as _};
use koryu_model::{Diagnostic, Event, Mention, Source, SourceSpan};
use rusqlite::{params, Connection, OptionalExtension, Row, Transaction};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bumped whenever a table changes; stored in `PRAGMA user_version`.
/// Version 2 added `sources.title`, `document_date` and `document_history`.
pub const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
CREATE TABLE sources (
    source_sha256 TEXT PRIMARY KEY NOT NULL,
    source_file TEXT NOT NULL,
    source_doc_kind TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    encoding TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    mention_count INTEGER NOT NULL,
    warning_count INTEGER NOT NULL,
    error_count INTEGER NOT NULL,
    title TEXT,
    document_date TEXT,
    document_history TEXT NOT NULL DEFAULT '[]',
    import_seq INTEGER NOT NULL UNIQUE
);
CREATE TABLE mentions (
    mention_id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    title_raw TEXT NOT NULL,
    date TEXT,
    date_raw TEXT,
    date_precision TEXT,
    fiscal_year INTEGER,
    countries TEXT NOT NULL,
    header_raw TEXT,
    mode TEXT,
    direction TEXT,
    location TEXT,
    jp_roles TEXT NOT NULL,
    status TEXT NOT NULL,
    count INTEGER,
    count_detail TEXT,
    source_file TEXT NOT NULL,
    source_sha256 TEXT NOT NULL REFERENCES sources(source_sha256),
    source_doc_kind TEXT NOT NULL,
    section TEXT,
    line INTEGER NOT NULL,
    \"column\" INTEGER NOT NULL,
    sheet TEXT,
    import_seq INTEGER NOT NULL,
    ord INTEGER NOT NULL,
    occurrence INTEGER NOT NULL,
    byte_start INTEGER NOT NULL,
    byte_end INTEGER NOT NULL
);
CREATE INDEX mentions_event ON mentions(event_id);
CREATE TABLE events (
    event_id TEXT PRIMARY KEY NOT NULL,
    category TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT,
    date_precision TEXT,
    fiscal_year INTEGER,
    countries TEXT NOT NULL,
    mode TEXT,
    direction TEXT,
    location TEXT,
    jp_roles TEXT NOT NULL,
    status TEXT NOT NULL,
    mention_count INTEGER NOT NULL,
    source_count INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    ord INTEGER NOT NULL
);
CREATE TABLE diagnostics (
    source_file TEXT NOT NULL,
    line INTEGER NOT NULL,
    \"column\" INTEGER NOT NULL,
    severity TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    excerpt TEXT NOT NULL,
    source_sha256 TEXT NOT NULL REFERENCES sources(source_sha256),
    import_seq INTEGER NOT NULL,
    ord INTEGER NOT NULL
);
";

/// What version 1 → 2 adds: the `sources` fields a document says about
/// itself. Rows imported before it get NULL and `[]`, since their text is
/// not at hand to read again.
const MIGRATE_1_TO_2: &str = "
ALTER TABLE sources ADD COLUMN title TEXT;
ALTER TABLE sources ADD COLUMN document_date TEXT;
ALTER TABLE sources ADD COLUMN document_history TEXT NOT NULL DEFAULT '[]';
";

const SOURCE_COLUMNS: &str = "source_sha256, source_file, source_doc_kind, bytes, encoding, imported_at, \
    mention_count, warning_count, error_count, title, document_date, document_history";

const MENTION_COLUMNS: &str = "mention_id, event_id, kind, category, title, title_raw, date, date_raw, \
    date_precision, fiscal_year, countries, header_raw, mode, direction, location, jp_roles, status, count, \
    count_detail, source_file, source_sha256, source_doc_kind, section, line, \"column\", sheet, \
    import_seq, ord, occurrence, byte_start, byte_end";

const EVENT_COLUMNS: &str = "event_id, category, title, date, date_precision, fiscal_year, countries, mode, \
    direction, location, jp_roles, status, mention_count, source_count, first_seen, ord";

/// An open store.
pub struct Store {
    conn: Connection,
}

/// The four tables, as read back for an export.
pub struct Tables {
    pub sources: Vec<Source>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Store {
    /// Opens the store at `path`, creating it (and its tables) if missing.
    ///
    /// # Errors
    /// The file cannot be opened or created, or holds another schema version.
    pub fn open_or_create(path: &Path) -> anyhow::Result<Store> {
        let mut conn = Connection::open(path).with_context(|| format!("cannot open the store {}", path.display()))?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .with_context(|| format!("{} is not a SQLite database", path.display()))?;
        match version {
            0 => {
                let n_tables: i64 =
                    conn.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table'", [], |row| row.get(0))?;
                if n_tables > 0 {
                    bail!("{} is a SQLite database but not a koryu store (it has other tables)", path.display());
                }
                let tx = conn.transaction()?;
                tx.execute_batch(SCHEMA)?;
                tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
                tx.commit().with_context(|| format!("cannot create tables in {}", path.display()))?;
            }
            SCHEMA_VERSION => {}
            1 => migrate(&mut conn).with_context(|| {
                format!("cannot upgrade the store {} from schema version 1 to {SCHEMA_VERSION}", path.display())
            })?,
            other => bail!(
                "{} has store schema version {other}, this koryu reads version {SCHEMA_VERSION}; re-import into a new store",
                path.display()
            ),
        }
        Ok(Store { conn })
    }

    /// Opens an existing store read-only, for exports.
    ///
    /// # Errors
    /// The file does not exist or is not a koryu store.
    pub fn open_existing(path: &Path) -> anyhow::Result<Store> {
        if !path.is_file() {
            bail!("no store at {}; run `koryu import` first or pass --db", path.display());
        }
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .with_context(|| format!("cannot open the store {}", path.display()))?;
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .with_context(|| format!("{} is not a SQLite database", path.display()))?;
        if version == 1 {
            bail!(
                "{} is a koryu store of schema version 1 and this koryu reads version {SCHEMA_VERSION}; run \
                 `koryu import --db {}` with any file once (an already imported one is enough) to upgrade it",
                path.display(),
                path.display()
            );
        }
        if version != SCHEMA_VERSION {
            bail!("{} is not a koryu store of schema version {SCHEMA_VERSION} (found {version})", path.display());
        }
        Ok(Store { conn })
    }

    /// Starts the one transaction of an import.
    ///
    /// # Errors
    /// SQLite cannot begin a write transaction (locked, read-only).
    pub fn begin_import(&mut self) -> anyhow::Result<ImportTx<'_>> {
        let tx = self.conn.transaction().context("cannot start a transaction on the store")?;
        Ok(ImportTx { tx })
    }

    /// Every row of every table, in a stable order (import order, then
    /// position in the source; events in dedup order).
    ///
    /// # Errors
    /// A query fails or a stored value is not one schema.md allows.
    pub fn read_tables(&self) -> anyhow::Result<Tables> {
        Ok(Tables {
            sources: read_sources(&self.conn)?,
            mentions: read_mentions(&self.conn)?,
            events: read_events(&self.conn)?,
            diagnostics: read_diagnostics(&self.conn)?,
        })
    }
}

/// The transaction of one import. Dropping it without [`ImportTx::commit`]
/// rolls everything back, so a failed import leaves the store as it was.
pub struct ImportTx<'conn> {
    tx: Transaction<'conn>,
}

/// What recomputing events changed.
pub struct Recomputed {
    pub n_events: usize,
    pub n_new_events: usize,
}

impl ImportTx<'_> {
    /// The `source_file` under which a file with this sha256 was imported.
    pub fn imported_as(&self, source_sha256: &str) -> anyhow::Result<Option<String>> {
        Ok(self
            .tx
            .query_row("SELECT source_file FROM sources WHERE source_sha256 = ?1", [source_sha256], |row| row.get(0))
            .optional()?)
    }

    /// Stores one source with its mentions and diagnostics as the next import.
    pub fn store_source(
        &self,
        source: &Source,
        mentions: &[Mention],
        diagnostics: &[Diagnostic],
    ) -> anyhow::Result<()> {
        let import_seq: i64 =
            self.tx.query_row("SELECT coalesce(max(import_seq), 0) + 1 FROM sources", [], |row| row.get(0))?;
        self.tx.execute(
            &format!(
                "INSERT INTO sources ({SOURCE_COLUMNS}, import_seq) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
            ),
            params![
                source.source_sha256,
                source.source_file,
                code(&source.source_doc_kind)?,
                i64::try_from(source.bytes).unwrap_or(i64::MAX),
                source.encoding,
                source.imported_at,
                source.mention_count,
                source.warning_count,
                source.error_count,
                source.title,
                source.document_date.map(|d| d.to_string()),
                serde_json::to_string(&source.document_history)?,
                import_seq,
            ],
        )?;
        let mut insert_mention = self.tx.prepare(&format!(
            "INSERT INTO mentions ({MENTION_COLUMNS}) VALUES \
             (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, \
             ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31)"
        ))?;
        for (ord, m) in mentions.iter().enumerate() {
            insert_mention
                .execute(params![
                    m.mention_id,
                    m.event_id,
                    code(&m.kind)?,
                    code(&m.category)?,
                    m.title,
                    m.title_raw,
                    m.date.map(|d| d.to_string()),
                    m.date_raw,
                    m.date_precision.map(|p| p.as_str()),
                    m.fiscal_year,
                    serde_json::to_string(&m.countries)?,
                    m.header_raw,
                    m.mode.map(|v| v.as_str()),
                    m.direction.map(|v| v.as_str()),
                    m.location,
                    serde_json::to_string(&m.jp_roles)?,
                    m.status.as_str(),
                    m.count,
                    m.count_detail.map(|v| v.as_str()),
                    m.source_file,
                    m.source_sha256,
                    code(&m.source_doc_kind)?,
                    m.section,
                    m.line,
                    m.column,
                    m.sheet,
                    import_seq,
                    i64::try_from(ord).unwrap_or(i64::MAX),
                    m.occurrence,
                    i64::try_from(m.span.byte_start).unwrap_or(i64::MAX),
                    i64::try_from(m.span.byte_end).unwrap_or(i64::MAX),
                ])
                .with_context(|| format!("cannot store mention {} of {}", m.mention_id, source.source_file))?;
        }
        let mut insert_diagnostic = self.tx.prepare(
            "INSERT INTO diagnostics (source_file, line, \"column\", severity, code, message, excerpt, \
             source_sha256, import_seq, ord) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (ord, d) in diagnostics.iter().enumerate() {
            insert_diagnostic.execute(params![
                d.source_file,
                d.line,
                d.column,
                d.severity.as_str(),
                d.code.as_str(),
                d.message,
                d.excerpt,
                source.source_sha256,
                import_seq,
                i64::try_from(ord).unwrap_or(i64::MAX),
            ])?;
        }
        Ok(())
    }

    /// Recomputes every event from every mention in the store, rewrites the
    /// `events` table and each mention's `event_id` (architecture.md: events
    /// are recomputed on every import, deterministically).
    pub fn recompute_events(&self) -> anyhow::Result<Recomputed> {
        let old_ids: BTreeSet<String> = {
            let mut stmt = self.tx.prepare("SELECT event_id FROM events")?;
            let ids = stmt.query_map([], |row| row.get::<_, String>(0))?.collect::<Result<_, _>>()?;
            ids
        };
        let import_order: BTreeMap<String, u64> = {
            let mut stmt = self.tx.prepare("SELECT source_sha256, import_seq FROM sources")?;
            let rows = stmt
                .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter().map(|(sha, seq)| (sha, u64::try_from(seq).unwrap_or(u64::MAX))).collect()
        };
        let mut mentions = read_mentions(&self.tx)?;
        let before: Vec<String> = mentions.iter().map(|m| m.event_id.clone()).collect();
        let events = koryu_normalize::dedup_mentions(&mut mentions, &import_order);

        let mut update = self.tx.prepare("UPDATE mentions SET event_id = ?1 WHERE mention_id = ?2")?;
        for (mention, old_event_id) in mentions.iter().zip(&before) {
            if &mention.event_id != old_event_id {
                update.execute(params![mention.event_id, mention.mention_id])?;
            }
        }
        self.tx.execute("DELETE FROM events", [])?;
        let mut insert = self.tx.prepare(&format!(
            "INSERT INTO events ({EVENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"
        ))?;
        for (ord, e) in events.iter().enumerate() {
            insert
                .execute(params![
                    e.event_id,
                    code(&e.category)?,
                    e.title,
                    e.date.map(|d| d.to_string()),
                    e.date_precision.map(|p| p.as_str()),
                    e.fiscal_year,
                    serde_json::to_string(&e.countries)?,
                    e.mode.map(|v| v.as_str()),
                    e.direction.map(|v| v.as_str()),
                    e.location,
                    serde_json::to_string(&e.jp_roles)?,
                    e.status.as_str(),
                    e.mention_count,
                    e.source_count,
                    e.first_seen,
                    i64::try_from(ord).unwrap_or(i64::MAX),
                ])
                .with_context(|| format!("cannot store event {}", e.event_id))?;
        }
        let n_new_events = events.iter().filter(|e| !old_ids.contains(&e.event_id)).count();
        Ok(Recomputed { n_events: events.len(), n_new_events })
    }

    /// Makes the import visible.
    pub fn commit(self) -> anyhow::Result<()> {
        self.tx.commit().context("cannot commit the import to the store")
    }
}

/// Upgrades a version-1 store to [`SCHEMA_VERSION`] in one transaction.
fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let tx = conn.transaction()?;
    tx.execute_batch(MIGRATE_1_TO_2)?;
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// The stable code of an enum (its serde string): `high_level`, `EU`, ….
fn code<T: Serialize>(value: &T) -> anyhow::Result<String> {
    match serde_json::to_value(value)? {
        serde_json::Value::String(s) => Ok(s),
        other => bail!("expected a code, got {other}"),
    }
}

/// Reads column `idx` of `row` as a code or JSON value of type `T`.
fn from_text<T: DeserializeOwned>(row: &Row<'_>, idx: usize, as_json: bool) -> rusqlite::Result<T> {
    let text: String = row.get(idx)?;
    let parsed =
        if as_json { serde_json::from_str(&text) } else { serde_json::from_value(serde_json::Value::String(text)) };
    parsed.map_err(|err| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(err)))
}

/// Like [`from_text`] for a nullable column.
fn from_opt_text<T: DeserializeOwned>(row: &Row<'_>, idx: usize) -> rusqlite::Result<Option<T>> {
    match row.get::<_, Option<String>>(idx)? {
        None => Ok(None),
        Some(text) => serde_json::from_value(serde_json::Value::String(text))
            .map(Some)
            .map_err(|err| rusqlite::Error::FromSqlConversionFailure(idx, rusqlite::types::Type::Text, Box::new(err))),
    }
}

fn read_sources(conn: &Connection) -> anyhow::Result<Vec<Source>> {
    let mut stmt = conn.prepare(&format!("SELECT {SOURCE_COLUMNS} FROM sources ORDER BY import_seq"))?;
    let rows = stmt.query_map([], |row| {
        Ok(Source {
            source_sha256: row.get(0)?,
            source_file: row.get(1)?,
            source_doc_kind: from_text(row, 2, false)?,
            bytes: u64::try_from(row.get::<_, i64>(3)?).unwrap_or(0),
            encoding: row.get(4)?,
            imported_at: row.get(5)?,
            mention_count: row.get(6)?,
            warning_count: row.get(7)?,
            error_count: row.get(8)?,
            title: row.get(9)?,
            document_date: from_opt_text(row, 10)?,
            document_history: from_text(row, 11, true)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn read_mentions(conn: &Connection) -> anyhow::Result<Vec<Mention>> {
    let mut stmt = conn.prepare(&format!("SELECT {MENTION_COLUMNS} FROM mentions ORDER BY import_seq, ord"))?;
    let rows = stmt.query_map([], |row| {
        let line: u32 = row.get(23)?;
        let column: u32 = row.get(24)?;
        let sheet: Option<String> = row.get(25)?;
        Ok(Mention {
            mention_id: row.get(0)?,
            event_id: row.get(1)?,
            kind: from_text(row, 2, false)?,
            category: from_text(row, 3, false)?,
            title: row.get(4)?,
            title_raw: row.get(5)?,
            date: from_opt_text(row, 6)?,
            date_raw: row.get(7)?,
            date_precision: from_opt_text(row, 8)?,
            fiscal_year: row.get(9)?,
            countries: from_text(row, 10, true)?,
            header_raw: row.get(11)?,
            mode: from_opt_text(row, 12)?,
            direction: from_opt_text(row, 13)?,
            location: row.get(14)?,
            jp_roles: from_text(row, 15, true)?,
            status: from_text(row, 16, false)?,
            count: row.get(17)?,
            count_detail: from_opt_text(row, 18)?,
            source_file: row.get(19)?,
            source_sha256: row.get(20)?,
            source_doc_kind: from_text(row, 21, false)?,
            section: row.get(22)?,
            line,
            column,
            sheet: sheet.clone(),
            span: SourceSpan {
                line,
                column,
                byte_start: usize::try_from(row.get::<_, i64>(29)?).unwrap_or(0),
                byte_end: usize::try_from(row.get::<_, i64>(30)?).unwrap_or(0),
                sheet,
            },
            occurrence: row.get(28)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn read_events(conn: &Connection) -> anyhow::Result<Vec<Event>> {
    let mut stmt = conn.prepare(&format!("SELECT {EVENT_COLUMNS} FROM events ORDER BY ord"))?;
    let rows = stmt.query_map([], |row| {
        Ok(Event {
            event_id: row.get(0)?,
            category: from_text(row, 1, false)?,
            title: row.get(2)?,
            date: from_opt_text(row, 3)?,
            date_precision: from_opt_text(row, 4)?,
            fiscal_year: row.get(5)?,
            countries: from_text(row, 6, true)?,
            mode: from_opt_text(row, 7)?,
            direction: from_opt_text(row, 8)?,
            location: row.get(9)?,
            jp_roles: from_text(row, 10, true)?,
            status: from_text(row, 11, false)?,
            mention_count: row.get(12)?,
            source_count: row.get(13)?,
            first_seen: row.get(14)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn read_diagnostics(conn: &Connection) -> anyhow::Result<Vec<Diagnostic>> {
    let mut stmt = conn.prepare(
        "SELECT source_file, line, \"column\", severity, code, message, excerpt FROM diagnostics \
         ORDER BY import_seq, ord",
    )?;
    let rows = stmt.query_map([], |row| {
        let line: u32 = row.get(1)?;
        let column: u32 = row.get(2)?;
        Ok(Diagnostic {
            source_file: row.get(0)?,
            line,
            column,
            severity: from_text(row, 3, false)?,
            code: from_text(row, 4, false)?,
            message: row.get(5)?,
            excerpt: row.get(6)?,
            span: SourceSpan { line, column, ..SourceSpan::default() },
            help: None,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `sources` table of schema version 1, as koryu 1 created it.
    const SOURCES_V1: &str = "CREATE TABLE sources (
        source_sha256 TEXT PRIMARY KEY NOT NULL, source_file TEXT NOT NULL, source_doc_kind TEXT NOT NULL,
        bytes INTEGER NOT NULL, encoding TEXT NOT NULL, imported_at TEXT NOT NULL, mention_count INTEGER NOT NULL,
        warning_count INTEGER NOT NULL, error_count INTEGER NOT NULL, import_seq INTEGER NOT NULL UNIQUE);
        INSERT INTO sources VALUES ('abc', 'old.txt', 'evaluation_table', 10, 'UTF-8', '2025-01-01T00:00:00Z', 0, 0, 0, 1);
        PRAGMA user_version = 1;";

    #[test]
    fn a_version_1_store_is_upgraded_for_import_and_refused_for_export() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("old.sqlite");
        Connection::open(&path).unwrap().execute_batch(SOURCES_V1).unwrap();

        let err = Store::open_existing(&path).err().unwrap().to_string();
        assert!(err.contains("schema version 1") && err.contains("koryu import"), "{err}");

        let store = Store::open_or_create(&path).unwrap();
        let version: i64 = store.conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let sources = read_sources(&store.conn).unwrap();
        assert_eq!(sources.len(), 1);
        let old = sources.first().unwrap();
        assert_eq!((old.title.as_deref(), old.document_date, old.document_history.len()), (None, None, 0));
    }
}
