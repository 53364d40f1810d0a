//! Issue 13, "The editor cannot get it wrong": mistakes `check` catches
//! before readers do (dates, links, alt texts, links that do not answer),
//! the greeting an office chooses, and the MJML `build --mjml` shows.
//! Placeholders and numbering are pinned in `scaffold.rs` and `mailings.rs`.

use crate::util::{TestWorkspace, closed_port};

const ENTRY: &str = "issues/2026-Q4/albanien-nordmazedonien.md";

/// Appends paragraphs to a file; returns the line each begins on.
fn append(ws: &TestWorkspace, file: &str, paragraphs: &[&str]) -> Vec<usize> {
    let mut text = ws.read(file);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let mut lines = Vec::new();
    for paragraph in paragraphs {
        text.push('\n');
        lines.push(text.lines().count() + 1);
        text.push_str(paragraph);
        text.push('\n');
    }
    ws.write(file, text);
    lines
}

/// Finding "links that cannot work are flagged": an empty target, a
/// misspelt scheme and an anchor the page lacks are errors at their line;
/// an anchor the page has (a footnote's) is not.
#[test]
fn links_that_cannot_work_are_errors_at_their_line() {
    let ws = TestWorkspace::sample();
    let lines = append(
        &ws,
        ENTRY,
        &[
            "Hier ein [leerer Link]().",
            "Und [ein vertippter](htps://www.example.org/).",
            "Zurück [nach oben](#oben).",
            "Eine Anmerkung[^quelle] und [zu ihr](#fn-quelle).",
            "[^quelle]: Die Quelle.",
        ],
    );
    let run = ws.run(&["check"]).expect(1);
    for (line, code) in [
        (lines[0], "empty-link"),
        (lines[1], "unknown-scheme"),
        (lines[2], "missing-anchor"),
    ] {
        let expected = format!("{ENTRY}:{line}: error[{code}]");
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    assert!(run.stderr.contains("\"htps:\""), "{}", run.stderr);
    assert!(!run.stderr.contains("fn-quelle"), "{}", run.stderr);
    assert_eq!(run.stderr.matches("error[").count(), 3, "{}", run.stderr);
}

/// Finding "a missing alt text is reported once, not twice": an entry's
/// picture without `image_alt` was reported from the front matter and again
/// from the rendered image.
#[test]
fn a_missing_alt_text_is_reported_once() {
    let ws = TestWorkspace::sample();
    let file = "issues/2026-Q4/jugendbegegnung-polen.md";
    ws.edit(
        file,
        "image_alt = \"Zeichnung eines Rathauses, davor die Fahnen Deutschlands und Polens\"\n",
        "",
    );
    let run = ws.run(&["check"]).expect(0);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(said.matches("[missing-alt]").count(), 1, "{said}");
    assert!(
        said.contains(&format!("{file}:8: warning[missing-alt]")),
        "{said}"
    );
}

/// Finding "dates that cannot be right are flagged": an entry dated after
/// its issue, one more than a year before it, an event before the issue.
#[test]
fn dates_that_cannot_be_right_are_flagged_at_their_line() {
    let ws = TestWorkspace::sample();
    ws.edit(ENTRY, "date = 2026-11-05", "date = 2026-12-05");
    let older = "issues/2026-Q4/twinning-after-brexit.md";
    ws.edit(older, "date = 2026-11-18", "date = 2025-11-18");
    ws.edit(
        "issues/2026-Q4/issue.toml",
        "date = 2026-12-03T15:00:00",
        "date = 2026-11-03T15:00:00",
    );
    let run = ws.run(&["check", "--strict"]).expect(1);
    for expected in [
        format!("{ENTRY}:4: warning[implausible-date]"),
        format!("{older}:4: warning[implausible-date]"),
        "issues/2026-Q4/issue.toml:28: warning[implausible-date]".to_string(),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    assert_eq!(run.stderr.matches("[implausible-date]").count(), 3);
}

/// A web server on loopback for `check --links`: a page, a redirect to it,
/// a missing page, a page that refuses HEAD but answers GET, and a redirect
/// that never ends.
fn link_server() -> u16 {
    use axum::http::{Method, StatusCode};
    use axum::response::Redirect;
    use axum::routing::{any, get};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let app = axum::Router::new()
                .route("/ok", get(|| async { "ok" }))
                .route("/moved", get(|| async { Redirect::permanent("/ok") }))
                .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
                .route(
                    "/robots-not-welcome",
                    get(|| async { StatusCode::FORBIDDEN }),
                )
                .route(
                    "/get-only",
                    any(|method: Method| async move {
                        if method == Method::GET {
                            StatusCode::OK
                        } else {
                            StatusCode::METHOD_NOT_ALLOWED
                        }
                    }),
                )
                .route("/circle", get(|| async { Redirect::temporary("/circle") }));
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    port
}

/// Finding "`check --links`": every external link is tried, redirects
/// followed, GET where HEAD is refused; each failure is an error at every
/// place the link is written. Only loopback is contacted: the issue links
/// nothing else outside its own archive.
#[test]
fn check_links_tries_each_external_link_and_names_where_it_fails() {
    let ws = TestWorkspace::sample();
    let port = link_server();
    let closed = closed_port();
    let web = format!("http://127.0.0.1:{port}");
    let nowhere = format!("http://127.0.0.1:{}/", closed.port);
    let editorial = format!(
        "Ein [Link]({web}/ok), ein [umgezogener]({web}/moved).\n\n\
         Ein [fehlender]({web}/gone).\n\n\
         Einer [nur für GET]({web}/get-only).\n\n\
         Einer [im Kreis]({web}/circle).\n\n\
         Einer [nur für Menschen]({web}/robots-not-welcome).\n\n\
         Einer [ins Leere]({nowhere}).\n\n\
         Und ein [Beitrag](links.md) im eigenen Archiv.\n"
    );
    let issue = format!(
        "title = \"Rundbrief 1/2027\"\nnumber = 13\ndate = 2027-01-10\n\
         subject = \"Rundbrief 1/2027: Links\"\npreheader = \"Alles über Links\"\n\n\
         editorial = '''\n{editorial}'''\n"
    );
    ws.write("issues/2027-Q1/issue.toml", &issue);
    ws.write(
        "issues/2027-Q1/links.md",
        format!(
            "+++\ntitle = \"Links\"\nauthor = \"Team\"\ndate = 2027-01-05\n+++\n\n\
             Noch einmal [fehlend]({web}/gone).\n"
        ),
    );
    let line = |needle: &str| 1 + issue.lines().position(|l| l.contains(needle)).unwrap();

    // Without --links nothing is fetched, and nothing is wrong.
    ws.run(&["check", "2027-Q1"]).expect(0);

    let run = ws.run(&["check", "2027-Q1", "--links"]).expect(1);
    for expected in [
        format!(
            "issues/2027-Q1/issue.toml:{}: error[dead-link]: {web}/gone",
            line("/gone")
        ),
        "issues/2027-Q1/links.md:7: error[dead-link]".to_string(),
        format!(
            "issues/2027-Q1/issue.toml:{}: error[dead-link]: {web}/circle",
            line("/circle")
        ),
        format!(
            "issues/2027-Q1/issue.toml:{}: error[dead-link]: {nowhere}",
            line(&nowhere)
        ),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    assert!(run.stderr.contains("HTTP 404"), "{}", run.stderr);
    // A site that refuses programs may well serve readers: a warning.
    let refused = format!(
        "issues/2027-Q1/issue.toml:{}: warning[dead-link]: {web}/robots-not-welcome",
        line("/robots-not-welcome")
    );
    assert!(run.stderr.contains(&refused), "{refused}\n{}", run.stderr);
    assert_eq!(
        run.stderr.matches("error[dead-link]").count(),
        4,
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("[dead-link]").count(),
        5,
        "{}",
        run.stderr
    );
}

/// Finding "the greeting fits the office and the web": `[salutation.<lang>]`
/// replaces the catalog's greeting in that language (named with `{name}`,
/// anonymous without), other languages keep their catalog's; the archive's
/// web version opens the editorial with the greeting for everyone, so it
/// never starts with a lowercase "das Jahr geht zu Ende".
#[test]
fn the_salutation_is_the_offices_and_the_web_version_greets_everyone() {
    let smtp = crate::smtp::SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.run(&["archive"]).expect(0);
    let page = ws.read("public/2026-q4/index.html");
    assert!(
        page.contains("<p>Liebe Leserinnen und Leser,</p><p>das Jahr geht zu Ende"),
        "{page}"
    );

    ws.configure(
        "[salutation.de]\nnamed = \"Guten Tag {name},\"\nanonymous = \"Sehr geehrte Damen und Herren,\"",
    );
    ws.run(&["build"]).expect(0);
    let de = ws.read("out/2026-Q4/email.txt");
    assert!(de.contains("Guten Tag Erika Mustermann,"), "{de}");
    let en = ws.read("out/2026-Q4/email.en.txt");
    assert!(en.contains("Hello "), "{en}");

    ws.run(&["archive"]).expect(0);
    let page = ws.read("public/2026-q4/index.html");
    assert!(
        page.contains("<p>Sehr geehrte Damen und Herren,</p><p>das Jahr geht zu Ende"),
        "{page}"
    );
    let page = ws.read("public/2026-q4/en/index.html");
    assert!(
        page.contains("<p>Dear readers,</p><p>the year is drawing"),
        "{page}"
    );

    // A reader whose name is not known gets the anonymous greeting.
    ws.import_confirmed("leser@example.org,de\n");
    ws.run(&["send", "--yes"]).expect(0);
    let received = smtp.received();
    assert_eq!(received.len(), 1);
    let mail = received[0].mime();
    let text = mail.body_text(0).unwrap();
    assert!(text.contains("Sehr geehrte Damen und Herren,"), "{text}");
}

/// Finding "`build --mjml` also writes the MJML after templating": one file
/// per edition beside its HTML, and none without the flag.
#[test]
fn build_mjml_writes_each_editions_mjml() {
    let ws = TestWorkspace::sample();
    ws.run(&["build"]).expect(0);
    assert!(!ws.path("out/2026-Q4/email.mjml").exists());
    let run = ws.run(&["build", "--mjml"]).expect(0);
    assert!(run.stdout.contains("email.mjml"), "{}", run.stdout);
    for (file, subject) in [
        ("out/2026-Q4/email.mjml", "Rundbrief 4/2026"),
        ("out/2026-Q4/email.en.mjml", "Newsletter 4/2026"),
    ] {
        let mjml = ws.read(file);
        assert!(mjml.trim_start().starts_with("<mjml"), "{mjml}");
        assert!(mjml.contains(subject), "{file}: {mjml}");
        assert!(!mjml.contains("{{"), "templated: {mjml}");
    }
}

/// Finding "README's quick start says how to put `rundbrief` on the PATH
/// before the editor's guide uses it".
#[test]
fn the_readme_installs_rundbrief_before_the_guide_uses_it() {
    let readme = std::fs::read_to_string(crate::util::sample_root().join("README.md")).unwrap();
    let install = readme
        .find("cargo install --path .")
        .expect("README says how to install");
    let first_use = readme
        .find("\nrundbrief ")
        .expect("README uses the command");
    let guide = readme.find("## The editor's guide").unwrap();
    assert!(install < first_use, "installed after its first use");
    assert!(install < guide, "installed after the guide begins");
}
