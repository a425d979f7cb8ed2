//! The code's shape follows the pipeline: the layout knows nothing of the writers, the YAML
//! reader nothing of the importer, and serde_yaml stays behind the one YAML module.

use std::path::{Path, PathBuf};

fn sources(dir: &str) -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(dir);
    let mut out = Vec::new();
    let mut todo = vec![root.clone()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let p = e.expect("entry").path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).expect("source");
                out.push((p, text));
            }
        }
    }
    assert!(!out.is_empty(), "no sources under src/{dir}");
    out.sort();
    out
}

/// Lines that bring a module in: `use …` and paths written out in code.
fn mentions(text: &str, module: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .filter(|l| l.contains(&format!("crate::{module}")))
        .map(str::to_string)
        .collect()
}

#[test]
fn layout_does_not_import_the_writers() {
    for (p, text) in sources("layout") {
        let m = mentions(&text, "export");
        assert!(m.is_empty(), "{} reaches into export: {m:?}", p.display());
    }
}

#[test]
fn yaml_reader_does_not_import_the_importer() {
    for (p, text) in sources("yaml") {
        let m = mentions(&text, "import");
        assert!(m.is_empty(), "{} reaches into import: {m:?}", p.display());
    }
}

#[test]
fn serde_yaml_is_used_only_by_the_yaml_module() {
    for (p, text) in sources("") {
        if p.components().any(|c| c.as_os_str() == "yaml") {
            continue;
        }
        assert!(
            !text.contains("serde_yaml"),
            "{} uses serde_yaml outside src/yaml",
            p.display()
        );
    }
}

#[test]
fn layout_and_yaml_files_hold_one_responsibility_each() {
    for dir in ["layout", "yaml", "compose"] {
        for (p, text) in sources(dir) {
            // Unit tests at the end of a file do not count.
            let n = text.lines().take_while(|l| *l != "#[cfg(test)]").count();
            assert!(n <= 700, "{} has {n} lines of code: split it", p.display());
        }
    }
}
