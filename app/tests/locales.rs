//! The translations are complete and tidy: French and English have the same keys, no value is
//! empty, every key is used by the code, and every key the code uses exists.

use std::{
    collections::BTreeSet,
    fs,
    path::{Path, PathBuf},
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `namespace.nested.key` for every string in `locales/<lang>/*.json`, with empty values listed.
fn keys(lang: &str) -> (BTreeSet<String>, Vec<String>) {
    fn walk(prefix: &str, value: &serde_json::Value, keys: &mut BTreeSet<String>, empty: &mut Vec<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map {
                    walk(&format!("{prefix}.{key}"), value, keys, empty);
                }
            }
            serde_json::Value::String(text) => {
                if text.trim().is_empty() {
                    empty.push(prefix.to_owned());
                }
                keys.insert(prefix.to_owned());
            }
            other => panic!("{prefix}: only strings and objects are expected, found {other}"),
        }
    }
    let (mut keys, mut empty) = (BTreeSet::new(), Vec::new());
    let dir = root().join("locales").join(lang);
    for entry in fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let namespace = path.file_stem().unwrap().to_string_lossy().into_owned();
        let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        walk(&namespace, &json, &mut keys, &mut empty);
    }
    (keys, empty)
}

/// Keys named in `t!(i18n, …)`, `t_string!`, `td_string!(locale, …)` and the like in `app/src`
/// and `server/src` (the service API answers in both languages too).
fn used_keys() -> BTreeSet<String> {
    let pattern =
        regex::Regex::new(r"\bt[ud]?(?:_string|_display)?!\(\s*\w+\s*,\s*([a-z0-9_]+(?:\.[a-z0-9_]+)+)").unwrap();
    let mut used = BTreeSet::new();
    let mut stack = vec![root().join("app/src"), root().join("server/src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = fs::read_to_string(&path).unwrap();
                used.extend(pattern.captures_iter(&source).map(|c| c[1].to_owned()));
            }
        }
    }
    used
}

#[test]
fn french_and_english_have_the_same_keys_and_no_empty_text() {
    let (fr, fr_empty) = keys("fr");
    let (en, en_empty) = keys("en");
    let only_fr: Vec<_> = fr.difference(&en).collect();
    let only_en: Vec<_> = en.difference(&fr).collect();
    assert!(only_fr.is_empty(), "missing in English: {only_fr:?}");
    assert!(only_en.is_empty(), "missing in French: {only_en:?}");
    assert!(
        fr_empty.is_empty() && en_empty.is_empty(),
        "empty texts: {fr_empty:?} {en_empty:?}"
    );
}

#[test]
fn every_key_is_used_and_every_used_key_exists() {
    let (defined, _) = keys("fr");
    let used = used_keys();
    assert!(used.len() > 20, "the scan found the translation macros: {used:?}");
    let unused: Vec<_> = defined.difference(&used).collect();
    let undefined: Vec<_> = used.difference(&defined).collect();
    assert!(
        unused.is_empty(),
        "keys no code uses (remove them or use them): {unused:?}"
    );
    assert!(
        undefined.is_empty(),
        "keys the code uses but locales/ lacks: {undefined:?}"
    );
}
