//! The SQLite store: schema.md's four tables, one import = one transaction,
//! many readers beside one writer (WAL), sources that supersede others.
//!
//! Concurrency and durability (docs/design.md, "Store"): the store runs in
//! WAL mode, so readers see the last committed import while another one
//! writes; an import takes the write lock up front (`BEGIN IMMEDIATE`) and
//! waits for another import up to `--wait`. `synchronous = FULL`: one
//! import is one commit, so the fsync per commit costs nothing measurable
//! and a committed import survives a power cut, not only a crash. The end of
//! an import checkpoints the WAL (`TRUNCATE`) and SQLite deletes it when the
//! last connection closes, so an idle store is one file.
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
use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bumped whenever a table changes; stored in `PRAGMA user_version`.
/// Version 2 added `sources.title`, `document_date` and `document_history`.
/// Version 3 added `sources.superseded_by` and `superseded_at`, and the
/// indexes exports sort by. Version 4 added the index `edition-drop` reads
/// one edition's fiscal years by. Version 5 added `sources.coverage`, how
/// the source's lines were read, for the report. Version 6 lets
/// `mentions.category` and `events.category` be NULL (a table that names no
/// indicator).
pub const SCHEMA_VERSION: i64 = 6;

/// The tables of a new store, in creation order. `mentions` and `events`
/// are separate pieces because the version 5 → 6 upgrade rebuilds them.
const SCHEMA: [&str; 5] = [SOURCES_TABLE, MENTIONS_TABLE, MENTIONS_INDEXES, EVENTS_TABLE, DIAGNOSTICS_TABLE];

const SOURCES_TABLE: &str = "
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
    import_seq INTEGER NOT NULL UNIQUE,
    superseded_by TEXT,
    superseded_at TEXT,
    coverage TEXT
);
";

const MENTIONS_TABLE: &str = "
CREATE TABLE mentions (
    mention_id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT,
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
";

const MENTIONS_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS mentions_event ON mentions(event_id);
CREATE INDEX IF NOT EXISTS mentions_order ON mentions(import_seq, ord);
CREATE INDEX IF NOT EXISTS mentions_source ON mentions(source_sha256);
CREATE INDEX IF NOT EXISTS mentions_fiscal_year ON mentions(fiscal_year);
";

const EVENTS_TABLE: &str = "
CREATE TABLE events (
    event_id TEXT PRIMARY KEY NOT NULL,
    category TEXT,
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
";

const DIAGNOSTICS_TABLE: &str = "
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
CREATE INDEX diagnostics_order ON diagnostics(import_seq, ord);
CREATE INDEX diagnostics_source ON diagnostics(source_sha256);
";

/// What version 1 → 2 adds: the `sources` fields a document says about
/// itself. Rows imported before it get NULL and `[]`, since their text is
/// not at hand to read again.
const MIGRATE_1_TO_2: &str = "
ALTER TABLE sources ADD COLUMN title TEXT;
ALTER TABLE sources ADD COLUMN document_date TEXT;
ALTER TABLE sources ADD COLUMN document_history TEXT NOT NULL DEFAULT '[]';
";

/// What version 2 → 3 adds: supersession (schema.md, sources) and the
/// indexes an export sorts and a replacement deletes by, so neither needs
/// temporary space the size of a table.
const MIGRATE_2_TO_3: &str = "
ALTER TABLE sources ADD COLUMN superseded_by TEXT;
ALTER TABLE sources ADD COLUMN superseded_at TEXT;
CREATE INDEX IF NOT EXISTS mentions_order ON mentions(import_seq, ord);
CREATE INDEX IF NOT EXISTS mentions_source ON mentions(source_sha256);
CREATE INDEX IF NOT EXISTS diagnostics_order ON diagnostics(import_seq, ord);
CREATE INDEX IF NOT EXISTS diagnostics_source ON diagnostics(source_sha256);
";

/// What version 3 → 4 adds: the index that bounds `edition-drop`'s read of
/// the store to the fiscal years the new file repeats, so an import's cost
/// does not grow with every mention the store already holds.
const MIGRATE_3_TO_4: &str = "
CREATE INDEX IF NOT EXISTS mentions_fiscal_year ON mentions(fiscal_year);
";

/// What version 4 → 5 adds: each source's line coverage. Sources imported
/// before it keep NULL (their text is not at hand); the report says so.
const MIGRATE_4_TO_5: &str = "
ALTER TABLE sources ADD COLUMN coverage TEXT;
";

/// What version 5 → 6 changes: `category` may be NULL. SQLite cannot drop
/// a NOT NULL constraint, so `mentions` and `events` are renamed, made
/// anew, copied and dropped (their indexes go with the old tables).
const MIGRATE_5_TO_6_OUT: &str = "
ALTER TABLE mentions RENAME TO mentions_v5;
ALTER TABLE events RENAME TO events_v5;
DROP INDEX IF EXISTS mentions_event;
DROP INDEX IF EXISTS mentions_order;
DROP INDEX IF EXISTS mentions_source;
DROP INDEX IF EXISTS mentions_fiscal_year;
";

/// How the non-blank lines of one source were read (koryu-parse's
/// coverage), kept as JSON in `sources.coverage` for the report: not a
/// schema.md field, so exports of `sources` leave it out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LineCounts {
    pub non_blank: u64,
    pub mention: u64,
    pub structure: u64,
    pub unparsed: u64,
}

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
    /// The path as the user gave it, for messages.
    path: std::path::PathBuf,
}

