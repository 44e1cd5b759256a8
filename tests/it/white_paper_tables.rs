//! The white-paper table readers (visits, projects, agreement status): their
//! fixtures, where tables start and end, and the counts of corpus files 001
//! and 003 checked by hand.

use crate::support::corpus_file;
use koryu_model::{Category, Code, Direction, Mention, MentionKind, Status};
use koryu_parse::{parse_source, Extracted, LineStatus, SourceMeta};

const WHITE_PAPER_2015: &str = "001_e90f0e29058cf51a.txt";
const WHITE_PAPER_2025: &str = "003_080ee2400643355f.txt";

fn extract_text(text: &str) -> Extracted {
    let meta =
        SourceMeta { source_file: "test.txt".to_owned(), source_sha256: "test".to_owned(), ..SourceMeta::default() };
    parse_source(text.as_bytes(), &meta).expect("readable")
}

fn extract_fixture(name: &str) -> Extracted {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/parse/ok").join(name);
    extract_text(&std::fs::read_to_string(path).expect("fixture is readable"))
}

fn extract_fixture_err(name: &str) -> Extracted {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/parse/err").join(name);
    extract_text(&std::fs::read_to_string(path).expect("fixture is readable"))
}

fn extract_corpus(name: &str) -> Option<Extracted> {
    let path = corpus_file(name)?;
    let meta = SourceMeta { source_file: name.to_owned(), source_sha256: "test".to_owned(), ..SourceMeta::default() };
    Some(parse_source(&std::fs::read(path).expect("corpus file is readable"), &meta).expect("readable"))
}

fn countries(m: &Mention) -> Vec<&str> {
    m.countries.iter().map(|c| c.as_str()).collect()
}

fn date(m: &Mention) -> String {
    m.date.map(|d| d.to_string()).unwrap_or_default()
}

fn of_category(extracted: &Extracted, category: Category) -> Vec<&Mention> {
    extracted.mentions.iter().filter(|m| m.category == Some(category)).collect()
}

/// The status of 1-based `line` of the first page.
fn status(extracted: &Extracted, line: usize) -> LineStatus {
    extracted.coverage.first().and_then(|c| c.lines.get(line - 1)).copied().expect("line exists")
}

/// Asserts that every non-blank line in `lines` is a mention or structure.
fn assert_claimed(extracted: &Extracted, lines: std::ops::RangeInclusive<usize>) {
    for line in lines {
        let s = status(extracted, line);
        assert!(
            matches!(s, LineStatus::Blank | LineStatus::Mention | LineStatus::Structure),
            "line {line} is {s:?}, not claimed by its table"
        );
    }
}

// ---- Fixtures ----

#[test]
fn visits_fixture_glued_columns_and_continuations() {
    let extracted = extract_fixture("wp-visits-glued.txt");
    let visits = of_category(&extracted, Category::HighLevel);
    // フィリピン 1 + 3 (one continuation line, インド glued to it), インド 2, ベトナム (glued onto
    // インド's 海幕長 line) 1 + 2 + 1 (a role whose date is on the next line),
    // 米国 4 (the last after a blank line) + 1.
    assert_eq!(visits.len(), 15);
    let vietnam: Vec<&&Mention> = visits.iter().filter(|m| countries(m) == ["VN"]).collect();
    assert_eq!(vietnam.len(), 4);
    assert!(vietnam.iter().any(|m| m.title == "空幕長ベトナム訪問" && date(m) == "2017-01" && m.line == 15));
    // The 海幕長 date before the glued name is still India's.
    assert!(visits
        .iter()
        .any(|m| m.title == "海幕長インド訪問" && date(m) == "2016-10" && m.line == 10 && m.column == 7));
    // The wrapped date after a blank line is at its own line and column.
    let wrapped = visits.iter().find(|m| date(m) == "2016-12").expect("wrapped date");
    assert_eq!((wrapped.line, wrapped.column, wrapped.title.as_str()), (22, 1, "防衛審議官米国訪問"));
    // 28.5、28.5 is two visits, and no duplicate-item warning.
    assert_eq!(visits.iter().filter(|m| m.title == "陸幕長ベトナム訪問" && date(m) == "2016-05").count(), 2);
    assert!(extracted.diagnostics.is_empty(), "{:?}", extracted.diagnostics);
    assert!(visits.iter().all(|m| m.direction == Some(Direction::Outbound) && !m.jp_roles.is_empty()));
    assert!(visits.iter().all(|m| m.section.as_deref().is_some_and(|s| s.contains("図表III-3-1-1"))));
}

