//! Structural damage (issue 15): a lost indicator heading, a lost country header, a cut file, a next-year table with a category gone, and the look-alikes that must stay quiet.

use koryu_model::{Category, Code, Diagnostic, Mention};
use koryu_parse::{parse_source, SourceMeta};
use std::path::PathBuf;
use std::process::Command;

const STRUCTURAL: [Code; 3] = [Code::MissingSection, Code::SectionRestart, Code::HeaderContradictsTitle];

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn parse(relative: &str) -> (Vec<Mention>, Vec<Diagnostic>) {
    let bytes = std::fs::read(repo_root().join(relative)).unwrap();
    let meta = SourceMeta { source_file: relative.to_owned(), ..SourceMeta::default() };
    let extracted = parse_source(&bytes, &meta).unwrap();
    (extracted.mentions, extracted.diagnostics)
}

/// The structural findings of a fixture as (code, line), in line order.
fn structural(relative: &str) -> Vec<(Code, u32)> {
    let (_, diagnostics) = parse(relative);
    let mut found: Vec<(Code, u32)> =
        diagnostics.iter().filter(|d| STRUCTURAL.contains(&d.code)).map(|d| (d.code, d.line)).collect();
    found.sort_by_key(|(code, line)| (*line, *code));
    found
}

#[test]
fn a_lost_indicator_heading_is_a_restart_and_a_missing_section() {
    let found = structural("fixtures/structure/lost-indicator-heading.txt");
    // Line 5 names 定期協議 in the main table; line 21 is its first row,
    // now under the high-level heading. Not "cut": the rows restarted.
    assert_eq!(found, vec![(Code::MissingSection, 5), (Code::SectionRestart, 21)]);
    let (mentions, diagnostics) = parse("fixtures/structure/lost-indicator-heading.txt");
    let restart = diagnostics.iter().find(|d| d.code == Code::SectionRestart).unwrap();
    assert!(restart.message.contains("防衛当局間の定期協議など rather than"), "{}", restart.message);
    assert!(restart.message.contains("line 17"), "{}", restart.message);
    // The damage itself: the consultations are high_level now (what the warning is for).
    assert!(mentions.iter().any(|m| m.title.starts_with("第6回日印") && m.category == Some(Category::HighLevel)));
}

#[test]
fn a_lost_country_header_gives_the_title_its_counterpart() {
    let found = structural("fixtures/structure/lost-country-header.txt");
    assert_eq!(
        found,
        vec![
            (Code::HeaderContradictsTitle, 5),
            (Code::HeaderContradictsTitle, 6),
            (Code::HeaderContradictsTitle, 6),
            (Code::HeaderContradictsTitle, 7),
            (Code::HeaderContradictsTitle, 8)
        ]
    );
    let (mentions, _) = parse("fixtures/structure/lost-country-header.txt");
    let countries = |prefix: &str| -> Vec<Vec<String>> {
        mentions
            .iter()
            .filter(|m| m.title.starts_with(prefix))
            .map(|m| m.countries.iter().map(|c| c.as_str().to_owned()).collect())
            .collect()
    };
    // Two items run together under 【オーストラリア】: the compound's US, AU
    // stay and the title's ID is added.
    assert_eq!(countries("日米豪安全保障"), vec![vec!["US", "AU", "ID"]; 2]);
    // `、…第22回日フランス…` under 【英国】: the title's counterpart replaces the header's.
    assert_eq!(countries("第22回日フランス"), vec![vec!["FR"]]);
    assert_eq!(countries("第18回日英"), vec![vec!["GB"]]);
    // A row's items with no header at all (lost at the start of the cell)
    // are read with their titles' counterparts, not dropped.
    assert_eq!(countries("第3回日ラオス"), vec![vec!["LA"]]);
    assert_eq!(countries("第5回日モンゴル"), vec![vec!["MN"]]);
    // A lost 【NATO】 header: the organisation the title names, not New Zealand.
    assert_eq!(countries("第15回日NATO"), vec![vec!["NATO"]]);
    assert_eq!(countries("第12回日ニュージーランド"), vec![vec!["NZ"]]);
    // The unrelated item keeps its header.
    assert_eq!(countries("第7回日ベトナム"), vec![vec!["VN"]]);
}

#[test]
fn a_file_cut_after_a_section_is_reported_per_measure_and_where_it_ends() {
    let found = structural("fixtures/structure/cut-after-section.txt");
    assert_eq!(found, vec![(Code::MissingSection, 5), (Code::MissingSection, 6), (Code::MissingSection, 16)]);
    let (_, diagnostics) = parse("fixtures/structure/cut-after-section.txt");
    let tail = diagnostics.iter().find(|d| d.code == Code::MissingSection && d.line == 16).unwrap();
    assert!(tail.message.contains("2 more measures") && tail.message.contains("cut"), "{}", tail.message);
    assert_eq!(tail.excerpt, "【タイ】統幕長タイ訪問(11月)");
}

