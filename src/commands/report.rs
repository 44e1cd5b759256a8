//! `koryu report`: one self-contained HTML file (inline CSS, inline SVG
//! charts drawn by plotters' SVG backend, no network) with the store's
//! exchanges per fiscal year and category, the top counterparts per year, a
//! per-country timeline and per-source line coverage, mentions and diagnostics, each chart
//! beside a table of the same numbers.

use super::Outcome;
use crate::store::Store;
use anyhow::{anyhow, bail, Context as _};
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The HTML file to write (replaced atomically; not a directory).
    #[arg(long, value_hint = clap::ValueHint::FilePath)]
    pub out: PathBuf,
    /// The SQLite store to read (must exist); $KORYU_DB when not given.
    #[arg(long, env = "KORYU_DB", default_value = "koryu.sqlite", value_hint = clap::ValueHint::FilePath)]
    pub db: PathBuf,
}

/// The taxonomy's categories in its order, with their Japanese labels
/// (../shared/spec/taxonomy.md), so the legend reads in Japanese.
const CATEGORIES: &[(&str, &str)] = &[
    ("high_level", "ハイレベル交流"),
    ("working_level", "実務者交流・定期協議"),
    ("unit_exchange", "部隊間交流"),
    ("education", "留学生の交換"),
    ("research", "研究交流"),
    ("multilateral_dialogue", "多国間安全保障対話"),
    ("exercise", "共同訓練・演習"),
    ("capacity_building", "能力構築支援"),
    ("equipment_technology", "装備・技術交流・協力"),
    ("information_exchange", "情報交換"),
    ("agreement", "協定・覚書・取決め"),
    ("budget", "達成手段の予算額・執行額"),
];

const PALETTE: &[RGBColor] = &[
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
    RGBColor(57, 59, 121),
    RGBColor(173, 73, 74),
];

const FONTS: &str =
    "\"Noto Sans CJK JP\", \"Noto Sans JP\", \"IPAexGothic\", \"Hiragino Sans\", \"Yu Gothic\", \"Meiryo\", sans-serif";

/// How many counterparts the per-year table and the timeline show.
const TOP_COUNTRIES: usize = 12;

/// Escapes text for HTML element content and quoted attribute values (and
/// SVG text): every source string goes through here.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn palette(i: usize) -> RGBColor {
    PALETTE.get(i % PALETTE.len()).copied().unwrap_or(BLACK)
}

fn category_label(code: &str) -> &str {
    if code.is_empty() {
        // Events from a table that named no indicator.
        return "区分なし";
    }
    CATEGORIES.iter().find(|(c, _)| *c == code).map_or(code, |(_, l)| l)
}

/// A label for inside an SVG chart: country codes and our own labels only,
/// kept to a safe alphabet so no source text reaches the SVG unescaped.
fn chart_safe(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}

/// One current source as the report shows it.
struct SourceRow {
    file: String,
    kind: String,
    mentions: i64,
    warnings: i64,
    errors: i64,
    /// How its lines were read; `None` for a source imported before the
    /// store kept it (schema version 5).
    coverage: Option<crate::store::LineCounts>,
}

/// Everything the report shows, read from the store in stable orders.
struct Data {
    /// (fiscal year or None, category) → events.
    fy_cat: BTreeMap<(Option<i64>, String), i64>,
    /// (country, fiscal year or None) → events naming it.
    country_fy: BTreeMap<(String, Option<i64>), i64>,
    /// country → events naming it (all years).
    country_total: BTreeMap<String, i64>,
    /// (country, date as a fractional year) of every dated event.
    country_dates: Vec<(String, f64)>,
    /// Current sources in import order.
    sources: Vec<SourceRow>,
    /// (source file, code) → diagnostics.
    diag: BTreeMap<(String, String), i64>,
    events: i64,
}