#[test]
fn visits_fixture_two_parts_full_width() {
    let extracted = extract_fixture("wp-visits-two-parts.txt");
    let visits = of_category(&extracted, Category::HighLevel);
    assert_eq!(visits.len(), 7);
    let outbound = visits.iter().filter(|m| m.direction == Some(Direction::Outbound)).count();
    let inbound: Vec<&&Mention> = visits.iter().filter(|m| m.direction == Some(Direction::Inbound)).collect();
    assert_eq!((outbound, inbound.len()), (4, 3));
    // A counterpart's title is no Japanese role.
    assert!(inbound.iter().all(|m| m.jp_roles.is_empty() && m.title.ends_with("来日")));
    assert!(visits.iter().any(|m| date(m) == "2018-02" && m.date_raw.as_deref() == Some("３０．２")));
}

#[test]
fn projects_fixture_split_by_a_page_header() {
    let extracted = extract_fixture("wp-projects-page-break.txt");
    let projects = of_category(&extracted, Category::CapacityBuilding);
    // Three projects; the third has two periods.
    assert_eq!(projects.len(), 4);
    let second = projects.get(1).expect("second project");
    assert_eq!(countries(second), ["MM"]);
    assert_eq!(second.header_raw.as_deref(), Some("ミャンマー陸軍工兵部隊"));
    let third: Vec<String> = projects.iter().skip(2).map(|m| date(m)).collect();
    assert_eq!(third, ["2016-05/2016-06", "2017-01"]);
    assert!(projects.iter().skip(2).all(|m| m.title == "人道支援・災害救援に関するセミナー"));
    // Both periods stand at the project's number, `10　…` on line 21.
    assert!(projects.iter().skip(2).all(|m| (m.line, m.column) == (21, 1)));
    assert!(extracted.diagnostics.is_empty(), "{:?}", extracted.diagnostics);
}

#[test]
fn a_project_list_without_a_figure_number_and_a_period_not_yet_set() {
    let extracted = extract_fixture("wp-projects-not-yet-set.txt");
    let projects = of_category(&extracted, Category::CapacityBuilding);
    assert_eq!(projects.len(), 2);
    assert_eq!(date(projects[0]), "2024-06/2024-07");
    assert_eq!(countries(projects[0]), ["KH"]);
    // `期間：調整中`: kept, as planned and undated, and said so.
    assert_eq!(projects[1].status, Status::Planned);
    assert!(projects[1].date.is_none());
    assert_eq!(countries(projects[1]), ["TL"]);
    let codes: Vec<(Code, u32)> = extracted.diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(codes, [(Code::MissingDate, 6)]);
    assert_claimed(&extracted, 1..=7);
}

#[test]
fn a_dated_agreement_list_and_a_box_named_beside_its_marker() {
    let extracted = extract_fixture("wp-agreements-dated-list.txt");
    let dated: Vec<(String, Vec<&str>, Status, u32)> = extracted
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::Event && m.category == Some(Category::Agreement))
        .map(|m| (date(m), countries(m), m.status, m.line))
        .collect();
    assert_eq!(
        dated,
        [
            ("2020-09".to_owned(), vec!["IN"], Status::Signed, 4),
            ("2021-07".to_owned(), vec!["IN"], Status::InForce, 4),
            // `同年7月` leans on the item's own 2019.
            ("2019-04".to_owned(), vec!["CA"], Status::Signed, 5),
            ("2019-07".to_owned(), vec!["CA"], Status::InForce, 5),
            // `署名（未発効）` is signed only.
            ("2024-01".to_owned(), vec!["DE"], Status::Signed, 6),
            // `署名・発効` on one date: one mention, in force.
            ("2021-09".to_owned(), vec!["VN"], Status::InForce, 8),
        ]
    );
    assert!(extracted.mentions.iter().filter(|m| m.line == 4).all(|m| m.title == "ACSA"));
    // `KEY WORD　円滑化協定（RAA）` and an as-of date with 末.
    let raa: Vec<&Mention> = extracted.mentions.iter().filter(|m| m.title == "RAA").collect();
    assert_eq!(raa.len(), 3);
    assert!(raa.iter().all(|m| m.kind == MentionKind::AgreementStatus && date(m) == "2024-03"));
    // `米・加・比の海軍艦艇と…共同巡航`.
    let sail = extracted.mentions.iter().find(|m| m.line == 12).expect("the cruise");
    assert_eq!((sail.category, countries(sail)), (Some(Category::Exercise), vec!["US", "CA", "PH"]));
    assert!(extracted.diagnostics.is_empty(), "{:?}", extracted.diagnostics);
}

