//! `koryu explain`: an event with its mentions, source lines and merge scores; `--pair` names the rule that kept two mentions apart or joined them.
#![allow(clippy::unwrap_used)] // Tests: a panic is a failing test.

use crate::cli::{export_jsonl, koryu, stderr};
use serde_json::Value;
use std::path::Path;

const HEAD: &str = "(防衛省-①)

施策名\tハイレベル交流・政策対話等の推進

測定指標\t目標\t施策の進捗状況
①\t防衛協力・交流の多層的な推進\t二国間・多国間における防衛首脳などハイレベルの交流

●令和4年度においては、以下のとおり交流を実施した。

";

/// Two editions of one fiscal year, the second with drift: a role spelled
/// out, one of two May calls dropped, a mode word rewritten, an item added.
fn editions(dir: &Path) {
    // Two editions (令和6, 令和7) both retelling 令和4年度.
    let a = format!(
        "令和6年度実施施策に係る政策評価の事前分析表(別紙)\n\n{HEAD}【オーストラリア】日豪防衛相会談(東京)(10月)、防衛相電話会談(5月、5月)、統幕長豪州訪問(8月)\n\n\
         【インド】日印防衛相会談(9月)、陸幕長とインド陸軍参謀長とのテレビ会談(11月)\n\n4年度\n"
    );
    let b = format!(
        "令和7年度実施施策に係る政策評価の事前分析表(別紙)\n\n{HEAD}【オーストラリア】日豪防衛相会談(東京)(10月)、防衛相電話会談(5月)、統合幕僚長豪州訪問(8月)、豪空軍司令官訪日(8月)\n\n\
         【インド】日印防衛相会談(9月)、陸幕長とインド陸軍参謀長との会談(VTC)(11月)\n\n4年度\n"
    );
    std::fs::write(dir.join("a.txt"), a).unwrap();
    std::fs::write(dir.join("b.txt"), b).unwrap();
    let import = koryu(dir, &["import", "a.txt", "b.txt"]);
    assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
}

/// The mention ids of `title` in `file`, in source order.
fn mention_ids(mentions: &[Value], file: &str, title: &str) -> Vec<String> {
    mentions
        .iter()
        .filter(|m| m["source_file"] == file && m["title"] == title)
        .map(|m| m["mention_id"].as_str().unwrap().to_owned())
        .collect()
}

fn one(mentions: &[Value], file: &str, title: &str) -> String {
    let ids = mention_ids(mentions, file, title);
    assert_eq!(ids.len(), 1, "{file} {title}: {ids:?}");
    ids.into_iter().next().unwrap()
}

fn pair(dir: &Path, a: &str, b: &str) -> Value {
    let run = koryu(dir, &["explain", "--pair", a, b, "--json"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    serde_json::from_slice(&run.stdout).unwrap()
}

#[test]
fn an_event_lists_its_mentions_with_source_lines_and_its_merge_score() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    editions(dir);
    let [mentions, _, _, _] = export_jsonl(dir, "out");
    let a = one(&mentions, "a.txt", "統幕長豪州訪問");
    let b = one(&mentions, "b.txt", "統合幕僚長豪州訪問");
    let event = mentions.iter().find(|m| m["mention_id"] == a).unwrap()["event_id"].as_str().unwrap().to_owned();

    let run = koryu(dir, &["explain", &event, "--json"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let report: Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["event"]["event_id"], event.as_str());
    let listed: Vec<&str> =
        report["mentions"].as_array().unwrap().iter().map(|m| m["mention_id"].as_str().unwrap()).collect();
    assert_eq!(listed.len(), 2, "{report}");
    assert!(listed.contains(&a.as_str()) && listed.contains(&b.as_str()), "{report}");
    for m in report["mentions"].as_array().unwrap() {
        let line = m["source_line"].as_str().unwrap();
        assert!(line.starts_with("【オーストラリア】"), "{m}");
        assert_eq!(m["line"], 12, "{m}");
    }
    let merges = report["merges"].as_array().unwrap();
    assert_eq!(merges.len(), 1, "{report}");
    let score = &merges[0]["score"];
    assert!(score["total"].as_f64().unwrap() >= report["threshold"].as_f64().unwrap(), "{score}");
    let features: Vec<&str> =
        score["reasons"].as_array().unwrap().iter().map(|r| r["feature"].as_str().unwrap()).collect();
    assert!(features.contains(&"title") && features.contains(&"roles"), "{features:?}");

    // The text form says the same, with file:line:column and the line.
    let text = koryu(dir, &["explain", &event[..8]]);
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&text));
    let out = String::from_utf8(text.stdout).unwrap();
    assert!(out.contains("a.txt:12:") && out.contains("b.txt:12:"), "{out}");
    assert!(out.contains("| 【オーストラリア】日豪防衛相会談"), "{out}");
    assert!(out.contains("roles") && out.contains("score "), "{out}");
}