fn read_data(store: &Store) -> anyhow::Result<Data> {
    let conn = store.connection();
    let ctx = "cannot read the store for the report";
    let mut fy_cat = BTreeMap::new();
    let mut stmt =
        conn.prepare("SELECT fiscal_year, COALESCE(category, ''), COUNT(*) FROM events GROUP BY 1, 2").context(ctx)?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
    for row in rows {
        let (fy, cat, n) = row.context(ctx)?;
        fy_cat.insert((fy, cat), n);
    }
    let events: i64 = conn.query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0)).context(ctx)?;
    let mut country_fy = BTreeMap::new();
    let mut country_total: BTreeMap<String, i64> = BTreeMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT j.value, e.fiscal_year, COUNT(DISTINCT e.event_id) FROM events e, json_each(e.countries) j \
             GROUP BY j.value, e.fiscal_year",
        )
        .context(ctx)?;
    let rows =
        stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<i64>>(1)?, r.get::<_, i64>(2)?)))?;
    for row in rows {
        let (c, fy, n) = row.context(ctx)?;
        *country_total.entry(c.clone()).or_default() += n;
        country_fy.insert((c, fy), n);
    }
    let mut country_dates = Vec::new();
    let mut stmt = conn
        .prepare(
            "SELECT DISTINCT j.value, e.date, e.event_id FROM events e, json_each(e.countries) j \
             WHERE e.date IS NOT NULL ORDER BY j.value, e.date, e.event_id",
        )
        .context(ctx)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (c, date) = row.context(ctx)?;
        if let Some(x) = fractional_year(&date) {
            country_dates.push((c, x));
        }
    }
    let mut sources = Vec::new();
    let mut stmt = conn
        .prepare(
            "SELECT source_file, source_doc_kind, mention_count, warning_count, error_count, coverage FROM sources \
             WHERE superseded_by IS NULL ORDER BY import_seq",
        )
        .context(ctx)?;
    let rows = stmt.query_map([], |r| {
        let coverage: Option<String> = r.get(5)?;
        Ok(SourceRow {
            file: r.get(0)?,
            kind: r.get(1)?,
            mentions: r.get(2)?,
            warnings: r.get(3)?,
            errors: r.get(4)?,
            coverage: coverage.and_then(|c| serde_json::from_str(&c).ok()),
        })
    })?;
    for row in rows {
        sources.push(row.context(ctx)?);
    }
    let mut diag = BTreeMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT s.source_file, d.code, COUNT(*) FROM diagnostics d JOIN sources s USING (source_sha256) \
             WHERE s.superseded_by IS NULL GROUP BY s.source_file, d.code",
        )
        .context(ctx)?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?)))?;
    for row in rows {
        let (f, code, n) = row.context(ctx)?;
        diag.insert((f, code), n);
    }
    Ok(Data { fy_cat, country_fy, country_total, country_dates, sources, diag, events })
}

/// The start of an EDTF date (`2019`, `2019-10`, `2019-10-03`, an interval's
/// first half) as a fractional year; None when it does not start with a year.
fn fractional_year(edtf: &str) -> Option<f64> {
    let year: f64 = edtf.get(..4)?.parse::<u16>().ok()?.into();
    let month: f64 = edtf
        .get(5..7)
        .and_then(|m| m.parse::<u8>().ok())
        .filter(|m| (1..=12).contains(m))
        .map_or(6.0, |m| f64::from(m) - 0.5);
    Some(year + month / 12.0)
}

fn fy_label(fy: Option<i64>) -> String {
    fy.map_or_else(|| "(なし)".to_owned(), |y| format!("FY{y}"))
}

fn plot_err<E: std::fmt::Debug>(err: E) -> anyhow::Error {
    anyhow!("cannot draw a chart of the report: {err:?}")
}