/// A list under a plain title (no 図表 caption) whose items name the pair
/// in the agreement's name (`・日独物品役務相互提供協定（ACSA）`) with the dates
/// on the next line or after the name; an item whose name names no pair is
/// an error at its dates, not a mention with the country before it.
#[test]
fn an_agreement_list_that_names_each_pair_in_the_agreement() {
    let extracted = extract_fixture_err("wp-agreements-named-list.txt");
    let dated: Vec<(String, Vec<&str>, Status, u32)> = extracted
        .mentions
        .iter()
        .filter(|m| m.category == Some(Category::Agreement))
        .map(|m| (date(m), countries(m), m.status, m.line))
        .collect();
    assert_eq!(
        dated,
        [
            ("2024-01".to_owned(), vec!["DE"], Status::Signed, 6),
            ("2024-07".to_owned(), vec!["DE"], Status::InForce, 6),
            ("2024-07".to_owned(), vec!["PH"], Status::Signed, 8),
            ("2024-08".to_owned(), vec!["MN"], Status::InForce, 9),
        ]
    );
    assert!(extracted.mentions.iter().filter(|m| m.line == 6).all(|m| m.title == "ACSA"));
    let codes: Vec<(Code, u32)> = extracted.diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(codes, [(Code::UnknownCountry, 11)]);
    // `…非公式会合に臨んだほか、マレーシア、ブルネイの国防大臣とそれぞれ会談した`:
    // the talks are with the two ministers, one each, not with ASEAN.
    let talks: Vec<Vec<&str>> =
        extracted.mentions.iter().filter(|m| m.line == 3 && m.title == "会談").map(countries).collect();
    assert_eq!(talks, [vec!["MY"], vec!["BN"]]);
    assert_claimed(&extracted, 1..=13);
}

/// A PDF that letter-spaces its tables (`英　国　　　　防 衛 大 臣　　　2 4 . 7`):
/// a row-per-visit table, the country glued to its role by a single space
/// (`フィリピン　陸　幕　長`), a cell written out (`平成24年9月`), and an
/// agreements table with date columns (`署名 | 発効`, `―` and `（署名のみ）` for
/// none, the era from the note under it, 署名 and 発効 on one day one
/// mention). A dated row of a table no reader knows is reported, not lost,
/// and so is a role with a short date outside any table.
#[test]
fn letter_spaced_tables_are_read_cell_by_cell() {
    let extracted = extract_fixture("wp-tables-letter-spaced.txt");
    let visits: Vec<(String, Vec<&str>, u32)> = extracted
        .mentions
        .iter()
        .filter(|m| m.category == Some(Category::HighLevel))
        .map(|m| (date(m), countries(m), m.line))
        .collect();
    assert_eq!(
        visits,
        [
            ("2012-07".to_owned(), vec!["GB"], 7),
            ("2012-02".to_owned(), vec!["GB"], 8),
            ("2013-01".to_owned(), vec!["GB"], 8),
            ("2012-11".to_owned(), vec!["PH"], 9),
            ("2013-03".to_owned(), vec!["NZ"], 10),
            ("2012-09".to_owned(), vec!["CA"], 11),
        ]
    );
    let agreements: Vec<(String, Vec<&str>, Status, u32)> = extracted
        .mentions
        .iter()
        .filter(|m| m.category == Some(Category::Agreement))
        .map(|m| (date(m), countries(m), m.status, m.line))
        .collect();
    assert_eq!(
        agreements,
        [
            ("2013-07-04".to_owned(), vec!["GB"], Status::Signed, 14),
            ("2013-07-04".to_owned(), vec!["GB"], Status::InForce, 15),
            ("2012-11-02".to_owned(), vec!["IN"], Status::Signed, 16),
        ]
    );
    // `米国、カナダおよび韓国の海軍とともに海自が参加`: the partners listed.
    let exercise = extracted.mentions.iter().find(|m| m.line == 4).expect("the exercise");
    assert_eq!(countries(exercise), ["US", "CA", "KR"]);
    let unparsed: Vec<u32> =
        extracted.diagnostics.iter().filter(|d| d.code == Code::UnparsedText).map(|d| d.line).collect();
    // Line 21, a role and a short date outside any table, likewise, and
    // with it the unknown table's header (19), read as one fragment.
    assert_eq!(unparsed, [19, 20, 21]);
    assert_claimed(&extracted, 5..=18);
}

