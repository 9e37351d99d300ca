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