#[test]
fn pair_names_the_rule_that_decided() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    editions(dir);
    let [mentions, _, _, _] = export_jsonl(dir, "out");

    let merged = pair(dir, &one(&mentions, "a.txt", "統幕長豪州訪問"), &one(&mentions, "b.txt", "統合幕僚長豪州訪問"));
    assert_eq!((merged["merged"].as_bool(), merged["verdict"].as_str()), (Some(true), Some("same_event")), "{merged}");

    // Months differ (and so do the counterparts): never compared.
    let blocked = pair(dir, &one(&mentions, "a.txt", "日豪防衛相会談"), &one(&mentions, "b.txt", "日印防衛相会談"));
    assert_eq!(blocked["verdict"], "blocked", "{blocked}");
    assert_eq!(blocked["merged"], false);

    // Same month and country, unrelated titles.
    let low = pair(dir, &one(&mentions, "a.txt", "統幕長豪州訪問"), &one(&mentions, "b.txt", "豪空軍司令官訪日"));
    assert_eq!(low["verdict"], "below_threshold", "{low}");
    assert!(low["score"]["total"].as_f64().unwrap() < low["threshold"].as_f64().unwrap());

    // Two May calls in a, one in b: one of a's loses to its twin.
    let calls = mention_ids(&mentions, "a.txt", "防衛相電話会談");
    assert_eq!(calls.len(), 2);
    let b_call = one(&mentions, "b.txt", "防衛相電話会談");
    let verdicts: Vec<String> =
        calls.iter().map(|c| pair(dir, c, &b_call)["verdict"].as_str().unwrap().to_owned()).collect();
    let mut sorted = verdicts.clone();
    sorted.sort();
    assert_eq!(sorted, ["one_to_one", "same_event"], "{verdicts:?}");

    // Two items under one header of one source are distinct by rule.
    let same = pair(dir, &calls[0], &calls[1]);
    assert_eq!(same["verdict"], "same_source", "{same}");

    // テレビ会談 and (VTC) (kept as mode, out of the title) are one mode: the rewritten title merges.
    let vtc = pair(
        dir,
        &one(&mentions, "a.txt", "陸幕長とインド陸軍参謀長とのテレビ会談"),
        &one(&mentions, "b.txt", "陸幕長とインド陸軍参謀長との会談"),
    );
    assert_eq!(vtc["verdict"], "same_event", "{vtc}");
}

#[test]
fn unknown_ids_are_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    editions(dir);
    let run = koryu(dir, &["explain", "ffffffffffffffff"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("no event ffffffffffffffff"), "{}", stderr(&run));
    let run = koryu(dir, &["explain", "--pair", "zz", "yy"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("no mention zz"), "{}", stderr(&run));
    let run = koryu(dir, &["explain"]);
    assert_eq!(run.status.code(), Some(2), "EVENT_ID or --pair is required");
}