#[test]
fn look_alikes_stay_quiet() {
    // Compounds with the header's country, a place in brackets, 【その他】,
    // 【NATO】/【EU】 with their own officials, 日ASEAN, `2年度(続き)`, and a
    // 別紙 whose sections come in another order than the main table's.
    assert_eq!(structural("fixtures/structure/quiet-lookalikes.txt"), vec![]);
    // A 別紙 alone has nothing to cross-check.
    assert_eq!(structural("fixtures/structure/annex-alone.txt"), vec![]);
    // The look-alikes are read as their headers say.
    let (mentions, _) = parse("fixtures/structure/quiet-lookalikes.txt");
    let countries = |prefix: &str| -> Vec<String> {
        mentions.iter().find(|m| m.title.starts_with(prefix)).unwrap().countries.iter().map(|c| c.to_string()).collect()
    };
    assert_eq!(countries("日米豪防衛相会談"), ["US", "AU"]);
    assert_eq!(countries("日フィジー"), ["FJ"]);
    assert_eq!(countries("統幕長とNATO"), ["NATO"]);
    assert_eq!(countries("ラオス国防次官訪日"), ["LA"]);
}

#[test]
fn a_lost_country_line_of_a_white_paper_visits_table_is_a_restart() {
    // Blank lines separate the countries: the first country line is gone
    // (line 3, the table starts with a role) and ミャンマー's successor's
    // (line 13, a role after a blank line with no country).
    let found = structural("fixtures/structure/wp-visits-lost-country.txt");
    assert_eq!(found, vec![(Code::SectionRestart, 3), (Code::SectionRestart, 13)]);
    let (mentions, diagnostics) = parse("fixtures/structure/wp-visits-lost-country.txt");
    assert!(diagnostics.iter().any(|d| d.line == 13 && d.message.contains("filed under ミャンマー")));
    // The first block's visits are still read, with no counterpart (not lost, not guessed).
    let unnamed: Vec<&Mention> = mentions.iter().filter(|m| m.countries.is_empty()).collect();
    assert_eq!(unnamed.len(), 2);
    assert!(unnamed.iter().all(|m| m.header_raw.is_none()));
    // No blank lines: the roles under フランス start again at 防衛大臣 (line 8).
    let found = structural("fixtures/structure/wp-visits-lost-country-compact.txt");
    assert_eq!(found, vec![(Code::SectionRestart, 8)]);
}

#[test]
fn white_paper_visits_look_alikes_stay_quiet() {
    // A double-spaced table, a role's dates continued after a blank line,
    // a country glued to a role line before a blank line.
    assert_eq!(structural("fixtures/structure/wp-visits-quiet.txt"), vec![]);
    for fixture in ["wp-visits-glued.txt", "wp-visits-two-parts.txt", "wp-visits-row-per-visit.txt"] {
        assert_eq!(structural(&format!("fixtures/parse/ok/{fixture}")), vec![], "{fixture}");
    }
}

#[test]
fn a_country_heading_lost_between_two_countries_of_a_white_paper_is_a_restart() {
    // `（2）ベトナム` is gone: the Vietnam sentences stand under （1）インドネシア.
    // Line 8 names its own counterpart; line 9 names none and would take
    // Indonesia from the heading while the sentence before names only Vietnam.
    assert_eq!(structural("fixtures/structure/wp-narrative-lost-heading.txt"), vec![(Code::SectionRestart, 9)]);
    let (mentions, diagnostics) = parse("fixtures/structure/wp-narrative-lost-heading.txt");
    assert!(diagnostics.iter().any(|d| d.line == 9 && d.message.contains("ベトナム")));
    // Reported, not guessed: the mention keeps the heading's counterpart.
    let on_9: Vec<&Mention> = mentions.iter().filter(|m| m.line == 9).collect();
    assert_eq!(on_9.len(), 1);
    assert_eq!(on_9[0].countries.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["ID"]);
    // Quiet: the sentence before names the heading's country among others,
    // names none, or there is no sentence before in the section.
    assert_eq!(structural("fixtures/structure/wp-narrative-headings-quiet.txt"), vec![]);
}

