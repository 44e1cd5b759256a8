//! `koryu date`: resolve date expressions by hand, or from stdin.

use super::Outcome;
use anyhow::Context as _;
use koryu_model::{Edtf, Era, FiscalYear};
use koryu_parse::date::{self, Context, DateError, Resolved};
use std::io::{BufRead, Write};

#[derive(Debug, clap::Args)]
pub struct DateArgs {
    /// Expressions to resolve; `-` reads one expression per line from stdin.
    #[arg(required = true)]
    pub exprs: Vec<String>,
    /// The fiscal year of the section the expressions stand in: a western
    /// year (2019) or a fiscal-year expression (令和元年度).
    #[arg(long = "fiscal-year", value_name = "FY")]
    pub fiscal_year: Option<String>,
    /// The document's era (令和, R, Reiwa's letter), for 元年度, 2年度 and 同.
    #[arg(long, value_name = "ERA")]
    pub era: Option<String>,
    /// The previous resolved date (EDTF, e.g. 2017-04), for 同年, 同月, 14日.
    #[arg(long, value_name = "EDTF")]
    pub previous: Option<String>,
    /// The publication year, for 本年 and 昨年.
    #[arg(long = "publication-year", value_name = "YEAR")]
    pub publication_year: Option<i32>,
    /// Accept the era shorthand of visits tables and notice headers (`26.5`,
    /// `1 9 . 4 . 1 3`, `一部改正 2 6 . 7 . 2 5`; era from --era).
    #[arg(long)]
    pub shorthand: bool,
    /// One JSON object per line instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &DateArgs) -> anyhow::Result<Outcome> {
    let ctx = context(args)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut any_error = false;
    for expr in &args.exprs {
        if expr == "-" {
            let mut n_lines = 0usize;
            for line in std::io::stdin().lock().lines() {
                let line = line.context("cannot read expressions from stdin (is it UTF-8 text?)")?;
                any_error |= print_one(&mut out, &line, &ctx, args.json)?;
                n_lines += 1;
            }
            // Empty input is an input error under every command (exit 2).
            anyhow::ensure!(n_lines > 0, "stdin is empty: no expression to resolve");
        } else {
            any_error |= print_one(&mut out, expr, &ctx, args.json)?;
        }
    }
    out.flush()?;
    Ok(if any_error { Outcome::Errors } else { Outcome::Success })
}

/// The resolver context from the command-line options.
fn context(args: &DateArgs) -> anyhow::Result<Context> {
    let mut ctx =
        Context { era_month_shorthand: args.shorthand, publication_year: args.publication_year, ..Context::default() };
    if let Some(era) = &args.era {
        let era = Era::from_name(era.trim())
            .with_context(|| format!("--era {era:?}: not an era (明治 大正 昭和 平成 令和 or M T S H R)"))?;
        ctx.document_era = Some(era);
        ctx.previous_era = Some(era);
    }
    if let Some(fy) = &args.fiscal_year {
        let fy_value = match fy.trim().parse::<i32>() {
            Ok(year) => FiscalYear(year),
            Err(_) => date::resolve(fy, &ctx)
                .ok()
                .and_then(|r| r.fiscal_year)
                .with_context(|| format!("--fiscal-year {fy:?}: not a year or fiscal year (2019, 令和元年度)"))?,
        };
        ctx.fiscal_year = Some(fy_value);
    }
    if let Some(prev) = &args.previous {
        let date = Edtf::parse(prev.trim())
            .and_then(|e| e.first_date())
            .with_context(|| format!("--previous {prev:?}: not an EDTF date"))?;
        ctx.previous_date = Some(date);
    }
    Ok(ctx)
}

/// Prints one expression's result; returns whether it was an error.
fn print_one(out: &mut impl Write, expr: &str, ctx: &Context, json: bool) -> anyhow::Result<bool> {
    let result = date::resolve(expr, ctx);
    if json {
        writeln!(out, "{}", json_line(expr, &result))?;
    } else {
        writeln!(out, "{}", text_line(expr, &result))?;
    }
    Ok(result.is_err())
}

fn fiscal_text(r: &Resolved) -> Option<String> {
    match (r.fiscal_year, r.fiscal_year_end) {
        (Some(a), Some(b)) => Some(format!("FY{}/FY{}", a.0, b.0)),
        (Some(a), None) => Some(format!("FY{}", a.0)),
        _ => None,
    }
}

/// `令和元年度\tFY2019\tfiscal_year`, `3月～5月\t2019-03/2019-05\tmonth\trange-crosses-fiscal-year`,
/// `13月\terror\tinvalid-date: …`.
fn text_line(expr: &str, result: &Result<Resolved, DateError>) -> String {
    match result {
        Ok(r) => {
            let value = r.date.map(|d| d.to_string()).or_else(|| fiscal_text(r)).unwrap_or_default();
            let mut line = format!("{expr}\t{value}\t{}", r.precision.as_str());
            if !r.notes.is_empty() {
                let notes: Vec<&str> = r.notes.iter().map(|n| n.code().as_str()).collect();
                line.push('\t');
                line.push_str(&notes.join(","));
            }
            line
        }
        Err(e) => format!("{expr}\terror\t{}: {e}", e.code_str()),
    }
}

/// One `--json` line; fields in the documented order.
#[derive(serde::Serialize)]
struct JsonLine<'a> {
    input: &'a str,
    date: Option<String>,
    precision: Option<&'static str>,
    fiscal_year: Option<i32>,
    /// Only for a fiscal-year range (平成31年度～平成35年度).
    #[serde(skip_serializing_if = "Option::is_none")]
    fiscal_year_end: Option<i32>,
    notes: Vec<&'static str>,
    error: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
}

fn json_line(expr: &str, result: &Result<Resolved, DateError>) -> String {
    let line = match result {
        Ok(r) => JsonLine {
            input: expr,
            date: r.date.map(|d| d.to_string()),
            precision: Some(r.precision.as_str()),
            fiscal_year: r.fiscal_year.map(|f| f.0),
            fiscal_year_end: r.fiscal_year_end.map(|f| f.0),
            notes: r.notes.iter().map(|n| n.code().as_str()).collect(),
            error: None,
            message: None,
        },
        Err(e) => JsonLine {
            input: expr,
            date: None,
            precision: None,
            fiscal_year: None,
            fiscal_year_end: None,
            notes: Vec::new(),
            error: Some(e.code_str()),
            message: Some(e.to_string()),
        },
    };
    // OK because the struct holds only strings, numbers and lists.
    serde_json::to_string(&line).unwrap_or_default()
}