/// A KEY WORD box drawn with bars (`┃KEY WORD　…`): the frame is not part of
/// the box's text, so its status sentence is read.
#[test]
fn a_keyword_box_drawn_with_bars() {
    let extracted = extract_fixture("wp-agreements-framed-box.txt");
    let pairs: Vec<(String, Vec<&str>, u32)> =
        extracted.mentions.iter().map(|m| (date(m), countries(m), m.line)).collect();
    assert_eq!(
        pairs,
        [
            ("2022-03".to_owned(), vec!["US"], 5),
            ("2022-03".to_owned(), vec!["AU"], 5),
            ("2022-03".to_owned(), vec!["GB"], 5),
        ]
    );
    assert!(extracted.mentions.iter().all(|m| m.title == "ACSA" && m.kind == MentionKind::AgreementStatus));
    assert_claimed(&extracted, 1..=6);
}

#[test]
fn a_visits_title_with_a_wrong_start_is_reported_and_cells_keep_their_era() {
    let extracted = extract_fixture_err("wp-visits-title-start-wrong.txt");
    assert!(extracted.diagnostics.iter().any(|d| d.code == Code::EraWesternMismatch && d.line == 2));
    let dates: Vec<String> = extracted.mentions.iter().map(date).collect();
    // `30.10` is Heisei 30, not Reiwa 30 (2048): the era nearest the period.
    assert_eq!(dates, ["2018-10", "2019-05", "2019-02"]);
}

#[test]
fn agreement_fixtures_box_and_table() {
    let boxes = extract_fixture("wp-agreements-keyword-box.txt");
    assert_eq!(boxes.mentions.len(), 14);
    assert!(boxes
        .mentions
        .iter()
        .all(|m| m.kind == MentionKind::AgreementStatus && m.category == Some(Category::Agreement)));
    let acsa: Vec<&Mention> = boxes.mentions.iter().filter(|m| m.title == "ACSA").collect();
    assert_eq!(acsa.len(), 7);
    // The sentence wraps after `フランス、`; 署名のみ is signed.
    assert!(acsa
        .iter()
        .any(|m| countries(m) == ["IN"] && m.line == 16 && m.column == 1 && m.status == Status::InForce));
    assert!(acsa.iter().any(|m| countries(m) == ["DE"] && m.status == Status::Signed && date(m) == "2023-06"));

    let table = extract_fixture("wp-agreements-status-table.txt");
    let by_title =
        |title: &str, status: Status| table.mentions.iter().filter(|m| m.title == title && m.status == status).count();
    assert_eq!((by_title("RAA", Status::InForce), by_title("RAA", Status::Signed)), (2, 1));
    assert_eq!((by_title("ACSA", Status::InForce), by_title("ACSA", Status::Signed)), (7, 1));
    assert_eq!(by_title("防衛装備品・技術移転協定", Status::InForce), 3);
    assert_eq!(table.mentions.len(), 14);
    assert!(table.mentions.iter().all(|m| date(m) == "2024-12"));
}

#[test]
fn a_visits_table_with_a_row_per_visit_and_a_labelled_box() {
    let extracted = extract_fixture("wp-visits-row-per-visit.txt");
    let visits: Vec<(u32, String, Vec<&str>, Option<Direction>)> = of_category(&extracted, Category::HighLevel)
        .into_iter()
        .filter(|m| m.section.as_deref().is_some_and(|s| s.contains("図表")))
        .map(|m| (m.line, date(m), countries(m), m.direction))
        .collect();
    let out = Some(Direction::Outbound);
    let inbound = Some(Direction::Inbound);
    assert_eq!(
        visits,
        [
            // `31.4` is Heisei and `元.7` Reiwa: the title's period spans the change.
            (6, "2019-04".to_owned(), vec!["US"], out),
            (7, "2019-07".to_owned(), vec!["AU"], out),
            (7, "2019-12".to_owned(), vec!["AU"], out),
            (8, "2019-09".to_owned(), vec!["VN"], out),
            // A date alone on the next line belongs to the row above.
            (9, "2020-02".to_owned(), vec!["VN"], out),
            (12, "2019-10".to_owned(), vec!["GB"], inbound),
            (13, "2020-01".to_owned(), vec!["NATO"], inbound),
        ]
    );
    // `締結：` and `署名のみ：` lines, a list wrapped onto the next line, a note.
    let acsa: Vec<(Vec<&str>, Status)> = extracted
        .mentions
        .iter()
        .filter(|m| m.kind == MentionKind::AgreementStatus)
        .map(|m| (countries(m), m.status))
        .collect();
    assert_eq!(
        acsa,
        [
            (vec!["US"], Status::InForce),
            (vec!["AU"], Status::InForce),
            (vec!["GB"], Status::InForce),
            (vec!["CA"], Status::InForce),
            (vec!["FR"], Status::InForce),
            (vec!["IN"], Status::Signed)
        ]
    );
    // The sentences after the tables are read as prose, not taken for figure text.
    assert!(extracted.mentions.iter().any(|m| m.line == 24 && countries(m) == ["IN"]));
    assert!(extracted.mentions.iter().any(|m| m.line == 26 && m.category == Some(Category::HighLevel)));
    assert_claimed(&extracted, 1..=26);
}

