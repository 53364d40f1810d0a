//! `rundbrief init` and `rundbrief new`: someone outside this repository can
//! start a workspace and scaffold issues and entries that build at once.

use std::path::Path;

use crate::smtp::SmtpServer;
use crate::util::{Run, TestWorkspace, rundbrief};

/// Runs the binary in `dir` (a workspace `init` wrote inside a test's folder).
fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = rundbrief().current_dir(dir).args(args).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Replaces each line of `file` that starts with a key of `lines` by its value.
fn rewrite_lines(file: &Path, lines: &[(&str, &str)]) {
    let text = std::fs::read_to_string(file).unwrap();
    let mut out = String::new();
    for line in text.lines() {
        let replaced = lines
            .iter()
            .find(|(start, _)| line.trim_start().starts_with(start))
            .map_or(line, |(_, by)| by);
        out.push_str(replaced);
        out.push('\n');
    }
    std::fs::write(file, out).unwrap();
}

/// Issue 13, "Placeholders never escape": the example issue `init` writes is
/// all placeholders; `check` names each with file and line, `send` refuses
/// it (with a working relay and a subscriber waiting), and once the editor
/// has written their own texts it builds and goes out. Also pins "`init
/// mein-rundbrief` names the site after the folder" (not "Rundbrief Rundbrief").
#[test]
fn a_fresh_workspace_refuses_to_send_its_example_until_the_editor_wrote_it() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::empty();
    let run = ws.run(&["init", "mein-rundbrief"]).expect(0);
    assert!(run.stdout.contains("rundbrief check"), "{}", run.stdout);
    let root = ws.path("mein-rundbrief");
    for file in ["rundbrief.toml", "templates/README.md", ".gitignore"] {
        assert!(root.join(file).is_file(), "{file} missing");
    }
    let config = std::fs::read_to_string(root.join("rundbrief.toml")).unwrap();
    assert!(config.contains("name = \"Mein Rundbrief\"\n"), "{config}");
    assert!(
        config.contains("from = \"Mein Rundbrief <rundbrief@example.org>\""),
        "{config}"
    );
    rewrite_lines(
        &root.join("rundbrief.toml"),
        &[
            ("host = ", "host = \"127.0.0.1\""),
            ("port = ", &format!("port = {}", smtp.port)),
            ("tls = ", "tls = \"none\""),
            ("user = ", ""),
        ],
    );
    std::fs::write(
        root.join("liste.csv"),
        "email,language\nerika@example.org,de\n",
    )
    .unwrap();
    run_in(
        &root,
        &[
            "subscribers",
            "import",
            "liste.csv",
            "--consent",
            "Formular",
        ],
    )
    .expect(0);

    let issue_dir = std::fs::read_dir(root.join("issues"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let id = issue_dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let issue_file = format!("issues/{id}/issue.toml");
    let issue_text = std::fs::read_to_string(issue_dir.join("issue.toml")).unwrap();
    let line_of = |text: &str, start: &str| {
        1 + text
            .lines()
            .position(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no {start} in {text}"))
    };
    // A draft: the archive leaves it out until the editor removes the line.
    assert!(issue_text.contains("\ndraft = true\n"), "{issue_text}");
    let entry = std::fs::read_dir(&issue_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .unwrap();
    let entry_file = format!(
        "issues/{id}/{}",
        entry.file_name().unwrap().to_string_lossy()
    );
    let entry_text = std::fs::read_to_string(&entry).unwrap();

    let check = run_in(&root, &["check"]).expect(1);
    for (file, line) in [
        (&issue_file, line_of(&issue_text, "subject = ")),
        (&issue_file, line_of(&issue_text, "preheader = ")),
        (
            &issue_file,
            line_of(&issue_text, "Hier steht das Editorial"),
        ),
        (&issue_file, line_of(&issue_text, "link = ")),
        (&entry_file, line_of(&entry_text, "summary = ")),
        (&entry_file, line_of(&entry_text, "Der Text des Beitrags")),
    ] {
        let expected = format!("{file}:{line}: error[placeholder]");
        assert!(
            check.stderr.contains(&expected),
            "{expected}\n{}",
            check.stderr
        );
    }
    assert_eq!(
        check.stderr.matches("error[placeholder]").count(),
        6,
        "{}",
        check.stderr
    );

    let send = run_in(&root, &["send", "--yes"]).expect(1);
    assert!(
        send.stderr.contains("error[placeholder]"),
        "{}",
        send.stderr
    );
    assert!(smtp.received().is_empty(), "the example went out");
    // A test copy shows the half-written issue in a real mail program: the
    // placeholders do not stop it (issue 15, where a new editor still tripped).
    let test = run_in(&root, &["send", "--test", "redaktion@example.org"]).expect(0);
    assert!(
        test.stdout.contains("redaktion@example.org: 250"),
        "{}",
        test.stdout
    );
    let copies = smtp.received();
    assert_eq!(copies.len(), 1);
    assert_eq!(copies[0].to, ["redaktion@example.org"]);
    assert!(
        copies[0].mime().subject().unwrap().starts_with("[TEST] "),
        "a test copy cannot pass for the issue"
    );
    assert_eq!(
        run_in(&root, &["send", "--dry-run"]).code,
        1,
        "only the test copy is let through"
    );

    rewrite_lines(
        &issue_dir.join("issue.toml"),
        &[
            ("subject = ", "subject = \"Unser erster Rundbrief\""),
            ("preheader = ", "preheader = \"Was wir vorhaben\""),
            ("Hier steht das Editorial", "Das Jahr geht zu Ende."),
            ("link = ", "link = \"https://www.verein.example/termine\""),
        ],
    );
    rewrite_lines(
        &entry,
        &[
            ("summary = ", "summary = \"Wer wir sind.\""),
            ("Der Text des Beitrags", "Wir sind ein kleiner Verein."),
        ],
    );
    let built = run_in(&root, &["build"]).expect(0);
    assert!(built.stdout.contains("email.html"), "{}", built.stdout);
    run_in(&root, &["send", "--yes"]).expect(0);
    let received = smtp.to("erika@example.org");
    assert_eq!(received.len(), 1);
    let mail = received[0].mime();
    let body = mail.body_text(0).unwrap();
    for written in ["Das Jahr geht zu Ende.", "Wer wir sind."] {
        assert!(body.contains(written), "{body}");
    }
}

/// Issue 13: `init .` names the site after the folder it stands in.
#[test]
fn init_in_the_current_folder_names_the_site_after_it() {
    let ws = TestWorkspace::empty();
    let root = ws.path("tag_der_partnerschaft");
    std::fs::create_dir(&root).unwrap();
    run_in(&root, &["init", "."]).expect(0);
    let config = std::fs::read_to_string(root.join("rundbrief.toml")).unwrap();
    assert!(
        config.contains("name = \"Tag Der Partnerschaft\"\n"),
        "{config}"
    );
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
    // Issue 13: the number after the newest issue's (12), not a count of folders.
    assert!(issue.contains("number = 13"), "{issue}");

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

    // Issue 13: what `new` scaffolded is refused until the editor wrote it.
    let run = ws.run(&["check", "2027-Q1"]).expect(1);
    assert_eq!(
        run.stderr.matches("error[placeholder]").count(),
        6,
        "{}",
        run.stderr
    );
    rewrite_lines(
        &ws.path("issues/2027-Q1/issue.toml"),
        &[
            ("subject = ", "subject = \"Rundbrief 1/2027\""),
            (
                "preheader = ",
                "preheader = \"Neues aus den Partnerschaften\"",
            ),
            ("Hier steht das Editorial", "Ein neues Jahr."),
            ("link = ", "link = \"https://www.verein.example/termine\""),
        ],
    );
    rewrite_lines(
        &ws.path(file),
        &[
            ("summary = ", "summary = \"Zwölf Jugendliche in Łódź.\""),
            ("Der Text des Beitrags", "Eine Woche Austausch."),
        ],
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
    // (The example issue is all placeholders and does not build: the sample
    // workspace, with the built-in email.mjml taken over, shows the effect.)
    let sample = TestWorkspace::sample();
    std::fs::remove_file(sample.path("templates/email.mjml")).unwrap();
    sample.run(&["templates", "copy", "email.mjml"]).expect(0);
    sample.edit(
        "templates/email.mjml",
        "</mj-body>",
        "<mj-section><mj-column><mj-text>EIGENE VORLAGE</mj-text></mj-column></mj-section></mj-body>",
    );
    sample.run(&["build", "2026-Q4"]).expect(0);
    assert!(
        sample
            .read("out/2026-Q4/email.html")
            .contains("EIGENE VORLAGE")
    );

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