/// The four tables, as read back for an export.
pub struct Tables {
    pub sources: Vec<Source>,
    pub mentions: Vec<Mention>,
    pub events: Vec<Event>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One row of `koryu sources`.
pub struct SourceRow {
    pub source_sha256: String,
    pub source_file: String,
    pub source_doc_kind: String,
    pub imported_at: String,
    pub mention_count: i64,
    pub warning_count: i64,
    pub error_count: i64,
    /// How many events hold at least one of its mentions.
    pub event_count: i64,
    pub superseded_by: Option<String>,
    pub superseded_at: Option<String>,
}

/// What a store file holds, read before anything is written to it.
enum Found {
    /// No tables at all: a new (or empty) file, ready for the schema.
    Empty,
    /// A koryu store of this schema version.
    Version(i64),
}

/// The SQLite error code of an error, if it is one.
fn sqlite_code(err: &rusqlite::Error) -> Option<rusqlite::ErrorCode> {
    match err {
        rusqlite::Error::SqliteFailure(e, _) => Some(e.code),
        _ => None,
    }
}

/// Turns a SQLite failure on the store into one sentence that names it and
/// says what happened to it; other errors keep `context`.
pub fn explain(err: rusqlite::Error, path: &Path, context: &str) -> anyhow::Error {
    let p = path.display();
    match sqlite_code(&err) {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            anyhow::anyhow!("{p} is not a SQLite database; koryu left it untouched (pass --db a koryu store or a new file)")
        }
        Some(rusqlite::ErrorCode::ReadOnly) => anyhow::anyhow!(
            "the store {p} is read-only (file or directory permissions, or a read-only disk); nothing was changed"
        ),
        Some(rusqlite::ErrorCode::DiskFull) => {
            anyhow::anyhow!("the disk holding the store {p} is full; the store is unchanged (free space and run again)")
        }
        Some(rusqlite::ErrorCode::CannotOpen) => anyhow::anyhow!("cannot open the store {p}: {err}"),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => anyhow::anyhow!(
            "the store {p} is damaged ({err}); koryu left it untouched (restore it from a copy or re-import into a new store)"
        ),
        _ => anyhow::Error::new(err).context(format!("{context} ({p})")),
    }
}

/// A failure anywhere in a run on the store at `path`: when SQLite's cause
/// is the disk or the file (full, read-only, damaged), that is what the
/// user reads, naming the store, not the input that was being stored.
pub fn name_store_failure(err: anyhow::Error, path: &Path) -> anyhow::Error {
    let cause = err.chain().find_map(|e| e.downcast_ref::<rusqlite::Error>()).and_then(sqlite_code);
    match cause {
        Some(
            code @ (rusqlite::ErrorCode::DiskFull
            | rusqlite::ErrorCode::ReadOnly
            | rusqlite::ErrorCode::DatabaseCorrupt
            | rusqlite::ErrorCode::NotADatabase),
        ) => explain(
            rusqlite::Error::SqliteFailure(rusqlite::ffi::Error { code, extended_code: 0 }, None),
            path,
            "the store failed",
        ),
        _ => err,
    }
}

/// Reads what `conn` holds and refuses anything that is not a koryu store
/// koryu can read, before a byte of it is written.
fn inspect(conn: &Connection, path: &Path) -> anyhow::Result<Found> {
    let p = path.display();
    let version: i64 = conn
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .map_err(|err| explain(err, path, "cannot read the store"))?;
    let tables: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .map_err(|err| explain(err, path, "cannot read the store"))?;
        let names = stmt
            .query_map([], |row| row.get(0))
            .and_then(|rows| rows.collect::<Result<Vec<String>, _>>())
            .map_err(|err| explain(err, path, "cannot read the store"))?;
        names
    };
    if version == 0 && tables.is_empty() {
        return Ok(Found::Empty);
    }
    let koryu_tables = ["sources", "mentions", "events", "diagnostics"];
    if version == 0 || !koryu_tables.iter().all(|t| tables.iter().any(|have| have == t)) {
        bail!(
            "{p} is a SQLite database but not a koryu store (it has no koryu tables); koryu left it untouched \
             (pass --db a koryu store or a new file)"
        );
    }
    if version > SCHEMA_VERSION {
        bail!(
            "{p} is a koryu store of schema version {version}, newer than this koryu reads ({SCHEMA_VERSION}); \
             koryu left it untouched (use a newer koryu)"
        );
    }
    Ok(Found::Version(version))
}

