//! Every action the portal writes to the journal has a name in both languages on the console
//! (`journal.actions.*`), so no administrator reads a bare code for something the portal does.

use std::{collections::BTreeSet, fs, path::Path};

fn sources(dir: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(fs::read_to_string(&path).unwrap());
        }
    }
}

#[test]
fn every_action_written_to_the_journal_is_named_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut texts = Vec::new();
    sources(&root.join("app/src"), &mut texts);
    sources(&root.join("server/src"), &mut texts);
    // `….event("x.y", …)`, `AuditEvent::new(…, "x.y", …)`, and actions chosen in a match or an
    // `if` just before (`=> "x.y"`, `{ "x.y" }`) in the files that journal.
    let patterns = [
        r#"\.event\(\s*"([a-z_]+\.[a-z_]+)""#,
        r#"AuditEvent::new\([^;]*?,\s*"([a-z_]+\.[a-z_]+)""#,
        r#"=> "((?:signature|catalogue|feedback|request|audit|api_token)\.[a-z_]+)""#,
        r#"\{ "((?:catalogue|signature)\.[a-z_]+)" \}"#,
    ]
    .map(|p| regex::Regex::new(p).unwrap());
    let mut written = BTreeSet::new();
    for text in &texts {
        for pattern in &patterns {
            for found in pattern.captures_iter(text) {
                written.insert(found[1].to_owned());
            }
        }
    }
    // The workers journal `<prefix>.<what happened>` for each kind of job (workers/jobs.rs).
    for prefix in ["delivery", "notification", "announcement"] {
        for what in ["acknowledged", "refused", "postponed", "given_up", "failed"] {
            written.insert(format!("{prefix}.{what}"));
        }
    }
    assert!(written.len() > 50, "the patterns still find the actions: {written:?}");
    for lang in ["fr", "en"] {
        let path = root.join(format!("locales/{lang}/journal.json"));
        let names: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
        let missing: Vec<_> = written
            .iter()
            .filter(|code| names["actions"][code.replace('.', "_")].as_str().is_none())
            .collect();
        assert!(missing.is_empty(), "{lang}: actions without a name: {missing:?}");
    }
}
