//! The user documentation stays true to the code it describes.

use std::path::Path;

use glossary_ls::problem::Code;

fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)).unwrap()
}

#[test]
fn the_configuration_page_lists_every_diagnostic_code() {
    let page = read("docs/configuration.md");
    let rows: Vec<&str> = page.lines().filter(|l| l.starts_with("| `")).collect();
    for code in Code::ALL {
        let name = format!("`{}`", code.as_str());
        assert!(
            rows.iter().any(|row| row
                .split('|')
                .nth(1)
                .is_some_and(|cell| cell.contains(&name))),
            "docs/configuration.md has no table row for {name}"
        );
    }
}

/// `files.max-size` as VS Code spells its settings: `files.maxSize`.
fn vscode_name(key: &str) -> String {
    let camel: Vec<String> = key
        .split('.')
        .map(|part| {
            let mut words = part.split('-');
            let first = words.next().unwrap_or_default().to_string();
            words.fold(first, |mut out, word| {
                let mut chars = word.chars();
                if let Some(c) = chars.next() {
                    out.extend(c.to_uppercase());
                    out.push_str(chars.as_str());
                }
                out
            })
        })
        .collect();
    format!("glossary-ls.{}", camel.join("."))
}

/// The settings the binary reads, as dotted keys with their schemas.
fn schema_settings(schema: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    let mut out = Vec::new();
    for (key, value) in schema["properties"].as_object().unwrap() {
        let nested = value["type"] == "object" && key != "diagnostics";
        if nested {
            for (inner, value) in value["properties"].as_object().unwrap() {
                out.push((format!("{key}.{inner}"), value.clone()));
            }
        } else {
            out.push((key.clone(), value.clone()));
        }
    }
    out
}

#[test]
fn the_vscode_settings_follow_the_schema_the_binary_prints() {
    let printed = std::process::Command::new(env!("CARGO_BIN_EXE_glossary-ls"))
        .arg("config-schema")
        .output()
        .unwrap();
    assert!(printed.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&printed.stdout).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_str(&read("editors/vscode/package.json")).unwrap();
    let properties = manifest["contributes"]["configuration"]["properties"]
        .as_object()
        .unwrap();
    let settings = schema_settings(&schema);
    for (key, expected) in &settings {
        let name = vscode_name(key);
        let Some(property) = properties.get(&name) else {
            panic!("editors/vscode/package.json has no setting {name}");
        };
        let expected_type = expected
            .get("type")
            .cloned()
            // A path or a list of paths: the editor always offers the list.
            .unwrap_or_else(|| serde_json::json!("array"));
        assert_eq!(property["type"], expected_type, "{name}: type");
        if let Some(words) = expected.get("enum") {
            assert_eq!(&property["enum"], words, "{name}: the allowed values");
        }
        if key == "diagnostics" {
            let codes: Vec<&String> = expected["properties"].as_object().unwrap().keys().collect();
            let listed: Vec<&String> = property["properties"].as_object().unwrap().keys().collect();
            let mut listed_sorted = listed.clone();
            listed_sorted.sort();
            assert_eq!(listed_sorted, codes, "{name}: the diagnostic codes");
            for code in codes {
                assert_eq!(
                    property["properties"][code]["enum"], expected["properties"][code]["enum"],
                    "{name}.{code}: the levels"
                );
            }
        }
    }
    // Every setting the extension sends is one the server reads; `server.*`
    // and `trace.*` belong to the extension itself.
    for name in properties.keys() {
        let own = name.starts_with("glossary-ls.server.") || name.starts_with("glossary-ls.trace.");
        assert!(
            own || settings.iter().any(|(key, _)| vscode_name(key) == *name),
            "{name} is not a setting of the server"
        );
    }
    // The extension's own list of codes, used to check the user's settings.
    let source = read("editors/vscode/src/settings.ts");
    let list = source
        .split("export const DIAGNOSTIC_CODES = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .unwrap();
    let mut in_extension: Vec<&str> = list
        .split(',')
        .map(|item| item.trim().trim_matches('\''))
        .filter(|item| !item.is_empty())
        .collect();
    in_extension.sort();
    let mut codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    codes.sort();
    assert_eq!(
        in_extension, codes,
        "DIAGNOSTIC_CODES in editors/vscode/src/settings.ts"
    );
}