/// Deleting any one country line of a white-paper visits table is
/// reported, or changes no remaining mention (its title names the country,
/// so a visit filed under the country above would differ).
#[test]
fn deleting_each_country_line_of_a_visits_table_is_seen_or_harmless() {
    let fixtures = [
        "fixtures/structure/wp-visits-quiet.txt",
        "fixtures/parse/ok/wp-visits-glued.txt",
        "fixtures/parse/ok/wp-visits-two-parts.txt",
    ];
    let mut n_seen = 0;
    for relative in fixtures {
        let text = std::fs::read_to_string(repo_root().join(relative)).unwrap();
        let read = |text: &str| {
            let meta = SourceMeta { source_file: relative.to_owned(), ..SourceMeta::default() };
            let extracted = parse_source(text.as_bytes(), &meta).unwrap();
            let n_structural = extracted.diagnostics.iter().filter(|d| STRUCTURAL.contains(&d.code)).count();
            let mentions: Vec<(String, Vec<String>)> = extracted
                .mentions
                .iter()
                .map(|m| (m.title.clone(), m.countries.iter().map(|c| c.to_string()).collect()))
                .collect();
            let headers: Vec<String> = extracted.mentions.iter().filter_map(|m| m.header_raw.clone()).collect();
            (mentions, n_structural, headers)
        };
        let (before, before_structural, headers) = read(&text);
        let country_lines: Vec<usize> =
            text.lines().enumerate().filter(|(_, l)| headers.iter().any(|h| h == l.trim())).map(|(i, _)| i).collect();
        assert!(country_lines.len() >= 2, "{relative}");
        for deleted in country_lines {
            let damaged: String =
                text.lines().enumerate().filter(|(i, _)| *i != deleted).map(|(_, l)| format!("{l}\n")).collect();
            let (after, after_structural, _) = read(&damaged);
            if after_structural > before_structural {
                n_seen += 1;
                continue;
            }
            let mut expected = before.clone();
            for mention in &after {
                let found = expected.iter().position(|m| m == mention);
                assert!(found.is_some(), "{relative}: line {} deleted: {mention:?} changed silently", deleted + 1);
                if let Some(idx) = found {
                    expected.remove(idx);
                }
            }
        }
    }
    assert!(n_seen >= 6, "{n_seen}");
}

#[test]
fn the_samples_and_the_validate_fixtures_of_other_codes_gain_nothing() {
    for entry in std::fs::read_dir(repo_root().join("fixtures/samples")).unwrap() {
        let path = entry.unwrap().path();
        let relative = path.strip_prefix(repo_root()).unwrap().to_str().unwrap().to_owned();
        assert_eq!(structural(&relative), vec![], "{relative}");
    }
}

fn koryu(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_koryu"))
        .args(args)
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn a_next_year_table_with_a_row_cut_and_a_category_gone_is_an_edition_drop_at_import() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("koryu.sqlite");
    let db = db.to_str().unwrap();
    let (code, _, stderr) = koryu(&["import", "--db", db, "fixtures/structure/edition-drop-earlier.txt"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("edition-drop:"), "nothing to compare with yet: {stderr}");
    let (code, _, stderr) = koryu(&["import", "--db", db, "fixtures/validate/edition-drop.txt"]);
    assert_eq!(code, 0, "warnings do not fail an import: {stderr}");
    // 令和3年度 定期協議: 5 events before, 1 item now (a warning with both
    // counts and files); 令和4年度 (2 → 2) is quiet; the high-level
    // category is gone: one info line, not one per year.
    let lines: Vec<&str> = stderr.lines().filter(|l| l.contains("edition-drop:")).collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(
        lines[0].starts_with("fixtures/validate/edition-drop.txt:5: warning: edition-drop: 令和3年度"),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("has 1 item") && lines[0].contains("gave 5 events"), "{}", lines[0]);
    assert!(lines[0].contains("fixtures/structure/edition-drop-earlier.txt"), "{}", lines[0]);
    assert!(lines[1].contains("info: edition-drop") && lines[1].contains("ハイレベルの交流"), "{}", lines[1]);
    assert!(stderr.contains("warnings: 1"), "the summary counts it: {stderr}");
    // Stored with the new source's diagnostics.
    let conn = rusqlite::Connection::open(db).unwrap();
    let stored: Vec<(String, String, u32)> = conn
        .prepare("SELECT severity, source_file, line FROM diagnostics WHERE code = 'edition-drop' ORDER BY line")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let file = "fixtures/validate/edition-drop.txt".to_owned();
    assert_eq!(stored, vec![("info".to_owned(), file.clone(), 3), ("warning".to_owned(), file, 5)]);
    // Importing the earlier edition's own bytes again changes nothing.
    let (_, _, again) = koryu(&["import", "--db", db, "fixtures/structure/edition-drop-earlier.txt"]);
    assert!(!again.contains("edition-drop:"), "{again}");
}