// ---- Where tables start and end ----

#[test]
fn a_reference_to_a_table_is_not_the_table() {
    let text =
        "図表Ⅲ-3-1-1（ハイレベル訪問の実績（14（平成26）年\n1月～15（平成27）年5月））\n韓国\n防衛審議官　26.10\n";
    let extracted = extract_text(text);
    assert!(extracted.mentions.is_empty(), "{:?}", extracted.mentions);
    // A caption followed by prose is not a table either.
    let text = "ハイレベルの訪問実績（14（平成26）年1月～15（平成27）年5月）図表Ⅲ-3-1-1\n\nわが国は、韓国と防衛審議官級の協議を行った。\n";
    assert!(extract_text(text).mentions.is_empty());
    let text = "能力構築支援事業の活動状況図表Ⅲ-3-1-6\n\n各国の要請に応じて支援を行っている。\n";
    assert!(extract_text(text).mentions.is_empty());
}

#[test]
fn tables_end_before_headings_and_prose() {
    let text = "ハイレベルの訪問実績（14（平成26）年1月～15（平成27）年5月）図表Ⅲ-3-1-1\n\n韓国\n防衛審議官　26.10\n\n \t3\t 多国間共同訓練\n韓国\n防衛審議官は27.2に訪問した。\n";
    let extracted = extract_text(text);
    assert_eq!(extracted.mentions.len(), 1);
    // The heading and what follows stay for the walker and the narrative
    // reader: structure (a heading; prose without a dated exchange), not
    // cells of the table.
    for line in 6..=8 {
        assert_eq!(status(&extracted, line), LineStatus::Structure, "line {line}");
    }
    let text = "能力構築支援事業の活動状況図表Ⅲ-3-1-6\n\n１　施設分野に関する人材育成\n期間：2014.6 ～ 7\n対象：モンゴル軍工兵部隊\n派遣要員：陸×9、内×1\n\n7\n \t3\t 多国間共同訓練\nわが国は、多国間訓練に参加している。\n";
    let extracted = extract_text(text);
    assert_eq!(extracted.mentions.len(), 1);
    assert_eq!(status(&extracted, 8), LineStatus::Structure);
    // The heading and the prose after the table are the walker's, not the table's.
    assert_eq!(status(&extracted, 9), LineStatus::Structure);
    assert_eq!(status(&extracted, 10), LineStatus::Structure);
}

#[test]
fn unknown_countries_are_diagnostics_not_drops() {
    let text =
        "ハイレベルの訪問実績（14（平成26）年1月～15（平成27）年5月）図表Ⅲ-3-1-1\n\nルリタニア\n防衛大臣　26.5\n";
    let extracted = extract_text(text);
    assert_eq!(extracted.mentions.len(), 1);
    assert!(extracted.mentions.iter().all(|m| m.countries.is_empty()));
    assert!(extracted.diagnostics.iter().any(|d| d.code == Code::UnknownCountry && d.excerpt == "ルリタニア"));

    let text = "KEY WORD\n\n円滑化協定 (RAA)\n\n部隊の訪問を円滑にする取決め。\n2025年4月現在、英国、ルリタニアとの間で締結されている。\n";
    let extracted = extract_text(text);
    assert_eq!(extracted.mentions.len(), 1);
    assert!(extracted.diagnostics.iter().any(|d| d.code == Code::UnknownCountry && d.excerpt == "ルリタニア"));
}

// ---- Corpus 001: 平成27年版 ----