/// Chart 1: events per fiscal year stacked by category.
fn chart_fy_category(data: &Data, years: &[i64], cats: &[String]) -> anyhow::Result<String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let totals: Vec<i64> = years
            .iter()
            .map(|y| cats.iter().map(|c| data.fy_cat.get(&(Some(*y), c.clone())).copied().unwrap_or(0)).sum())
            .collect();
        let max = totals.iter().copied().max().unwrap_or(0).max(1) as f64;
        let n = years.len().max(1) as f64;
        let labels: Vec<String> = years.iter().map(|y| format!("{y}")).collect();
        // The y range leaves the upper half free, so the twelve-entry legend
        // never hides a bar (text is only estimated without a font library).
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .caption("年度別・区分別の交流件数", ("sans-serif", 18))
            .x_label_area_size(30)
            .y_label_area_size(40)
            .right_y_label_area_size(0)
            .build_cartesian_2d(-0.5f64..(n - 0.5), 0f64..(max * 2.2))
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(years.len().max(1))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() > 0.01 || i < 0.0 {
                    return String::new();
                }
                labels.get(i as usize).cloned().unwrap_or_default()
            })
            .y_desc("件数")
            .x_desc("年度")
            .draw()
            .map_err(plot_err)?;
        let mut base = vec![0f64; years.len()];
        for (ci, cat) in cats.iter().enumerate() {
            let color = palette(CATEGORIES.iter().position(|(c, _)| c == cat).unwrap_or(ci));
            let mut rects = Vec::new();
            for (yi, y) in years.iter().enumerate() {
                let v = data.fy_cat.get(&(Some(*y), cat.clone())).copied().unwrap_or(0) as f64;
                let b = base.get(yi).copied().unwrap_or(0.0);
                if v > 0.0 {
                    rects.push(Rectangle::new([(yi as f64 - 0.4, b), (yi as f64 + 0.4, b + v)], color.filled()));
                }
                if let Some(slot) = base.get_mut(yi) {
                    *slot = b + v;
                }
            }
            chart
                .draw_series(rects)
                .map_err(plot_err)?
                .label(format!("{} ({})", category_label(cat), chart_safe(cat)))
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled()));
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperLeft)?;
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

/// The legend box every chart draws the same way.
fn draw_legend<'a, CT: plotters::coord::CoordTranslate>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, CT>,
    position: SeriesLabelPosition,
) -> anyhow::Result<()> {
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(plot_err)
}

/// Chart 3: one row per counterpart, one mark per dated event.
fn chart_timeline(data: &Data, top: &[String]) -> anyhow::Result<String> {
    let marks: Vec<(usize, f64)> =
        data.country_dates.iter().filter_map(|(c, x)| top.iter().position(|t| t == c).map(|i| (i, *x))).collect();
    let lo = marks.iter().map(|m| m.1).fold(f64::INFINITY, f64::min);
    let hi = marks.iter().map(|m| m.1).fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() && hi.is_finite() { (lo.floor(), hi.floor() + 1.0) } else { (2000.0, 2001.0) };
    let mut svg = String::new();
    {
        let rows = top.len().max(1);
        let root = SVGBackend::with_string(&mut svg, (900, (60 + 28 * rows) as u32)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let names: Vec<String> = top.iter().map(|c| chart_safe(c)).collect();
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .caption("相手国別の時系列 (1件ごとに1点)", ("sans-serif", 18))
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(lo..hi, -0.5f64..(rows as f64 - 0.5))
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .y_labels(rows)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() > 0.01 || i < 0.0 {
                    return String::new();
                }
                names.get(i as usize).cloned().unwrap_or_default()
            })
            .x_label_formatter(&|x| format!("{x:.0}"))
            .x_desc("年")
            .draw()
            .map_err(plot_err)?;
        chart
            .draw_series(marks.iter().map(|(i, x)| Circle::new((*x, *i as f64), 4, palette(*i).mix(0.6).filled())))
            .map_err(plot_err)?;
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

/// Per source, its non-blank lines stacked by how they were read:
/// mention, structure, unparsed (`unparsed-text`).
fn chart_sources(data: &Data) -> anyhow::Result<String> {
    let counts: Vec<[u64; 3]> =
        data.sources.iter().map(|s| s.coverage.map_or([0; 3], |c| [c.mention, c.structure, c.unparsed])).collect();
    let max = counts.iter().map(|c| c.iter().sum::<u64>()).max().unwrap_or(0).max(1) as f64;
    let n = counts.len().max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, 380)).into_drawing_area();
        root.fill(&WHITE).map_err(plot_err)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .caption("資料別の行の読み取り (番号は表の番号)", ("sans-serif", 18))
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..(max * 1.3))
            .map_err(plot_err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n.min(40))
            .x_label_formatter(&|x| {
                let i = x.round();
                if (x - i).abs() > 0.01 || i < 0.0 {
                    return String::new();
                }
                format!("{}", i as usize + 1)
            })
            .y_desc("行数 (non-blank lines)")
            .draw()
            .map_err(plot_err)?;
        let names = ["言及 (mention)", "構造 (structure)", "未解析 (unparsed)"];
        for (k, name) in names.iter().enumerate() {
            let colour = palette([0, 2, 3].get(k).copied().unwrap_or(0));
            let bars = counts.iter().enumerate().map(|(i, c)| {
                let below: u64 = c.iter().take(k).sum();
                let top = below + c.get(k).copied().unwrap_or(0);
                Rectangle::new([(i as f64 - 0.35, below as f64), (i as f64 + 0.35, top as f64)], colour.filled())
            });
            chart
                .draw_series(bars)
                .map_err(plot_err)?
                .label(*name)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled()));
        }
        draw_legend(&mut chart, SeriesLabelPosition::UpperRight)?;
        root.present().map_err(plot_err)?;
    }
    Ok(svg)
}