impl Store {
    /// Opens the store at `path` for an import, creating the file if
    /// missing; tables are created or upgraded inside the import's own
    /// transaction ([`Store::begin_import`]), so two first imports racing
    /// on a new file cannot both create them.
    ///
    /// # Errors
    /// The directory is missing, the file is not a koryu store koryu can
    /// read, or it cannot be written.
    pub fn open_for_import(path: &Path, wait: std::time::Duration) -> anyhow::Result<Store> {
        let p = path.display();
        if path.is_dir() {
            bail!("cannot use the store {p}: it is a directory, not a store file");
        }
        if let Some(parent) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            if !parent.is_dir() {
                bail!("cannot create the store {p}: the directory {} does not exist", parent.display());
            }
        }
        let conn = Connection::open(path).map_err(|err| explain(err, path, "cannot open the store"))?;
        conn.busy_timeout(wait).context("cannot set the store's busy timeout")?;
        inspect(&conn, path)?;
        // WAL lets exports read while this import writes (module doc).
        // Changing the journal mode needs an exclusive lock and SQLite does
        // not call the busy handler for it (two first imports of one new
        // file meet here), so it is retried until `wait` is up.
        let deadline = std::time::Instant::now() + wait;
        let mode: String = loop {
            match conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)) {
                Ok(mode) => break mode,
                Err(err)
                    if matches!(
                        sqlite_code(&err),
                        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
                    ) && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(err) => return Err(explain(err, path, "cannot switch the store to WAL mode")),
            }
        };
        if !mode.eq_ignore_ascii_case("wal") {
            bail!("cannot switch the store {p} to WAL mode (it stays in {mode} mode; is it on a network disk?)");
        }
        conn.pragma_update(None, "synchronous", "FULL").context("cannot set synchronous = FULL")?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Opens an existing store for reading (exports, `sources`). It is
    /// opened read-write when the file allows it, so a store left by a
    /// killed import is recovered rather than refused, and an older schema
    /// is upgraded; then the connection is made query-only.
    ///
    /// # Errors
    /// The file does not exist or is not a koryu store koryu can read.
    pub fn open_existing(path: &Path) -> anyhow::Result<Store> {
        let p = path.display();
        if path.is_dir() {
            bail!("cannot read the store {p}: it is a directory, not a store file");
        }
        if !path.is_file() {
            bail!("no store at {p}; run `koryu import` first or pass --db");
        }
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn =
            Connection::open_with_flags(path, flags).map_err(|err| explain(err, path, "cannot open the store"))?;
        conn.busy_timeout(std::time::Duration::from_secs(60)).context("cannot set the store's busy timeout")?;
        match inspect(&conn, path)? {
            Found::Empty => {
                bail!("{p} is an empty SQLite file, not a koryu store yet; run `koryu import --db {p}` first")
            }
            Found::Version(SCHEMA_VERSION) => {}
            Found::Version(_) => {
                let tx = conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)
                    .map_err(|err| explain(err, path, "cannot upgrade the store"))?;
                migrate(&tx, path)?;
                tx.commit().map_err(|err| explain(err, path, "cannot upgrade the store"))?;
            }
        }
        conn.pragma_update(None, "query_only", true).context("cannot make the store connection query-only")?;
        Ok(Store { conn, path: path.to_path_buf() })
    }

    /// Starts the one transaction of an import, taking the write lock now
    /// (`BEGIN IMMEDIATE`): a deferred transaction would fail with "database
    /// is locked" at its first write, before any busy timeout applies. If
    /// another import holds the lock, says so and waits up to `wait`.
    ///
    /// # Errors
    /// The lock is still held after `wait`, or the store cannot be written.
    pub fn begin_import(&mut self, wait: std::time::Duration) -> anyhow::Result<ImportTx<'_>> {
        let path = self.path.clone();
        let p = path.display();
        self.conn.busy_timeout(std::time::Duration::ZERO).context("cannot set the store's busy timeout")?;
        let busy = match self.conn.execute_batch("BEGIN IMMEDIATE") {
            Ok(()) => false,
            Err(err) if sqlite_code(&err) == Some(rusqlite::ErrorCode::DatabaseBusy) => true,
            Err(err) => return Err(explain(err, &path, "cannot start a transaction on the store")),
        };
        if busy {
            let holder = writer_pid(&path).map(|pid| format!(" (pid {pid})")).unwrap_or_default();
            crate::render::note(format_args!(
                "waiting for another import of {p}{holder}… (up to {} s, --wait)",
                wait.as_secs()
            ));
            self.conn.busy_timeout(wait).context("cannot set the store's busy timeout")?;
            if let Err(err) = self.conn.execute_batch("BEGIN IMMEDIATE") {
                if sqlite_code(&err) == Some(rusqlite::ErrorCode::DatabaseBusy) {
                    bail!(
                        "another import still holds the write lock on {p} after {} s; nothing was stored \
                         (run again, or pass --wait SECONDS to wait longer)",
                        wait.as_secs()
                    );
                }
                return Err(explain(err, &path, "cannot start a transaction on the store"));
            }
        }
        // The transaction is open: from here on dropping `tx` rolls back.
        // The pid beside the store lets a second import say whom it waits
        // for (SQLite's lock does not tell); best effort, never an error.
        let _ = std::fs::write(writer_file(&path), std::process::id().to_string());
        let tx = ImportTx { tx: &self.conn, path, open: true };
        match inspect(tx.tx, &tx.path)? {
            Found::Empty => {
                for piece in SCHEMA {
                    tx.tx.execute_batch(piece).map_err(|err| explain(err, &tx.path, "cannot create the tables"))?;
                }
                tx.tx
                    .pragma_update(None, "user_version", SCHEMA_VERSION)
                    .map_err(|err| explain(err, &tx.path, "cannot create the tables"))?;
            }
            Found::Version(SCHEMA_VERSION) => {}
            Found::Version(_) => migrate(tx.tx, &tx.path)?,
        }
        Ok(tx)
    }

    /// The store's connection, for a whole-database copy (`export --format
    /// sqlite`); read-only when the store was opened for reading.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Folds the WAL back into the main file after an import, so an idle
    /// store is one file. A reader still open keeps part of it; that is
    /// harmless (SQLite finishes when the last connection closes), so the
    /// outcome is not an error.
    pub fn checkpoint(&self) {
        let _ = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
    }

    /// Every source, current first in import order, with counts; only the
    /// current ones unless `history`.
    ///
    /// # Errors
    /// A query fails.
    pub fn source_rows(&self, history: bool) -> anyhow::Result<Vec<SourceRow>> {
        source_rows(&self.conn, history)
    }

    /// Starts a removal: the same transaction as an import.
    ///
    /// # Errors
    /// See [`Store::begin_import`].
    pub fn begin_remove(&mut self, wait: std::time::Duration) -> anyhow::Result<ImportTx<'_>> {
        self.begin_import(wait)
    }

    /// Every row of every table, current sources only, in a stable order
    /// (import order, then position in the source; events in dedup order).
    ///
    /// # Errors
    /// A query fails or a stored value is not one schema.md allows.
    pub fn read_tables(&self) -> anyhow::Result<Tables> {
        // One read transaction: the four tables of one committed import,
        // even if another import commits while they are read.
        let snapshot = self.conn.unchecked_transaction().context("cannot start reading the store")?;
        let tables = Tables {
            sources: read_sources(&snapshot)?,
            mentions: read_mentions(&snapshot)?,
            events: read_events(&snapshot)?,
            diagnostics: read_diagnostics(&snapshot)?,
        };
        snapshot.finish().context("cannot finish reading the store")?;
        Ok(tables)
    }

    /// The events matching `condition`, an SQL expression over the `events`
    /// table's columns whose values are bound from `values` (`koryu
    /// events`); mentions are not read.
    ///
    /// # Errors
    /// The query fails or a stored value is not one schema.md allows.
    pub fn query_events(&self, condition: &str, values: &[&dyn rusqlite::ToSql]) -> anyhow::Result<Vec<Event>> {
        events_where(&self.conn, condition, values)
    }
}
/// The transaction of one import (begun with `BEGIN IMMEDIATE`). Dropping
/// it without [`ImportTx::commit`] rolls everything back, so a failed import
/// leaves the store as it was.
pub struct ImportTx<'conn> {
    tx: &'conn Connection,
    path: std::path::PathBuf,
    /// Still to be committed or rolled back.
    open: bool,
}