/// 図表Ⅲ-3-1-1 of 001 (lines 107–266), counted by hand country by country
/// (ウガンダ 1, ベトナム 2, オマーン 1, サウジアラビア 1, ブルネイ 1, 韓国 3,
/// マレーシア 4, モンゴル 1, フィリピン 5, 中国 1, インドネシア 4, タイ 1,
/// シンガポール 7, スリランカ 1, インド 2, ラオス 2, オーストラリア 9,
/// ニュージーランド 2, カナダ 3, 米国 22, ベルギー 2, ジブチ 3, UAE 1,
/// イタリア 3, フィンランド 1, 英国 6, フランス 4, ロシア 1, ミャンマー 5,
/// 南スーダン 3, ブルガリア 1, バーレーン 1, エストニア 1, ヨルダン 1,
/// ブラジル 1, 南アフリカ 1): 108 cells in 36 countries, which a count of
/// the `NN.N` tokens of those lines confirms.
#[test]
fn corpus_001_visits_table_cells() {
    let Some(extracted) = extract_corpus(WHITE_PAPER_2015) else { return };
    let visits: Vec<&Mention> = of_category(&extracted, Category::HighLevel)
        .into_iter()
        .filter(|m| m.section.as_deref().is_some_and(|s| s.contains("図表III-3-1-1")))
        .collect();
    assert_eq!(visits.len(), 108);
    let mut distinct: Vec<Vec<&str>> = visits.iter().map(|m| countries(m)).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 36);
    let with = |code: &str| visits.iter().filter(|m| countries(m) == [code]).count();
    assert_eq!((with("US"), with("AU"), with("SG"), with("ID"), with("SS"), with("UG")), (22, 9, 7, 4, 3, 1));
    let korea: Vec<String> = visits.iter().filter(|m| countries(m) == ["KR"]).map(|m| date(m)).collect();
    assert_eq!(korea, ["2014-10", "2014-12", "2015-02"]);
    // 26.9、26.9: two visits of the 陸幕長 to Australia.
    assert_eq!(visits.iter().filter(|m| m.title == "陸幕長オーストラリア訪問" && date(m) == "2014-09").count(), 2);
    // The 防衛審議官's last US date wraps after a blank line (line 198).
    assert!(visits
        .iter()
        .any(|m| m.title == "防衛審議官米国訪問" && date(m) == "2015-04" && m.line == 198 && m.column == 1));
    // The 海幕長 cell before the glued インドネシア is China's.
    assert!(visits.iter().any(|m| countries(m) == ["CN"] && m.line == 145 && date(m) == "2014-04"));
    assert!(visits.iter().all(|m| (109..=266).contains(&m.line)));
    assert!(visits.iter().all(|m| m.direction == Some(Direction::Outbound) && !m.jp_roles.is_empty()));
    assert!(visits.iter().all(|m| m.date_raw.as_deref().is_some_and(|r| r.contains('.'))));
    assert_claimed(&extracted, 107..=266);
    // The reference in the 参照 list (line 40) is not the table.
    assert!(!matches!(status(&extracted, 40), LineStatus::Mention));
}

/// Deleting any one country line of 001's visits table (issue 15: a PDF
/// step or an edit loses exactly such a line, and the visits under it run
/// on under the country above) is a `section-restart` at the next line.
/// Lines that name a country after a role's dates (glued) are not alone on
/// their line and are left out.
#[test]
fn corpus_001_each_lost_country_line_is_reported_where_it_was() {
    let Some(path) = corpus_file(WHITE_PAPER_2015) else { return };
    // 001 has a few bytes that are not UTF-8 (outside the table).
    let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
    let Some(extracted) = extract_corpus(WHITE_PAPER_2015) else { return };
    let headers: Vec<&str> = of_category(&extracted, Category::HighLevel)
        .iter()
        .filter(|m| (109..=266).contains(&m.line))
        .filter_map(|m| m.header_raw.as_deref())
        .collect();
    let country_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(i, l)| (108..266).contains(i) && headers.contains(&l.trim()))
        .map(|(i, _)| i)
        .collect();
    // 36 countries, one of them (インドネシア) glued to 中国's last line.
    assert_eq!(country_lines.len(), 35);
    for deleted in country_lines {
        let damaged: String =
            text.lines().enumerate().filter(|(i, _)| *i != deleted).map(|(_, l)| format!("{l}\n")).collect();
        let meta = SourceMeta { source_file: WHITE_PAPER_2015.to_owned(), ..SourceMeta::default() };
        let after = parse_source(damaged.as_bytes(), &meta).unwrap();
        // The role line that took the deleted line's place has its number.
        let line = u32::try_from(deleted + 1).unwrap();
        let seen =
            after.diagnostics.iter().filter(|d| d.code == Code::SectionRestart).map(|d| d.line).collect::<Vec<_>>();
        assert_eq!(seen, [line], "line {line} deleted");
    }
}