/// The whole page.
fn render(data: &Data) -> anyhow::Result<String> {
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n<title>koryu report</title>\n<style>\n\
         body {{ font-family: {FONTS}; margin: 2em; color: #222; }}\n\
         svg text {{ font-family: {FONTS} !important; }}\n\
         section {{ margin-bottom: 3em; }}\n\
         .pair {{ display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }}\n\
         table {{ border-collapse: collapse; font-size: 0.85em; }}\n\
         th, td {{ border: 1px solid #bbb; padding: 2px 6px; }}\n\
         td.n {{ text-align: right; font-variant-numeric: tabular-nums; }}\n\
         code {{ font-size: 0.9em; }}\n\
         </style>\n</head>\n<body>\n<h1>防衛交流 koryu レポート</h1>\n"
    );
    if data.events == 0 && data.sources.is_empty() {
        h.push_str("<p>このストアにはまだ何もありません (nothing yet: the store has no sources and no events; run <code>koryu import</code> first).</p>\n</body>\n</html>\n");
        return Ok(h);
    }
    let _ = writeln!(h, "<p>事象 (events): {} · 資料 (current sources): {}</p>", data.events, data.sources.len());

    // 1. fiscal year × category.
    let years: Vec<i64> = {
        let mut y: Vec<i64> = data.fy_cat.keys().filter_map(|(fy, _)| *fy).collect();
        y.dedup();
        y
    };
    let cats: Vec<String> = {
        let mut present: Vec<String> = data.fy_cat.keys().map(|(_, c)| c.clone()).collect();
        present.sort();
        present.dedup();
        let mut ordered: Vec<String> =
            CATEGORIES.iter().map(|(c, _)| (*c).to_owned()).filter(|c| present.contains(c)).collect();
        ordered.extend(present.into_iter().filter(|c| !CATEGORIES.iter().any(|(k, _)| k == c)));
        ordered
    };
    let mut fys: Vec<Option<i64>> = years.iter().map(|y| Some(*y)).collect();
    if data.fy_cat.keys().any(|(fy, _)| fy.is_none()) {
        fys.push(None);
    }
    h.push_str("<section id=\"fiscal-year-category\">\n<h2>1. 年度別・区分別の交流件数 (events per fiscal year by category)</h2>\n<p>Events without a fiscal year are in the table's (なし) column, not in the chart.</p>\n<div class=\"pair\">\n");
    h.push_str(&chart_fy_category(data, &years, &cats)?);
    // The chart has an axis of years; events without one are counted in the
    // table's (なし) column only.
    h.push_str("\n<table id=\"table-fiscal-year-category\">\n<tr><th>区分 (code)</th>");
    for fy in &fys {
        let _ = write!(h, "<th>{}</th>", escape(&fy_label(*fy)));
    }
    h.push_str("<th>計</th></tr>\n");
    for cat in &cats {
        let _ = write!(h, "<tr><th>{} (<code>{}</code>)</th>", escape(category_label(cat)), escape(cat));
        let mut total = 0;
        for fy in &fys {
            let n = data.fy_cat.get(&(*fy, cat.clone())).copied().unwrap_or(0);
            total += n;
            let _ = write!(h, "<td class=\"n\">{n}</td>");
        }
        let _ = writeln!(h, "<td class=\"n\">{total}</td></tr>");
    }
    h.push_str("<tr><th>計</th>");
    for fy in &fys {
        let n: i64 = cats.iter().map(|c| data.fy_cat.get(&(*fy, c.clone())).copied().unwrap_or(0)).sum();
        let _ = write!(h, "<td class=\"n\">{n}</td>");
    }
    let _ = writeln!(h, "<td class=\"n\">{}</td></tr>\n</table>\n</div>\n</section>", data.events);

    // 2. top counterparts per fiscal year (heat table).
    let mut top: Vec<(String, i64)> = data.country_total.iter().map(|(c, n)| (c.clone(), *n)).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    top.truncate(TOP_COUNTRIES);
    let top_names: Vec<String> = top.iter().map(|t| t.0.clone()).collect();
    let mut cfys: Vec<Option<i64>> = data.country_fy.keys().map(|(_, fy)| *fy).collect();
    // Years in order, events without a fiscal year last (as in table 1).
    cfys.sort_by_key(|fy| (fy.is_none(), *fy));
    cfys.dedup();
    let heat_max =
        data.country_fy.iter().filter(|((c, _), _)| top_names.contains(c)).map(|(_, n)| *n).max().unwrap_or(1).max(1);
    h.push_str(
        "<section id=\"top-counterparts\">\n<h2>2. 主な相手国・年度別 (top counterparts per fiscal year)</h2>\n",
    );
    if top.is_empty() {
        h.push_str("<p>相手国のある事象はまだありません (no event names a counterpart yet).</p>\n");
    } else {
        h.push_str("<table id=\"table-top-counterparts\">\n<tr><th>相手国</th>");
        for fy in &cfys {
            let _ = write!(h, "<th>{}</th>", escape(&fy_label(*fy)));
        }
        h.push_str("<th>計</th></tr>\n");
        for (c, total) in &top {
            let _ = write!(h, "<tr><th>{}</th>", escape(c));
            for fy in &cfys {
                let n = data.country_fy.get(&(c.clone(), *fy)).copied().unwrap_or(0);
                // Heat: the cell's share of the largest cell, as blue alpha.
                let alpha = (n * 100 / heat_max) as f64 / 100.0 * 0.8;
                let _ = write!(h, "<td class=\"n\" style=\"background: rgba(31,119,180,{alpha:.2})\">{n}</td>");
            }
            let _ = writeln!(h, "<td class=\"n\">{total}</td></tr>");
        }
        h.push_str("</table>\n");
    }
    h.push_str("</section>\n");

    // 3. timeline.
    h.push_str(
        "<section id=\"timeline\">\n<h2>3. 相手国別の時系列 (per-country timeline)</h2>\n<div class=\"pair\">\n",
    );
    if top.is_empty() {
        h.push_str("<p>相手国のある事象はまだありません (no event names a counterpart yet).</p>\n");
    } else {
        h.push_str(&chart_timeline(data, &top_names)?);
        h.push_str("\n<table id=\"table-timeline\">\n<tr><th>相手国</th><th>日付のある事象</th><th>最初</th><th>最後</th></tr>\n");
        for c in &top_names {
            let xs: Vec<f64> = data.country_dates.iter().filter(|(k, _)| k == c).map(|(_, x)| *x).collect();
            let first = xs.iter().copied().fold(f64::INFINITY, f64::min);
            let last = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let show = |x: f64| if x.is_finite() { format!("{:.0}", x.floor()) } else { "—".to_owned() };
            let _ = writeln!(
                h,
                "<tr><th>{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(c),
                xs.len(),
                show(first),
                show(last)
            );
        }
        h.push_str("</table>\n");
    }
    h.push_str("</div>\n</section>\n");

    // 4. sources.
    h.push_str("<section id=\"sources\">\n<h2>4. 資料別の言及と診断 (per source: mentions and diagnostics)</h2>\n");
    h.push_str(
        "<p>Every non-blank line of a source is covered by a mention, read as structure (headings, headers, \
         boilerplate) or reported as <code>unparsed-text</code>. A source imported by a koryu before the store \
         kept this shows <code>—</code>; import it again to see it.</p>\n<div class=\"pair\">\n",
    );
    if !data.sources.is_empty() {
        h.push_str(&chart_sources(data)?);
    }
    h.push_str("\n<table id=\"table-sources\">\n<tr><th>#</th><th>資料 (source_file)</th><th>kind</th><th>non-blank lines</th><th>mention</th><th>structure</th><th>unparsed</th><th>mentions</th><th>diagnostics</th><th>warnings</th><th>errors</th></tr>\n");
    for (i, src) in data.sources.iter().enumerate() {
        let total: i64 = data.diag.iter().filter(|((f, _), _)| *f == src.file).map(|(_, n)| *n).sum();
        let lines = src.coverage.map_or_else(
            || "<td class=\"n\">—</td>".repeat(4),
            |c| {
                format!(
                    "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                    c.non_blank, c.mention, c.structure, c.unparsed
                )
            },
        );
        let _ = writeln!(
            h,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td>{lines}<td class=\"n\">{}</td><td class=\"n\">{total}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            i + 1,
            escape(&src.file),
            escape(&src.kind),
            src.mentions,
            src.warnings,
            src.errors
        );
    }
    h.push_str("</table>\n</div>\n<h3>診断コード別 (diagnostics by code)</h3>\n<table id=\"table-diagnostics\">\n<tr><th>#</th><th>資料</th><th>code</th><th>count</th></tr>\n");
    for (i, SourceRow { file, .. }) in data.sources.iter().enumerate() {
        for ((f, code), n) in data.diag.range((file.clone(), String::new())..) {
            if f != file {
                break;
            }
            let _ = writeln!(
                h,
                "<tr><td class=\"n\">{}</td><td>{}</td><td><code>{}</code></td><td class=\"n\">{n}</td></tr>",
                i + 1,
                escape(file),
                escape(code)
            );
        }
    }
    h.push_str("</table>\n</section>\n</body>\n</html>\n");
    Ok(h)
}

/// Writes `bytes` beside `out` and renames it into place, so a killed run
/// leaves the old report or none, never half of one.
fn write_atomic(out: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let shown = out.display();
    if out.is_dir() {
        bail!("cannot write the report to {shown}: it is a directory; give --out a file such as report.html");
    }
    let name = out
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("cannot write the report to {shown}: give --out a file name such as report.html"))?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("cannot create the directory {}", parent.display()))?;
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let written = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, out)
    })();
    if let Err(err) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(anyhow!("cannot write the report to {shown}: {err}"));
    }
    Ok(())
}

