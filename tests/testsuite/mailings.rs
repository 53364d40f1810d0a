//! One-off mailings beside the quarterly issues (`2027-03-einladung-tag`):
//! scaffolded by `new --mailing`, checked, built, sent and archived like an
//! issue, with their own template (body, button, dates) and their own
//! section of the archive; the quarterly numbering and pages stay as they were.

use crate::smtp::SmtpServer;
use crate::util::{Daemon, TestWorkspace};

const ID: &str = "2027-03-einladung-tag";
const FILE: &str = "issues/2027-03-einladung-tag/issue.toml";

/// An invitation as an editor would write it: German with an English
/// edition, a button in each language, and one date.
const INVITATION: &str = r#"title = "Einladung zum Tag der Städtepartnerschaften"
date = 2027-03-04
language = "de"
subject = "Einladung: Tag der Städtepartnerschaften am 8. Mai"
preheader = "Programm, Anmeldung und Anreise nach Dortmund"

body = '''
wir laden Sie herzlich zum **Tag der Städtepartnerschaften** nach Dortmund ein.
'''

[cta]
label = "Jetzt anmelden"
url = "https://www.example.org/tag/anmeldung"

[[events]]
date = 2027-05-08T10:00:00
title = "Tag der Städtepartnerschaften 2027"
place = "Dortmund"

[editions.en]
title = "Invitation to the Day of Town Twinning"
subject = "Invitation: Day of Town Twinning on 8 May"
preheader = "Programme, registration and travel to Dortmund"
body = '''
we warmly invite you to the **Day of Town Twinning** in Dortmund.
'''

[editions.en.cta]
label = "Register now"
url = "https://www.example.org/tag/registration"
"#;

fn with_invitation(ws: &TestWorkspace) {
    ws.write(FILE, INVITATION);
}