/// 図表Ⅲ-3-1-6 of 001 (lines 880–1091): 25 numbered projects, 1 to 25, each
/// with one 期間. By 対象, counted by hand: 東ティモール 3 (1–3), カンボジア 3
/// (4–6), モンゴル 5 (7–11), ベトナム 7 (12–18), インドネシア 3 (19–21),
/// ミャンマー 3 (22–24), パプアニューギニア 1 (25).
#[test]
fn corpus_001_capacity_building_projects() {
    let Some(extracted) = extract_corpus(WHITE_PAPER_2015) else { return };
    let projects = of_category(&extracted, Category::CapacityBuilding);
    let projects: Vec<&&Mention> =
        projects.iter().filter(|m| m.section.as_deref().is_some_and(|s| s.contains("図表III-3-1-6"))).collect();
    assert_eq!(projects.len(), 25);
    let with = |code: &str| projects.iter().filter(|m| countries(m) == [code]).count();
    assert_eq!(
        (with("TL"), with("KH"), with("MN"), with("VN"), with("ID"), with("MM"), with("PG")),
        (3, 3, 5, 7, 3, 3, 1)
    );
    // Each mention stands at its project's number (the item's first character).
    let at = |line: u32| projects.iter().find(|m| m.line == line).map(|m| (date(m), countries(m)));
    assert_eq!(at(882), Some(("2012-12/2013-03".to_owned(), vec!["TL"])));
    assert_eq!(at(889), Some(("2013-01/2013-03".to_owned(), vec!["KH"])));
    assert_eq!(at(898), Some(("2014-10/2014-11".to_owned(), vec!["KH"])));
    assert_eq!(at(943), Some(("2014-09/2014-11".to_owned(), vec!["TL"])));
    assert_eq!(at(978), Some(("2015-03".to_owned(), vec!["VN"])));
    // The 対象 wrapped over a blank line and two more lines.
    let cambodia = projects.iter().find(|m| m.line == 889).expect("project 4");
    assert_eq!(cambodia.header_raw.as_deref(), Some("カンボジア国家平和維持・地雷処理爆発性戦争残存物除去センター"));
    // A title wrapped onto its （現地調査） line.
    assert!(projects.iter().any(|m| m.line == 913 && m.title == "施設分野に関する人材育成(現地調査)"));
    assert_claimed(&extracted, 880..=1091);
    // The heading after the map labels is not the table's.
    assert!(!matches!(status(&extracted, 1092), LineStatus::Mention));
}

// ---- Corpus 003: 令和7年版 ----

/// The three KEY WORD boxes of 003, counted by hand: RAA 2 in force + 1
/// signed, ACSA 7 + 1, 防衛装備品・技術移転協定 16 in force (the note
/// `(※米国とは…)` adds none) = 27 (agreement, country) pairs.
#[test]
fn corpus_003_agreement_pairs() {
    let Some(extracted) = extract_corpus(WHITE_PAPER_2025) else { return };
    let pairs: Vec<&Mention> = extracted.mentions.iter().filter(|m| m.kind == MentionKind::AgreementStatus).collect();
    assert_eq!(pairs.len(), 27);
    let count = |title: &str, status: Status| pairs.iter().filter(|m| m.title == title && m.status == status).count();
    assert_eq!((count("RAA", Status::InForce), count("RAA", Status::Signed)), (2, 1));
    assert_eq!((count("ACSA", Status::InForce), count("ACSA", Status::Signed)), (7, 1));
    assert_eq!(count("防衛装備品・技術移転協定", Status::InForce), 16);
    assert!(pairs.iter().all(|m| date(m) == "2025-04" && m.category == Some(Category::Agreement)));
    assert!(pairs.iter().any(|m| m.title == "RAA" && countries(m) == ["PH"] && m.status == Status::Signed));
    assert!(pairs.iter().any(|m| m.title == "ACSA" && countries(m) == ["IT"] && m.status == Status::Signed));
    // アラブ首長国連邦 (UAE) is one country; 米国 once despite the note.
    let equipment =
        |code: &str| pairs.iter().filter(|m| m.title.starts_with("防衛装備品") && countries(m) == [code]).count();
    assert_eq!((equipment("AE"), equipment("US"), equipment("GB")), (1, 1, 1));
    for (first, last) in [(23, 28), (32, 37), (41, 46)] {
        assert_claimed(&extracted, first..=last);
    }
    assert!(!extracted.diagnostics.iter().any(|d| d.code == Code::UnknownCountry));
}

#[test]
fn a_role_without_dates_is_reported() {
    let text = "ハイレベルの訪問実績（14（平成26）年1月～15（平成27）年5月）図表Ⅲ-3-1-1\n\n韓国\n防衛審議官　26.10\n統幕長\n\nタイ\n統幕長　26.2\n";
    let extracted = extract_text(text);
    assert_eq!(extracted.mentions.len(), 2);
    let missing: Vec<(u32, &str)> = extracted
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::MissingDate)
        .map(|d| (d.line, d.excerpt.as_str()))
        .collect();
    assert_eq!(missing, [(5, "統幕長")]);
}

