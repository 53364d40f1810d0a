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
    for file in ["rundbrief.toml", "templates/README.md", ".gitignore"] {
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

/// Issue 15, finding 3: `init` copied all built-in templates, so no later
/// improvement reached the workspace and nobody could tell which files they
/// had changed. It writes only a README there; `templates list` tells what is
/// built in and what replaced, `templates copy` takes one over on purpose.
#[test]
fn init_writes_no_templates_and_copy_takes_one_over_on_purpose() {
    let ws = TestWorkspace::empty();
    let run = rundbrief()
        .current_dir(ws.root())
        .args(["init", "verein"])
        .output()
        .unwrap();
    assert!(run.status.success());
    let root = ws.path("verein");
    let in_templates: Vec<String> = std::fs::read_dir(root.join("templates"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(in_templates, ["README.md"]);
    let readme = std::fs::read_to_string(root.join("templates/README.md")).unwrap();
    assert!(readme.contains("rundbrief templates copy"), "{readme}");

    let run_in = |args: &[&str]| {
        let output = rundbrief().current_dir(&root).args(args).output().unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, list, _) = run_in(&["templates", "list"]);
    assert_eq!(code, 0);
    assert!(list.lines().count() > 20, "{list}");
    assert!(
        list.lines().all(|line| line.ends_with("built-in")),
        "{list}"
    );

    let (code, _, _) = run_in(&["templates", "copy", "email.mjml"]);
    assert_eq!(code, 0);
    let copied = std::fs::read_to_string(root.join("templates/email.mjml")).unwrap();
    assert!(copied.starts_with("{#- rundbrief: copied from the built-in email.mjml, version "));
    let (_, list, _) = run_in(&["templates", "list"]);
    let line = list.lines().find(|l| l.starts_with("email.mjml ")).unwrap();
    assert!(
        line.contains("still the same as the built-in one"),
        "{line}"
    );

    // The copy is what the email is made of.
    let edited = copied.replace("</mj-body>", "<mj-section><mj-column><mj-text>EIGENE VORLAGE</mj-text></mj-column></mj-section></mj-body>");
    std::fs::write(root.join("templates/email.mjml"), &edited).unwrap();
    let (_, list, _) = run_in(&["templates", "list"]);
    let line = list.lines().find(|l| l.starts_with("email.mjml ")).unwrap();
    assert!(line.ends_with("your own in templates/"), "{line}");
    run_in(&["build"]);
    let out = std::fs::read_dir(root.join("out"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let html = std::fs::read_to_string(out.join("email.html")).unwrap();
    assert!(html.contains("EIGENE VORLAGE"));

    // Copied from an older built-in: said so.
    let older = edited.replacen(", version ", ", version 000000", 1);
    std::fs::write(root.join("templates/email.mjml"), older).unwrap();
    let (_, list, _) = run_in(&["templates", "list"]);
    let line = list.lines().find(|l| l.starts_with("email.mjml ")).unwrap();
    assert!(
        line.contains("the built-in one has changed since"),
        "{line}"
    );

    let (code, _, err) = run_in(&["templates", "copy", "email.mjml"]);
    assert_ne!(code, 0, "no overwrite without --force");
    assert!(err.contains("email.mjml"), "{err}");
    let (code, _, _) = run_in(&["templates", "copy", "email.mjml", "--force"]);
    assert_eq!(code, 0);
    let (code, _, err) = run_in(&["templates", "copy", "emial.mjml"]);
    assert_ne!(code, 0);
    assert!(
        err.contains("email.mjml") && err.contains("emial.mjml"),
        "{err}"
    );
}