#[test]
fn new_mailing_scaffolds_one_that_checks_and_builds_with_its_button() {
    let ws = TestWorkspace::sample();
    let run = ws.run(&["new", "--mailing", ID]).expect(0);
    assert!(run.stdout.contains(FILE), "{}", run.stdout);
    let toml = ws.read(FILE);
    assert!(toml.contains("date = 2027-03-01"), "{toml}");
    assert!(
        !toml.contains("number"),
        "a mailing takes no number: {toml}"
    );
    assert!(toml.contains("[cta]"), "{toml}");

    // Issue 13: every text it scaffolded is refused until written anew.
    let run = ws.run(&["check", ID]).expect(1);
    for key in ["subject", "preheader", "body", "cta.url"] {
        let line = format!("error[placeholder]: {key} is still the example text");
        assert!(run.stderr.contains(&line), "{line}\n{}", run.stderr);
    }
    assert_eq!(run.stderr.matches("error[placeholder]").count(), 4);

    ws.edit(
        FILE,
        "title = \"Einladung tag\"",
        "title = \"Einladung zum Tag\"",
    );
    ws.edit(
        FILE,
        "subject = \"Netzwerkstelle Städtepartnerschaften NRW: Einladung tag\"",
        "subject = \"Einladung zum Tag der Städtepartnerschaften\"",
    );
    ws.edit(
        FILE,
        "preheader = \"Worum es geht, in einem Satz\"",
        "preheader = \"Am 8. Mai in Dortmund\"",
    );
    ws.edit(
        FILE,
        "Hier steht, wozu Sie einladen oder aufrufen, in Markdown.",
        "Wir laden Sie zum Tag der Städtepartnerschaften ein.",
    );
    ws.edit(
        FILE,
        "url = \"https://www.example.org/anmeldung\"",
        "url = \"https://www.example.org/tag/anmeldung\"",
    );
    // No entries, and still nothing missing.
    let run = ws.run(&["check", ID]).expect(0);
    assert!(run.stdout.contains("no problems found"), "{}", run.stdout);

    ws.run(&["build", ID]).expect(0);
    let html = ws.read(&format!("out/{ID}/email.html"));
    assert!(
        html.contains(r#"<a href="https://www.example.org/tag/anmeldung""#),
        "{html}"
    );
    assert!(html.contains(">Jetzt anmelden</a>"), "{html}");
    assert!(html.contains("Einladung zum Tag</h1>"), "{html}");
    let text = ws.read(&format!("out/{ID}/email.txt"));
    assert!(
        text.contains(">> Jetzt anmelden: https://www.example.org/tag/anmeldung"),
        "{text}"
    );
    assert!(
        text.contains(&format!("https://www.example.org/rundbrief/{ID}/")),
        "{text}"
    );
}

#[test]
fn a_mailing_has_its_editions_button_and_dates_in_each_language() {
    let ws = TestWorkspace::sample();
    with_invitation(&ws);
    ws.run(&["build", ID]).expect(0);
    let de = ws.read(&format!("out/{ID}/email.txt"));
    let en = ws.read(&format!("out/{ID}/email.en.txt"));
    assert!(
        de.contains(">> Jetzt anmelden: https://www.example.org/tag/anmeldung"),
        "{de}"
    );
    assert!(
        en.contains(">> Register now: https://www.example.org/tag/registration"),
        "{en}"
    );
    assert!(de.contains("Termine"), "{de}");
    assert!(de.contains("Tag der Städtepartnerschaften 2027"), "{de}");
    let html = ws.read(&format!("out/{ID}/email.en.html"));
    assert!(html.contains(">Register now</a>"), "{html}");
    assert!(html.contains("Day of Town Twinning</h1>"), "{html}");
}

#[test]
fn the_text_part_of_a_mailing() {
    let ws = TestWorkspace::sample();
    with_invitation(&ws);
    ws.run(&["build", ID]).expect(0);
    insta::assert_snapshot!("mailing_de_txt", ws.read(&format!("out/{ID}/email.txt")));
}

#[test]
fn a_button_may_lead_to_a_file_of_the_mailing_and_a_missing_one_is_an_error() {
    let ws = TestWorkspace::sample();
    with_invitation(&ws);
    ws.edit(
        FILE,
        "url = \"https://www.example.org/tag/anmeldung\"",
        "url = \"programm.pdf\"",
    );
    let run = ws.run(&["check", ID]).expect(1);
    assert!(run.stderr.contains("error[broken-link]"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{FILE}:")), "{}", run.stderr);

    ws.write(&format!("issues/{ID}/programm.pdf"), "%PDF-1.4\n");
    ws.run(&["build", ID]).expect(0);
    let html = ws.read(&format!("out/{ID}/email.html"));
    assert!(
        html.contains(&format!(
            r#"<a href="https://www.example.org/rundbrief/{ID}/programm.pdf""#
        )),
        "{html}"
    );
    assert!(ws.path(&format!("out/{ID}/programm.pdf")).is_file());
}

#[test]
fn a_button_needs_a_label_and_belongs_to_mailings_only() {
    let ws = TestWorkspace::sample();
    with_invitation(&ws);
    ws.edit(FILE, "label = \"Jetzt anmelden\"", "label = \" \"");
    let run = ws.run(&["check", ID]).expect(1);
    assert!(run.stderr.contains("[cta] label"), "{}", run.stderr);

    let ws = TestWorkspace::sample();
    let issue = ws.read("issues/2026-Q4/issue.toml");
    ws.write(
        "issues/2026-Q4/issue.toml",
        format!("{issue}\n[cta]\nlabel = \"Mehr\"\nurl = \"https://www.example.org/\"\n"),
    );
    let run = ws.run(&["check", "2026-Q4"]).expect(1);
    assert!(
        run.stderr.contains("only a mailing") && run.stderr.contains("([cta])"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_mailing_is_sent_like_an_issue_and_shows_in_status() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit("rundbrief.toml", "rate = \"10/s\"", "rate = \"unlimited\"");
    with_invitation(&ws);
    ws.import_confirmed("anna@example.org,de\njane@example.org,en\n");

    let run = ws
        .run(&["send", ID, "--test", "redaktion@example.org"])
        .expect(0);
    assert_eq!(smtp.received().len(), 1, "{}", run.stdout);
    let test = &smtp.to("redaktion@example.org")[0];
    assert_eq!(
        test.mime().subject(),
        Some("[TEST] Einladung: Tag der Städtepartnerschaften am 8. Mai")
    );

    let run = ws.run(&["send", ID, "--yes"]).expect(0);
    assert!(
        run.stdout
            .contains(&format!("{ID}: 2 recipients (de 1, en 1)")),
        "{}",
        run.stdout
    );
    let anna = &smtp.to("anna@example.org")[0];
    let mime = anna.mime();
    assert_eq!(
        mime.subject(),
        Some("Einladung: Tag der Städtepartnerschaften am 8. Mai")
    );
    assert!(mime.body_html(0).unwrap().contains(">Jetzt anmelden</a>"));
    let message_id = anna.header("Message-ID").unwrap_or_default();
    assert!(
        message_id.contains(&format!("rundbrief.{ID}.")),
        "{message_id}"
    );
    let jane = &smtp.to("jane@example.org")[0];
    assert_eq!(
        jane.mime().subject(),
        Some("Invitation: Day of Town Twinning on 8 May")
    );

    let status = ws.run(&["status", ID]).expect(0).stdout;
    assert!(
        status.contains(&format!("{ID}: 2 recipients, frozen on")),
        "{status}"
    );
    assert!(status.contains("sent                        2"), "{status}");
    // The quarterly issue's delivery is its own.
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(status.contains("has not been sent yet"), "{status}");
}

#[test]
fn the_archive_lists_mailings_in_their_own_section_and_quarterly_pages_stay_as_they_were() {
    let ws = TestWorkspace::sample();
    ws.run(&["archive"]).expect(0);
    let quarter_before = ws.read("public/2026-q4/index.html");
    let feed_before = ws.read("public/feed.xml");

    with_invitation(&ws);
    ws.run(&["archive"]).expect(0);
    assert_eq!(
        ws.read("public/2026-q4/index.html"),
        quarter_before,
        "a mailing changes nothing on a quarterly issue's page"
    );

    let index = ws.read("public/index.html");
    let section = index
        .find("<h2>Einladungen &amp; Mitteilungen</h2>")
        .unwrap_or_else(|| panic!("no section of mailings: {index}"));
    let mailing = index
        .find(&format!("/rundbrief/{ID}/"))
        .expect("the mailing is listed");
    let quarter = index
        .find("/rundbrief/2026-q4/")
        .expect("2026-Q4 is listed");
    assert!(
        quarter < section && section < mailing,
        "issues first, then the mailings' section with the mailing: {index}"
    );
    assert!(index.contains("Mitteilung · 4. März 2027"), "{index}");

    let page = ws.read(&format!("public/{ID}/index.html"));
    assert!(
        page.contains(r#"<a class="cta" href="https://www.example.org/tag/anmeldung""#),
        "{page}"
    );
    assert!(page.contains("Jetzt anmelden</a>"), "{page}");
    let english = ws.read(&format!("public/{ID}/en/index.html"));
    assert!(english.contains("Register now</a>"), "{english}");
    assert!(ws.path(&format!("public/{ID}/email.eml")).is_file());

    let feed = ws.read("public/feed.xml");
    assert!(
        feed.contains(&format!("<id>https://www.example.org/rundbrief/{ID}/</id>")),
        "{feed}"
    );
    assert!(
        feed.contains("<title>Einladung zum Tag der Städtepartnerschaften</title>"),
        "{feed}"
    );
    assert_eq!(
        feed.matches("<entry").count(),
        feed_before.matches("<entry").count() + 1,
        "the feed gains the mailing and keeps every entry"
    );
}

#[test]
fn quarterly_numbering_ignores_mailings() {
    let ws = TestWorkspace::sample();
    with_invitation(&ws);
    ws.run(&["new", "--mailing", "2026-12-gruss"]).expect(0);
    ws.run(&["new", "2027-Q1"]).expect(0);
    let issue = ws.read("issues/2027-Q1/issue.toml");
    assert!(issue.contains("number = 13"), "{issue}");
}

#[test]
fn bad_mailing_names_are_refused_saying_what_is_wrong() {
    let ws = TestWorkspace::sample();
    let cases = [
        ("2027-13-einladung", "there is no such month"),
        ("2027-03-Einladung", "only lowercase letters"),
        ("2027-03-einladung--tag", "no two in a row"),
        ("2027-Q1", "the year in four and the month in two digits"),
        ("einladung", "the year in four and the month in two digits"),
    ];
    for (name, reason) in cases {
        let run = ws.run(&["new", "--mailing", name]).expect(1);
        assert!(
            run.stderr
                .contains(&format!("\"{name}\" is not a mailing name")),
            "{name}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(reason), "{name}: {}", run.stderr);
        assert!(
            run.stderr.contains("like 2027-03-einladung-tag"),
            "{name}: {}",
            run.stderr
        );
    }
    assert!(!ws.path("issues/2027-13-einladung").exists());
    // An issue name that is neither form names both.
    let run = ws.run(&["check", "einladung"]).expect(1);
    assert!(
        run.stderr.contains("like 2026-Q4") && run.stderr.contains("like 2027-03-einladung-tag"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_mailing_has_a_body_and_no_number() {
    let ws = TestWorkspace::sample();
    with_invitation(&ws);
    ws.edit(FILE, "body = '''", "number = 13\neditorial = '''");
    ws.edit(FILE, "body = '''", "editorial = '''");
    let run = ws.run(&["check", ID]).expect(1);
    assert!(
        run.stderr.contains("missing field `body`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown key `number`"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_preview_shows_a_mailing_with_its_button() {
    let ws = TestWorkspace::sample();
    with_invitation(&ws);
    let server = Daemon::start(&ws, &["preview", ID, "--bind", "127.0.0.1:0"]);
    let page = crate::util::get(&format!("{}/_preview/{ID}", server.base));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("<h2>Text</h2>"), "{}", page.body);
    let page = crate::util::get(&format!("{}/_preview/{ID}/email.html", server.base));
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains(">Jetzt anmelden</a>"), "{}", page.body);
}

#[test]
fn an_edition_without_a_button_of_its_own_shows_the_mailings_warned_once() {
    let ws = TestWorkspace::sample();
    with_invitation(&ws);
    ws.edit(
        FILE,
        "url = \"https://www.example.org/tag/anmeldung\"",
        "url = \"http://www.example.org/tag/anmeldung\"",
    );
    ws.edit(
        FILE,
        "[editions.en.cta]\nlabel = \"Register now\"\nurl = \"https://www.example.org/tag/registration\"\n",
        "",
    );
    let run = ws.run(&["check", ID]).expect(0);
    assert_eq!(
        run.stderr.matches("warning[insecure-link]").count(),
        1,
        "{}",
        run.stderr
    );
    ws.run(&["build", ID]).expect(0);
    let en = ws.read(&format!("out/{ID}/email.en.txt"));
    assert!(
        en.contains(">> Jetzt anmelden: http://www.example.org/tag/anmeldung"),
        "{en}"
    );
}

#[test]
fn a_mailing_for_english_readers_reaches_only_them_with_their_own_links() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit("rundbrief.toml", "rate = \"10/s\"", "rate = \"unlimited\"");
    ws.write(
        FILE,
        format!("{INVITATION}\n[audience]\nlanguages = [\"en\"]\n"),
    );
    ws.import_confirmed("anna@example.org,de\njane@example.org,en\njohn@example.org,en\n");

    let run = ws.run(&["send", ID, "--yes"]).expect(0);
    assert!(
        run.stdout.contains(&format!("{ID}: 2 recipients (en 2)")),
        "{}",
        run.stdout
    );
    let mut to: Vec<String> = smtp.received().iter().map(|m| m.to[0].clone()).collect();
    to.sort();
    assert_eq!(to, ["jane@example.org", "john@example.org"]);
    let jane = smtp.to("jane@example.org")[0].text();
    let john = smtp.to("john@example.org")[0].text();
    let link = |text: &str| crate::preferences::preferences_link(text);
    assert_ne!(link(&jane), link(&john), "each reader's own page");
}
