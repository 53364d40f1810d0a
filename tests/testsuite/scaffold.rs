//! `rundbrief init` and `rundbrief new`: someone outside this repository can
//! start a workspace and scaffold issues and entries that build at once.

use crate::util::{TestWorkspace, rundbrief};

#[test]
fn a_fresh_workspace_builds_its_example_issue() {
    let ws = TestWorkspace::empty();
    let run = rundbrief()
        .current_dir(ws.root())
        .args(["init", "verein"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let root = ws.path("verein");
    for file in [
        "rundbrief.toml",
        "templates/email.mjml",
        "templates/email.txt",
        ".gitignore",
    ] {
        assert!(root.join(file).is_file(), "{file} missing");
    }
    let built = rundbrief()
        .current_dir(&root)
        .arg("build")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&built.stdout);
    assert!(
        built.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&built.stderr)
    );
    assert!(stdout.contains("email.html"), "{stdout}");
    assert!(stdout.contains("welcome/index.html"), "{stdout}");
}

#[test]
fn init_refuses_to_overwrite_a_workspace() {
    let ws = TestWorkspace::sample();
    let run = ws.run(&["init", "."]).expect(1);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    assert!(ws.read("rundbrief.toml").contains("Netzwerkstelle"));
}

#[test]
fn new_scaffolds_an_issue_and_an_entry_that_build() {
    let ws = TestWorkspace::sample();
    let run = ws.run(&["new", "2027-Q1"]).expect(0);
    assert!(
        run.stdout.contains("issues/2027-Q1/issue.toml"),
        "{}",
        run.stdout
    );
    let issue = ws.read("issues/2027-Q1/issue.toml");
    assert!(issue.contains("date = 2027-01-01"), "{issue}");
    assert!(issue.contains("number = 3"), "{issue}");

    // An issue without entries is not ready yet, and says how to go on.
    let run = ws.run(&["check", "2027-Q1"]).expect(1);
    assert!(run.stderr.contains("no-entries"), "{}", run.stderr);

    let run = ws
        .run(&[
            "new",
            "2027-Q1",
            "--entry",
            "Jugendaustausch mit Łódź: Größe zählt",
        ])
        .expect(0);
    let file = "issues/2027-Q1/jugendaustausch-mit-lodz-groesse-zaehlt.md";
    assert!(run.stdout.contains(file), "{}", run.stdout);
    let entry = ws.read(file);
    assert!(
        entry.starts_with("+++\ntitle = \"Jugendaustausch mit Łódź: Größe zählt\""),
        "{entry}"
    );
    assert!(
        entry.contains("# from [vocabulary] in rundbrief.toml: uk, usa, polen"),
        "{entry}"
    );

    ws.run(&["build", "2027-Q1"]).expect(0);
    assert!(
        ws.path("out/2027-Q1/jugendaustausch-mit-lodz-groesse-zaehlt/index.html")
            .is_file()
    );
    // The newest issue is now 2027-Q1.
    let run = ws.run(&["check"]).expect(0);
    assert!(run.stdout.contains("2027-Q1"), "{}", run.stdout);
}

#[test]
fn new_refuses_to_overwrite_and_rejects_bad_names() {
    let ws = TestWorkspace::sample();
    let run = ws.run(&["new", "2026-Q4"]).expect(1);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    let run = ws.run(&["new", "2026-Q5"]).expect(1);
    assert!(run.stderr.contains("like 2026-Q4"), "{}", run.stderr);
    let run = ws.run(&["new", "2030-Q2", "--entry", "Titel"]).expect(1);
    assert!(
        run.stderr.contains("rundbrief new 2030-Q2"),
        "{}",
        run.stderr
    );
}

#[test]
fn outside_a_workspace_the_error_says_how_to_start() {
    let ws = TestWorkspace::empty();
    let run = ws.run(&["build"]).expect(1);
    assert!(
        run.stderr.contains("no rundbrief.toml in"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("rundbrief init"), "{}", run.stderr);
}