#[test]
fn a_caption_wrapped_before_its_period() {
    let text =
        "ハイレベルの訪問実績（14（平成26）年\n1月～15（平成27）年5月）図表Ⅲ-3-1-1\n\n韓国\n防衛審議官　26.10、27.2\n";
    let extracted = extract_text(text);
    let dates: Vec<String> = extracted.mentions.iter().map(date).collect();
    assert_eq!(dates, ["2014-10", "2015-02"]);
    assert_eq!((status(&extracted, 1), status(&extracted, 2)), (LineStatus::Structure, LineStatus::Structure));
    // The reference in a 参照 list, wrapped the same way, is still not the table.
    let text =
        "図表Ⅲ-3-1-1（ハイレベル訪問の実績（14（平成26）年\n1月～15（平成27）年5月））\n\n韓国\n防衛審議官　26.10\n";
    assert!(extract_text(text).mentions.is_empty());
}

/// (line, column, date, countries, roles) of each mention, for tables.
fn cells(extracted: &Extracted) -> Vec<(u32, u32, String, String, Vec<koryu_model::Role>)> {
    extracted.mentions.iter().map(|m| (m.line, m.column, date(m), countries(m).join(","), m.jp_roles.clone())).collect()
}

/// An older edition's visits list with the date first and in kanji
/// (`七・五`, era from the title), a row whose countries run on to the next
/// line (a visit to each), and the note under it left as structure.
#[test]
fn a_date_first_visits_list_in_kanji() {
    use koryu_model::Role;
    let extracted = extract_fixture("wp-columns-date-first.txt");
    let want: Vec<(u32, u32, String, String, Vec<Role>)> = [
        (7, 2, "1995-02", "AU", vec![Role::Minister]),
        (8, 2, "1995-05", "TH", vec![Role::ChiefJointStaff]),
        (8, 2, "1995-05", "MY", vec![Role::ChiefJointStaff]),
        (8, 2, "1995-05", "SG", vec![Role::ChiefJointStaff]),
        (10, 2, "1995-11", "KR", vec![Role::ChiefMaritimeStaff]),
        (11, 2, "1996-03", "CN", vec![Role::AdministrativeViceMinister]),
    ]
    .into_iter()
    .map(|(l, c, d, k, r)| (l, c, d.to_owned(), k.to_owned(), r))
    .collect();
    assert_eq!(cells(&extracted), want);
    assert!(extracted.mentions.iter().all(|m| m.direction == Some(Direction::Outbound)));
    assert_eq!(extracted.mentions.first().and_then(|m| m.date_raw.as_deref()), Some("七・二"));
    assert_claimed(&extracted, 5..=13);
}

/// A PDF's table with one cell per line under a header of one name per
/// line: a capacity-building list (intervals across a year end) and a
/// visits list (`R6.9`), each read by its header's names.
#[test]
fn tables_with_one_cell_per_line() {
    let extracted = extract_fixture("wp-columns-stacked.txt");
    let got: Vec<(u32, String, String, Category, String)> = extracted
        .mentions
        .iter()
        .map(|m| {
            (
                m.line,
                date(m),
                countries(m).join(","),
                m.category.expect("white-paper mentions have a category"),
                m.title.clone(),
            )
        })
        .collect();
    let want = [
        (9, "2024-06/2024-07", "PH", Category::CapacityBuilding, "航空機整備(派遣)"),
        (12, "2024-10", "LA", Category::CapacityBuilding, "人道支援・災害救援(招へい)"),
        (15, "2024-11/2025-02", "PG", Category::CapacityBuilding, "軍楽隊育成(派遣)"),
        (24, "2024-09", "VN", Category::HighLevel, "防衛大臣ベトナム訪問"),
    ]
    .map(|(l, d, k, c, t)| (l, d.to_owned(), k.to_owned(), c, t.to_owned()));
    assert_eq!(got, want);
    assert_claimed(&extracted, 4..=25);
}

/// What if a column is missing? A visits list whose header names no
/// visitor is no table this reader knows: its dated rows are reported as
/// `unparsed-text`, never read with a guessed role nor dropped.
#[test]
fn a_visits_list_without_its_visitor_column_is_reported() {
    let text = "平成8年版　防衛白書\n第3節　防衛交流\n図　主な海外訪問（平成七年一月～八年三月）\n　年・月　　訪問国\n　七・二　　オーストラリア\n　七・五　　タイ\n";
    let extracted = extract_text(text);
    assert!(extracted.mentions.is_empty());
    let unparsed: Vec<u32> =
        extracted.diagnostics.iter().filter(|d| d.code == Code::UnparsedText).map(|d| d.line).collect();
    assert_eq!(unparsed, [5, 6]);
}