impl Drop for ImportTx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = std::fs::remove_file(writer_file(&self.path));
            let _ = self.tx.execute_batch("ROLLBACK");
        }
    }
}

/// `koryu.sqlite-writer`: the pid of the import holding the write lock,
/// written once the lock is taken and removed before it is released (a
/// killed import leaves it behind; [`writer_pid`] ignores a dead pid).
fn writer_file(store: &Path) -> PathBuf {
    let mut name = store.as_os_str().to_owned();
    name.push("-writer");
    PathBuf::from(name)
}

/// The pid of the import that holds the write lock on `store`, when it
/// left its note and (where /proc tells) is still running.
fn writer_pid(store: &Path) -> Option<u32> {
    let pid: u32 = std::fs::read_to_string(writer_file(store)).ok()?.trim().parse().ok()?;
    let proc = Path::new("/proc");
    (!proc.is_dir() || proc.join(pid.to_string()).exists()).then_some(pid)
}

/// A current source another one replaces or `remove` takes out.
#[derive(Debug, Clone)]
pub struct OldSource {
    pub source_sha256: String,
    pub source_file: String,
    pub imported_at: String,
}

/// Events before and after a recomputation, to say what a replacement did.
pub type EventRows = BTreeMap<String, String>;

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
            .query_row(
                "SELECT source_file FROM sources WHERE source_sha256 = ?1 AND superseded_by IS NULL",
                [source_sha256],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Stores one source with its mentions and diagnostics as the next import.
    pub fn store_source(
        &self,
        source: &Source,
        coverage: &LineCounts,
        mentions: &[Mention],
        diagnostics: &[Diagnostic],
    ) -> anyhow::Result<()> {
        // A source removed or replaced earlier and now imported again: its
        // old row gives way (the primary key is the sha256).
        self.tx.execute(
            "DELETE FROM sources WHERE source_sha256 = ?1 AND superseded_by IS NOT NULL",
            [&source.source_sha256],
        )?;
        let import_seq: i64 =
            self.tx.query_row("SELECT coalesce(max(import_seq), 0) + 1 FROM sources", [], |row| row.get(0))?;
        self.tx.execute(
            &format!(
                "INSERT INTO sources ({SOURCE_COLUMNS}, import_seq, coverage) VALUES \
                 (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"
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
                serde_json::to_string(coverage)?,
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
                    m.category.map(|c| c.as_str()),
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
            let mut stmt =
                self.tx.prepare("SELECT source_sha256, import_seq FROM sources WHERE superseded_by IS NULL")?;
            let rows = stmt
                .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            rows.into_iter().map(|(sha, seq)| (sha, u64::try_from(seq).unwrap_or(u64::MAX))).collect()
        };
        let mut mentions = read_mentions(self.tx)?;
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
                    e.category.map(|c| c.as_str()),
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
    ///
    /// # Errors
    /// The commit fails (a full disk): the store stays as it was.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let _ = std::fs::remove_file(writer_file(&self.path));
        self.tx.execute_batch("COMMIT").map_err(|err| explain(err, &self.path, "cannot commit the import"))?;
        self.open = false;
        Ok(())
    }

    /// Current sources this one supersedes (schema.md, sources): the same
    /// path, or the same kind, title and document date (a title is
    /// required: two untitled documents are not the same document), with
    /// other bytes.
    ///
    /// # Errors
    /// A query fails.
    pub fn superseded_by_new(&self, source: &Source) -> anyhow::Result<Vec<OldSource>> {
        let mut stmt = self.tx.prepare(
            "SELECT source_sha256, source_file, imported_at FROM sources WHERE superseded_by IS NULL \
             AND source_sha256 <> ?1 AND (source_file = ?2 OR (?4 IS NOT NULL AND source_doc_kind = ?3 \
             AND title = ?4 AND document_date IS ?5)) ORDER BY import_seq",
        )?;
        let rows = stmt
            .query_map(
                params![
                    source.source_sha256,
                    source.source_file,
                    code(&source.source_doc_kind)?,
                    source.title,
                    source.document_date.map(|d| d.to_string()),
                ],
                |row| Ok(OldSource { source_sha256: row.get(0)?, source_file: row.get(1)?, imported_at: row.get(2)? }),
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Current sources a `koryu remove` argument names: a `source_file`
    /// exactly, or a sha256 prefix (4 hex digits at least).
    ///
    /// # Errors
    /// A query fails.
    pub fn find_current(&self, name: &str) -> anyhow::Result<Vec<OldSource>> {
        let is_prefix = name.len() >= 4 && name.chars().all(|c| c.is_ascii_hexdigit());
        let mut stmt = self.tx.prepare(
            "SELECT source_sha256, source_file, imported_at FROM sources WHERE superseded_by IS NULL \
             AND (source_file = ?1 OR (?2 AND substr(source_sha256, 1, length(?1)) = lower(?1))) ORDER BY import_seq",
        )?;
        let rows = stmt
            .query_map(params![name, is_prefix], |row| {
                Ok(OldSource { source_sha256: row.get(0)?, source_file: row.get(1)?, imported_at: row.get(2)? })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Takes a source out of the current data: its mentions and
    /// diagnostics leave the tables, its row stays with `superseded_by`
    /// (the replacing sha256, or `removed`) and `superseded_at`.
    ///
    /// # Errors
    /// A statement fails.
    pub fn supersede(&self, old_sha256: &str, by: &str, at: &str) -> anyhow::Result<()> {
        self.tx.execute(
            "UPDATE sources SET superseded_by = ?2, superseded_at = ?3 WHERE source_sha256 = ?1",
            params![old_sha256, by, at],
        )?;
        self.tx.execute("DELETE FROM mentions WHERE source_sha256 = ?1", [old_sha256])?;
        self.tx.execute("DELETE FROM diagnostics WHERE source_sha256 = ?1", [old_sha256])?;
        Ok(())
    }

    /// Every event as `event_id` → its row as JSON text, to compare before
    /// and after a recomputation.
    ///
    /// # Errors
    /// A query fails.
    pub fn event_rows(&self) -> anyhow::Result<EventRows> {
        let events = read_events(self.tx)?;
        let mut rows = EventRows::new();
        for e in &events {
            rows.insert(e.event_id.clone(), serde_json::to_string(e)?);
        }
        Ok(rows)
    }

    /// The events that hold a mention of source `sha256`.
    ///
    /// # Errors
    /// A query fails.
    pub fn events_of(&self, sha256: &str) -> anyhow::Result<BTreeSet<String>> {
        let mut stmt = self.tx.prepare("SELECT DISTINCT event_id FROM mentions WHERE source_sha256 = ?1")?;
        let ids = stmt.query_map([sha256], |row| row.get::<_, String>(0))?.collect::<Result<_, _>>()?;
        Ok(ids)
    }
}

/// Upgrades an older store to [`SCHEMA_VERSION`] inside the caller's
/// transaction, one step per version.
fn migrate(conn: &Connection, path: &Path) -> anyhow::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0))?;
    let upgrade = |sql: &str| {
        conn.execute_batch(sql).map_err(|err| {
            explain(err, path, &format!("cannot upgrade the store from schema version {version} to {SCHEMA_VERSION}"))
        })
    };
    if version < 2 {
        upgrade(MIGRATE_1_TO_2)?;
    }
    if version < 3 {
        upgrade(MIGRATE_2_TO_3)?;
    }
    if version < 4 {
        upgrade(MIGRATE_3_TO_4)?;
    }
    if version < 5 {
        upgrade(MIGRATE_4_TO_5)?;
    }
    if version < 6 {
        upgrade(MIGRATE_5_TO_6_OUT)?;
        upgrade(MENTIONS_TABLE)?;
        upgrade(EVENTS_TABLE)?;
        upgrade(&format!(
            "INSERT INTO mentions ({MENTION_COLUMNS}) SELECT {MENTION_COLUMNS} FROM mentions_v5; \
             INSERT INTO events ({EVENT_COLUMNS}) SELECT {EVENT_COLUMNS} FROM events_v5; \
             DROP TABLE mentions_v5; DROP TABLE events_v5;"
        ))?;
        upgrade(MENTIONS_INDEXES)?;
    }
    conn.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    Ok(())
}

fn source_rows(conn: &Connection, history: bool) -> anyhow::Result<Vec<SourceRow>> {
    let filter = if history { "" } else { "WHERE s.superseded_by IS NULL" };
    let mut stmt = conn.prepare(&format!(
        "SELECT s.source_sha256, s.source_file, s.source_doc_kind, s.imported_at, s.mention_count, \
         s.warning_count, s.error_count, \
         (SELECT count(DISTINCT m.event_id) FROM mentions m WHERE m.source_sha256 = s.source_sha256), \
         s.superseded_by, s.superseded_at FROM sources s {filter} \
         ORDER BY s.superseded_by IS NOT NULL, s.import_seq"
    ))?;
    let rows = stmt
        .query_map([], |row| {
            Ok(SourceRow {
                source_sha256: row.get(0)?,
                source_file: row.get(1)?,
                source_doc_kind: row.get(2)?,
                imported_at: row.get(3)?,
                mention_count: row.get(4)?,
                warning_count: row.get(5)?,
                error_count: row.get(6)?,
                event_count: row.get(7)?,
                superseded_by: row.get(8)?,
                superseded_at: row.get(9)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
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
    let mut stmt =
        conn.prepare(&format!("SELECT {SOURCE_COLUMNS} FROM sources WHERE superseded_by IS NULL ORDER BY import_seq"))?;
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
            category: from_opt_text(row, 3)?,
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
    events_where(conn, "1", &[])
}

/// The events matching `condition` (SQL over the `events` columns, its
/// values bound from `values`), in the store's order.
fn events_where(conn: &Connection, condition: &str, values: &[&dyn rusqlite::ToSql]) -> anyhow::Result<Vec<Event>> {
    let mut stmt = conn.prepare(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE {condition} ORDER BY ord"))?;
    let rows = stmt.query_map(values, |row| {
        Ok(Event {
            event_id: row.get(0)?,
            category: from_opt_text(row, 1)?,
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

    /// The other three tables, as version 1 and 2 had them.
    const OTHER_TABLES_V1: &str = "CREATE TABLE mentions (mention_id TEXT PRIMARY KEY NOT NULL, event_id TEXT NOT NULL,
        kind TEXT NOT NULL, category TEXT NOT NULL, title TEXT NOT NULL, title_raw TEXT NOT NULL, date TEXT,
        date_raw TEXT, date_precision TEXT, fiscal_year INTEGER, countries TEXT NOT NULL, header_raw TEXT, mode TEXT,
        direction TEXT, location TEXT, jp_roles TEXT NOT NULL, status TEXT NOT NULL, count INTEGER,
        count_detail TEXT, source_file TEXT NOT NULL, source_sha256 TEXT NOT NULL, source_doc_kind TEXT NOT NULL,
        section TEXT, line INTEGER NOT NULL, \"column\" INTEGER NOT NULL, sheet TEXT, import_seq INTEGER NOT NULL,
        ord INTEGER NOT NULL, occurrence INTEGER NOT NULL, byte_start INTEGER NOT NULL, byte_end INTEGER NOT NULL);
        CREATE TABLE events (event_id TEXT PRIMARY KEY NOT NULL, category TEXT NOT NULL, title TEXT NOT NULL,
        date TEXT, date_precision TEXT, fiscal_year INTEGER, countries TEXT NOT NULL, mode TEXT, direction TEXT,
        location TEXT, jp_roles TEXT NOT NULL, status TEXT NOT NULL, mention_count INTEGER NOT NULL,
        source_count INTEGER NOT NULL, first_seen TEXT NOT NULL, ord INTEGER NOT NULL);
        CREATE TABLE diagnostics (source_file TEXT NOT NULL, line INTEGER NOT NULL, \"column\" INTEGER NOT NULL,
        severity TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, excerpt TEXT NOT NULL,
        source_sha256 TEXT NOT NULL, import_seq INTEGER NOT NULL, ord INTEGER NOT NULL);";

    /// A store as koryu of schema `version` (2 to 5) left it: version 1's
    /// tables and the upgrade steps up to `version`. Dropped before return.
    fn store_at_version(path: &Path, version: i64) -> Connection {
        let conn = Connection::open(path).unwrap();
        conn.execute_batch(SOURCES_V1).unwrap();
        conn.execute_batch(OTHER_TABLES_V1).unwrap();
        let steps = [MIGRATE_1_TO_2, MIGRATE_2_TO_3, MIGRATE_3_TO_4, MIGRATE_4_TO_5];
        for step in steps.iter().take(usize::try_from(version - 1).unwrap()) {
            conn.execute_batch(step).unwrap();
        }
        conn.pragma_update(None, "user_version", version).unwrap();
        conn
    }

    #[test]
    fn a_version_1_store_is_upgraded_on_open() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("old.sqlite");
        Connection::open(&path).unwrap().execute_batch(SOURCES_V1).unwrap();
        Connection::open(&path).unwrap().execute_batch(OTHER_TABLES_V1).unwrap();

        let mut store = Store::open_for_import(&path, std::time::Duration::from_secs(1)).unwrap();
        let tx = store.begin_import(std::time::Duration::from_secs(1)).unwrap();
        tx.commit().unwrap();
        let version: i64 = store.conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        let sources = read_sources(&store.conn).unwrap();
        assert_eq!(sources.len(), 1);
        let old = sources.first().unwrap();
        assert_eq!((old.title.as_deref(), old.document_date, old.document_history.len()), (None, None, 0));
        let superseded: Option<String> =
            store.conn.query_row("SELECT superseded_by FROM sources", [], |row| row.get(0)).unwrap();
        assert_eq!(superseded, None);
    }

    #[test]
    fn a_version_2_store_is_upgraded_by_a_reader() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("v2.sqlite");
        drop(store_at_version(&path, 2));
        let store = Store::open_existing(&path).unwrap();
        let tables = store.read_tables().unwrap();
        assert_eq!(tables.sources.len(), 1);
        let version: i64 = store.conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }

    #[test]
    fn a_version_3_store_gains_the_fiscal_year_index_edition_drop_reads_by() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("v3.sqlite");
        drop(store_at_version(&path, 3));
        let mut store = Store::open_for_import(&path, std::time::Duration::from_secs(1)).unwrap();
        let tx = store.begin_import(std::time::Duration::from_secs(1)).unwrap();
        // The query names its index (INDEXED BY): without it, it fails.
        assert!(tx.edition_counts("new", 2020..=2022).unwrap().is_empty());
        let plan: Vec<String> = tx
            .tx
            .prepare("EXPLAIN QUERY PLAN SELECT 1 FROM mentions WHERE fiscal_year BETWEEN 2020 AND 2022")
            .unwrap()
            .query_map([], |row| row.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(plan.iter().any(|step| step.contains("mentions_fiscal_year")), "{plan:?}");
        tx.commit().unwrap();
    }

    #[test]
    fn a_version_5_store_keeps_its_rows_and_takes_a_null_category() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("v5.sqlite");
        let conn = store_at_version(&path, 5);
        conn.execute_batch(
            "INSERT INTO mentions VALUES ('m1', 'e1', 'event', 'high_level', '日豪防衛相会談', '日豪防衛相会談(6月)', \
             '2021-06', '6月', 'month', 2021, '[\"AU\"]', '【豪】', NULL, NULL, NULL, '[]', 'held', NULL, NULL, \
             'old.txt', 'abc', 'evaluation_table', NULL, 3, 1, NULL, 1, 0, 0, 0, 10);
             INSERT INTO events VALUES ('e1', 'high_level', '日豪防衛相会談', '2021-06', 'month', 2021, '[\"AU\"]', \
             NULL, NULL, NULL, '[]', 'held', 1, 1, 'old.txt', 0);",
        )
        .unwrap();
        drop(conn);
        let mut store = Store::open_for_import(&path, std::time::Duration::from_secs(1)).unwrap();
        let tx = store.begin_import(std::time::Duration::from_secs(1)).unwrap();
        tx.commit().unwrap();
        let tables = store.read_tables().unwrap();
        assert_eq!(tables.mentions.len(), 1);
        assert_eq!(tables.mentions.first().map(|m| m.category), Some(Some(koryu_model::Category::HighLevel)));
        assert_eq!(tables.events.first().map(|e| e.title.as_str()), Some("日豪防衛相会談"));
        store.conn.execute("UPDATE mentions SET category = NULL", []).unwrap();
        assert_eq!(store.read_tables().unwrap().mentions.first().map(|m| m.category), Some(None));
        let indexes: i64 = store
            .conn
            .query_row("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mentions'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(indexes >= 4, "{indexes} indexes on mentions");
    }
}

/// One earlier edition's count for `edition-drop`: the events its mentions
/// of one indicator section (`section`, the heading) give in one fiscal year.
#[derive(Debug, Clone)]
pub struct EditionCount {
    pub source_file: String,
    pub source_sha256: String,
    pub section: String,
    pub fiscal_year: i32,
    pub n_events: usize,
}

impl ImportTx<'_> {
    /// Per current source other than `except_sha256`, per section and
    /// fiscal year in `years` (the new file's, first to last): how many
    /// events its event mentions are in (a mention not yet grouped into an
    /// event counts as one). The fiscal-year index bounds the read to those
    /// years, whatever else the store holds.
    ///
    /// # Errors
    /// A query fails.
    pub fn edition_counts(
        &self,
        except_sha256: &str,
        years: std::ops::RangeInclusive<i32>,
    ) -> anyhow::Result<Vec<EditionCount>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT s.source_file, m.source_sha256, m.section, m.fiscal_year, \
             COUNT(DISTINCT CASE WHEN m.event_id <> '' THEN m.event_id ELSE m.mention_id END) \
             FROM mentions m INDEXED BY mentions_fiscal_year JOIN sources s ON s.source_sha256 = m.source_sha256 \
             WHERE m.fiscal_year BETWEEN ?3 AND ?4 AND s.superseded_by IS NULL AND m.source_sha256 <> ?1 \
             AND m.kind = ?2 AND m.section IS NOT NULL \
             GROUP BY m.source_sha256, m.section, m.fiscal_year ORDER BY s.import_seq, m.section, m.fiscal_year",
        )?;
        let rows = stmt
            .query_map(
                params![except_sha256, code(&koryu_model::MentionKind::Event)?, years.start(), years.end()],
                |row| {
                    Ok(EditionCount {
                        source_file: row.get(0)?,
                        source_sha256: row.get(1)?,
                        section: row.get(2)?,
                        fiscal_year: row.get(3)?,
                        n_events: row.get::<_, i64>(4).map(|n| usize::try_from(n).unwrap_or(0))?,
                    })
                },
            )?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}
