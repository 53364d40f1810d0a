//! The library's floors (ARCHITECTURE.md): a module may import from its own
//! floor or below, never from above, and no two modules import each other in
//! a circle. Changing the shape is one deliberate edit of `FLOORS`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Lowest first. Every top-level module of `src/` (but the binary's `main`,
/// `cli` and `cmd`) stands on exactly one floor.
const FLOORS: &[(&str, &[&str])] = &[
    (
        "leaves: import nothing of the crate but other leaves",
        &["diagnostic", "locale", "address", "name", "secret", "fsx"],
    ),
    (
        "the domain: typed values and their storage",
        &[
            "config",
            "content",
            "store",
            "subscriber_csv",
            "toml_errors",
        ],
    ),
    (
        "the crafts: pure rendering, mail, addresses",
        &["render", "mail", "urls", "calendar", "email_images"],
    ),
    (
        "use cases",
        &[
            "workspace",
            "checks",
            "build",
            "optin",
            "delivery",
            "returns",
            "schedule",
            "scaffold",
            "dns_check",
            "link_check",
        ],
    ),
    ("the outward faces", &["web", "preview", "archive"]),
];

const BINARY: &[&str] = &["main", "cli", "cmd"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/render/text.rs` is `render`.
fn module_of(file: &Path) -> String {
    let relative = file.strip_prefix(src()).unwrap();
    let first = relative.components().next().unwrap();
    Path::new(first.as_os_str())
        .file_stem()
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

/// The modules a file names as `crate::NAME`, outside its tests.
fn imports(text: &str) -> BTreeSet<String> {
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    let mut found = BTreeSet::new();
    for line in code.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        for (at, _) in line.match_indices("crate::") {
            let before = line[..at].chars().next_back().unwrap_or(' ');
            if before.is_alphanumeric() || before == '_' || before == '$' {
                continue;
            }
            let name: String = line[at + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
        // `use crate::{a, b}`
        if let Some(rest) = line.strip_prefix("use crate::{") {
            for part in rest.split([',', '}']) {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

fn floor_of(module: &str) -> Option<usize> {
    FLOORS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

#[test]
fn imports_only_go_down_and_never_in_a_circle() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut upward = Vec::new();
    let mut unplaced = BTreeSet::new();
    for file in &files {
        if file.ends_with("lib.rs") {
            continue;
        }
        let module = module_of(file);
        if BINARY.contains(&module.as_str()) {
            continue;
        }
        let Some(floor) = floor_of(&module) else {
            unplaced.insert(module);
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for target in imports(&text) {
            if target == module || target == "t" {
                continue;
            }
            match floor_of(&target) {
                Some(to) if to > floor => upward.push(format!(
                    "{} (floor {floor}) imports {target} (floor {to})",
                    file.strip_prefix(src()).unwrap().display()
                )),
                Some(_) => {
                    graph.entry(module.clone()).or_default().insert(target);
                }
                None => {
                    unplaced.insert(target);
                }
            }
        }
    }
    assert!(unplaced.is_empty(), "modules on no floor: {unplaced:?}");
    assert!(
        upward.is_empty(),
        "imports that go up a floor:\n{}",
        upward.join("\n")
    );
    if let Some(circle) = find_circle(&graph) {
        panic!(
            "modules import each other in a circle: {}",
            circle.join(" → ")
        );
    }
}

fn find_circle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_string());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        if let Some(circle) = visit(node, graph, &mut Vec::new(), &mut done) {
            return Some(circle);
        }
    }
    None
}

#[test]
fn every_module_says_what_it_owns() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let silent: Vec<_> = files
        .iter()
        .filter(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            !text.trim_start().starts_with("//!")
        })
        .map(|file| file.strip_prefix(src()).unwrap().display().to_string())
        .collect();
    assert!(
        silent.is_empty(),
        "modules without a //! comment: {silent:?}"
    );
}

#[test]
fn the_checker_sees_upward_imports_and_circles() {
    let found = imports(
        "use crate::render::{self, Email};\nlet x = crate::web::App::new();\n// crate::archive\n",
    );
    assert_eq!(
        found,
        BTreeSet::from(["render".to_string(), "web".to_string()])
    );
    let graph = BTreeMap::from([
        ("a".to_string(), BTreeSet::from(["b".to_string()])),
        ("b".to_string(), BTreeSet::from(["a".to_string()])),
    ]);
    assert!(find_circle(&graph).is_some());
}