/// Reads the store, renders the page and writes it.
pub fn run(args: &ReportArgs) -> anyhow::Result<Outcome> {
    if args.out.is_dir() {
        bail!(
            "cannot write the report to {}: it is a directory; give --out a file such as report.html",
            args.out.display()
        );
    }
    let store = Store::open_existing(&args.db)?;
    let data = read_data(&store)?;
    let html = render(&data)?;
    write_atomic(&args.out, html.as_bytes())?;
    crate::render::note(format_args!(
        "wrote {} ({} events, {} sources)",
        args.out.display(),
        data.events,
        data.sources.len()
    ));
    Ok(Outcome::Success)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup() {
        assert_eq!(
            escape("<script>alert(\"x&y\")</script> 'q'"),
            "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt; &#39;q&#39;"
        );
        assert_eq!(escape("日米防衛相会談"), "日米防衛相会談");
    }

    #[test]
    fn fractional_year_reads_edtf_starts() {
        assert_eq!(fractional_year("2019"), Some(2019.5));
        assert_eq!(fractional_year("2019-01"), Some(2019.0 + 0.5 / 12.0));
        assert_eq!(fractional_year("2019-12-03/2020-01"), Some(2019.0 + 11.5 / 12.0));
        assert_eq!(fractional_year("XX"), None);
    }

    #[test]
    fn chart_labels_keep_a_safe_alphabet() {
        assert_eq!(chart_safe("<b>AU</b>"), "bAUb");
    }
}
