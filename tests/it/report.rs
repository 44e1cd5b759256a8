//! `koryu report`: the HTML page over the samples (each chart's SVG and its
//! table with the store's numbers), escaping of hostile source names,
//! determinism, the empty store and `--out` a directory.

use crate::cli::{all_sample_files, copy_in, koryu, stderr};
use std::path::Path;

/// The rows of the table with `id`, each as its cell texts (tags stripped).
fn table_rows(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html.find(&format!("<table id=\"{id}\">")).unwrap_or_else(|| panic!("no table {id}"));
    let rest = &html[start..];
    let body = &rest[..rest.find("</table>").unwrap()];
    body.split("<tr>").skip(1).map(cells).collect()
}

/// The texts of the `<td>`/`<th>` cells of one row.
fn cells(row: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = row;
    while let Some(open) = rest.find("<t") {
        let after = &rest[open..];
        let (Some(gt), Some(close)) = (after.find('>'), after.find("</t")) else { break };
        if gt < close {
            out.push(strip_tags(&after[gt + 1..close]));
        }
        rest = &after[close + 3..];
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_owned()
}

fn import_samples(dir: &Path) {
    let names: Vec<String> =
        all_sample_files().iter().map(|p| copy_in(dir, p, p.file_name().unwrap().to_str().unwrap())).collect();
    let mut args = vec!["import", "-q"];
    args.extend(names.iter().map(String::as_str));
    let out = koryu(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

fn report(dir: &Path, out: &str) -> String {
    let run = koryu(dir, &["report", "--out", out]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    std::fs::read_to_string(dir.join(out)).unwrap()
}

fn sql_pairs(dir: &Path, sql: &str) -> Vec<(String, i64)> {
    let conn = rusqlite::Connection::open(dir.join("koryu.sqlite")).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).unwrap().map(Result::unwrap).collect()
}

#[test]
fn report_of_the_samples_has_every_chart_and_the_stores_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    import_samples(dir);
    let html = report(dir, "report.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Three plotters charts (fiscal year × category, timeline, sources) and
    // nothing fetched from elsewhere.
    assert_eq!(html.matches("<svg ").count(), 3, "{html}");
    assert!(
        !html.contains("http://")
            || html.matches("http://").count() == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(!html.contains("https://") && !html.contains("<script") && !html.contains("<link"));
    assert!(html.contains("Noto Sans CJK JP"));
    assert!(html.contains("ハイレベル交流"), "Japanese category labels in the legend and table");

    // 1. Per category totals (last cell of each row) are the SQL counts.
    let by_cat = sql_pairs(dir, "SELECT category, COUNT(*) FROM events GROUP BY category ORDER BY category");
    assert!(!by_cat.is_empty());
    let rows = table_rows(&html, "table-fiscal-year-category");
    for (cat, n) in &by_cat {
        let row = rows
            .iter()
            .find(|r| r.first().is_some_and(|c| c.ends_with(&format!("({cat})"))))
            .unwrap_or_else(|| panic!("no row {cat}: {rows:?}"));
        assert_eq!(row.last().unwrap(), &n.to_string(), "{cat}: {row:?}");
    }
    let total: i64 = by_cat.iter().map(|p| p.1).sum();
    assert_eq!(rows.last().unwrap().last().unwrap(), &total.to_string());
    // Per fiscal year: the column sums of the 計 row.
    let by_fy = sql_pairs(dir, "SELECT 'FY' || fiscal_year, COUNT(*) FROM events WHERE fiscal_year IS NOT NULL GROUP BY fiscal_year ORDER BY fiscal_year");
    let header = rows.first().unwrap();
    let totals = rows.last().unwrap();
    for (fy, n) in &by_fy {
        let col = header.iter().position(|h| h == fy).unwrap_or_else(|| panic!("no column {fy}: {header:?}"));
        assert_eq!(totals.get(col).unwrap(), &n.to_string(), "{fy}");
    }

    // 2. Top counterparts: the totals per country.
    let by_country = sql_pairs(
        dir,
        "SELECT j.value, COUNT(DISTINCT e.event_id) FROM events e, json_each(e.countries) j GROUP BY j.value ORDER BY 2 DESC, 1 LIMIT 12",
    );
    assert!(!by_country.is_empty());
    let rows = table_rows(&html, "table-top-counterparts");
    assert_eq!(rows.len(), by_country.len() + 1);
    for ((c, n), row) in by_country.iter().zip(rows.iter().skip(1)) {
        assert_eq!(row.first().unwrap(), c);
        assert_eq!(row.last().unwrap(), &n.to_string(), "{c}");
    }

    // 3. Timeline: dated events per country.
    let dated = sql_pairs(
        dir,
        "SELECT j.value, COUNT(DISTINCT e.event_id) FROM events e, json_each(e.countries) j WHERE e.date IS NOT NULL GROUP BY j.value",
    );
    let rows = table_rows(&html, "table-timeline");
    for row in rows.iter().skip(1) {
        let want = dated.iter().find(|(c, _)| c == row.first().unwrap()).map_or(0, |p| p.1);
        assert_eq!(row.get(1).unwrap(), &want.to_string(), "{row:?}");
    }

    // 4. Sources: line coverage, mentions and diagnostics per source.
    let mentions = sql_pairs(
        dir,
        "SELECT source_file, mention_count FROM sources WHERE superseded_by IS NULL ORDER BY import_seq",
    );
    let diags = sql_pairs(dir, "SELECT source_file, COUNT(*) FROM diagnostics GROUP BY source_file");
    let structure = sql_pairs(
        dir,
        "SELECT source_file, json_extract(coverage, '$.structure') FROM sources WHERE superseded_by IS NULL",
    );
    let rows = table_rows(&html, "table-sources");
    assert_eq!(rows.len(), mentions.len() + 1);
    for ((file, n), row) in mentions.iter().zip(rows.iter().skip(1)) {
        assert_eq!(row.get(1).unwrap(), file);
        let cell = |k: usize| row.get(k).unwrap().parse::<i64>().unwrap();
        // Every non-blank line is a mention's, structure or unparsed.
        assert_eq!(cell(3), cell(4) + cell(5) + cell(6), "{file}");
        assert!(cell(3) > 0, "{file}");
        let s = structure.iter().find(|(f, _)| f == file).map_or(-1, |p| p.1);
        assert_eq!(cell(5), s, "{file}");
        assert_eq!(cell(7), *n, "{file}");
        let d = diags.iter().find(|(f, _)| f == file).map_or(0, |p| p.1);
        assert_eq!(cell(8), d, "{file}");
    }
    let by_code = sql_pairs(dir, "SELECT code, COUNT(*) FROM diagnostics GROUP BY code");
    let rows = table_rows(&html, "table-diagnostics");
    for (code, n) in &by_code {
        let sum: i64 =
            rows.iter().filter(|r| r.get(2) == Some(code)).map(|r| r.get(3).unwrap().parse::<i64>().unwrap()).sum();
        assert_eq!(sum, *n, "{code}");
    }
}

#[test]
fn report_escapes_hostile_source_names() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A file name cannot hold "/", so no closing tag; the opening one is the threat.
    let hostile = "<script>alert(1)<b>&\"'.txt";
    copy_in(
        dir,
        &std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/report/hostile-name.txt"),
        hostile,
    );
    let out = koryu(dir, &["import", "-q", hostile]);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let html = report(dir, "report.html");
    assert!(!html.contains("<script"), "raw markup in the page");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;b&gt;&amp;&quot;&#39;.txt"), "{html}");
}

#[test]
fn report_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    import_samples(dir);
    let a = report(dir, "a.html");
    let b = report(dir, "b.html");
    assert_eq!(a, b);
    // Writing over an existing report replaces it whole, leaving no temp file.
    let c = report(dir, "a.html");
    assert_eq!(a, c);
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn report_of_an_empty_store_says_nothing_yet() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    import_samples(dir);
    for f in all_sample_files() {
        let name = f.file_name().unwrap().to_str().unwrap().to_owned();
        let out = koryu(dir, &["remove", &name]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let html = report(dir, "empty.html");
    assert!(html.contains("nothing yet"), "{html}");
    assert!(html.ends_with("</html>\n"));
    assert!(!html.contains("<svg"));
}

#[test]
fn report_out_a_directory_is_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    import_samples(dir);
    std::fs::create_dir(dir.join("somewhere")).unwrap();
    let out = koryu(dir, &["report", "--out", "somewhere"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("is a directory"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let missing = koryu(dir, &["report", "--db", "nope.sqlite", "--out", "r.html"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(!dir.join("r.html").exists());
}
