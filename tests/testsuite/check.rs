//! `rundbrief check`: each check has a fixture that makes it fire, and each
//! message names the file and line and says what to do.

use crate::util::{Run, TestWorkspace};

const POLEN: &str = "issues/2026-Q4/jugendbegegnung-polen.md";
const ALBANIEN: &str = "issues/2026-Q4/albanien-nordmazedonien.md";
const ISSUE: &str = "issues/2026-Q4/issue.toml";

/// The 1-based line of `needle` in a workspace file.
#[track_caller]
fn line_of(ws: &TestWorkspace, file: &str, needle: &str) -> usize {
    ws.read(file)
        .lines()
        .position(|line| line.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {file}"))
        + 1
}

/// Asserts that `check` printed `file:line: severity[kind]`.
#[track_caller]
fn reports(run: &Run, file: &str, line: Option<usize>, severity: &str, kind: &str) {
    let location = match line {
        Some(line) => format!("{file}:{line}: {severity}[{kind}]"),
        None => format!("{file}: {severity}[{kind}]"),
    };
    assert!(
        run.stderr.contains(&location),
        "expected {location:?} in\n{}",
        run.stderr
    );
}

#[test]
fn the_sample_issues_pass_with_only_the_draft_warning() {
    let ws = TestWorkspace::sample();
    let run = ws.run(&["check", "2026-Q3"]).expect(0);
    assert!(
        run.stdout.contains("2026-Q3: no problems found"),
        "{}",
        run.stdout
    );
    let run = ws.run(&["check", "2026-Q4"]).expect(0);
    reports(
        &run,
        "issues/2026-Q4/klimapartnerschaft-tuerkei.md",
        None,
        "warning",
        "draft",
    );
    assert!(run.stderr.contains("0 errors, 1 warning"), "{}", run.stderr);
    ws.run(&["check", "--strict", "2026-Q4"]).expect(1);
}

#[test]
fn a_missing_field_is_named() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "author = \"Team der Netzwerkstelle\"\n", "");
    let run = ws.run(&["check"]).expect(1);
    assert!(
        run.stderr.contains("missing field `author`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!("{ALBANIEN}:")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error[missing-field]"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_key_is_named_with_its_line() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "order = 20", "order = 20\nfarbe = \"blau\"");
    let run = ws.run(&["check"]).expect(1);
    reports(
        &run,
        ALBANIEN,
        Some(line_of(&ws, ALBANIEN, "farbe")),
        "error",
        "unknown-key",
    );
    assert!(run.stderr.contains("farbe"), "{}", run.stderr);
}

#[test]
fn an_unknown_tag_lists_the_known_ones() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "\"nordmazedonien\"]", "\"mazedonien\"]");
    let run = ws.run(&["check"]).expect(1);
    reports(
        &run,
        ALBANIEN,
        Some(line_of(&ws, ALBANIEN, "countries")),
        "error",
        "unknown-tag",
    );
    assert!(run.stderr.contains("\"mazedonien\""), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("known are: uk, usa, polen, ungarn, tuerkei, albanien, nordmazedonien"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_relative_link_is_an_error() {
    let ws = TestWorkspace::sample();
    ws.edit(
        POLEN,
        "(digitale-partnerschaftsarbeit.md)",
        "(digitale-partnerschaft.md)",
    );
    let run = ws.run(&["check"]).expect(1);
    reports(
        &run,
        POLEN,
        Some(line_of(&ws, POLEN, "digitale-partnerschaft.md")),
        "error",
        "broken-link",
    );
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

#[test]
fn a_missing_image_is_an_error() {
    let ws = TestWorkspace::sample();
    ws.edit(
        POLEN,
        "images/jugendbegegnung-polen.jpg",
        "images/Jugendbegegnung-Polen.jpg",
    );
    let run = ws.run(&["check"]).expect(1);
    reports(
        &run,
        POLEN,
        Some(line_of(&ws, POLEN, "image =")),
        "error",
        "missing-image",
    );
}

#[test]
fn an_image_without_alt_text_is_a_warning_and_strict_fails_on_it() {
    let ws = TestWorkspace::sample();
    ws.edit(
        POLEN,
        "image_alt = \"Zeichnung eines Rathauses, davor die Fahnen Deutschlands und Polens\"\n",
        "",
    );
    ws.edit(
        ALBANIEN,
        "Beide Republiken",
        "![](../2026-Q4/images/jugendbegegnung-polen.jpg)\n\nBeide Republiken",
    );
    let run = ws.run(&["check"]).expect(0);
    reports(
        &run,
        POLEN,
        Some(line_of(&ws, POLEN, "image =")),
        "warning",
        "missing-alt",
    );
    reports(
        &run,
        ALBANIEN,
        Some(line_of(&ws, ALBANIEN, "![](")),
        "warning",
        "missing-alt",
    );
    ws.run(&["check", "--strict"]).expect(1);
}

#[test]
fn an_unencrypted_link_is_a_warning() {
    let ws = TestWorkspace::sample();
    ws.edit(
        ALBANIEN,
        "<info@example.org>",
        "<http://www.example.org/kontakt>",
    );
    let run = ws.run(&["check"]).expect(0);
    reports(
        &run,
        ALBANIEN,
        Some(line_of(&ws, ALBANIEN, "http://")),
        "warning",
        "insecure-link",
    );
    ws.edit(
        ISSUE,
        "link = \"https://www.example.org/netzwerkstelle/seminare\"",
        "link = \"http://www.example.org/seminare\"",
    );
    let run = ws.run(&["check"]).expect(0);
    reports(
        &run,
        ISSUE,
        Some(line_of(&ws, ISSUE, "http://")),
        "warning",
        "insecure-link",
    );
}

#[test]
fn a_long_subject_and_a_missing_preheader_are_warnings() {
    let ws = TestWorkspace::sample();
    ws.edit(
        ISSUE,
        "subject = \"Rundbrief 4/2026: ",
        "subject = \"Rundbrief 4/2026 der Netzwerkstelle Städtepartnerschaften NRW: ",
    );
    ws.edit(
        ISSUE,
        "preheader = \"Drei Kommunen",
        "# preheader = \"Drei Kommunen",
    );
    let run = ws.run(&["check"]).expect(0);
    let line = line_of(&ws, ISSUE, "subject = \"Rundbrief");
    reports(&run, ISSUE, Some(line), "warning", "long-subject");
    reports(&run, ISSUE, Some(line), "warning", "missing-preheader");
    assert!(
        run.stderr.contains("the subject (de) has"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_email_over_gmails_limit_is_an_error() {
    let ws = TestWorkspace::sample();
    let paragraph =
        "Ein langer Absatz über Städtepartnerschaften, der sich wiederholt. ".repeat(40);
    let body = format!("{paragraph}\n\n").repeat(50);
    ws.write(
        "issues/2026-Q4/langer-bericht.md",
        format!("+++\ntitle = \"Ein sehr langer Bericht\"\nauthor = \"A\"\ndate = 2026-11-01\n+++\n\n{body}"),
    );
    let run = ws.run(&["check"]).expect(1);
    reports(&run, ISSUE, None, "error", "email-size");
    assert!(
        run.stderr.contains("Gmail clips above 102 KB"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let ws = TestWorkspace::sample();
    ws.edit(
        "templates/email.mjml",
        "{{ t.web_version }}</a>",
        "{{ t.web_version </a>",
    );
    let run = ws.run(&["check"]).expect(1);
    let line = line_of(&ws, "templates/email.mjml", "{{ t.web_version </a>");
    reports(
        &run,
        "templates/email.mjml",
        Some(line),
        "error",
        "template",
    );
}

#[test]
fn a_missing_template_is_an_error_that_says_so() {
    let ws = TestWorkspace::sample();
    ws.edit(
        "templates/email.mjml",
        "partials/events.mjml",
        "partials/termine.mjml",
    );
    let run = ws.run(&["check"]).expect(1);
    assert!(run.stderr.contains("error[template]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the template is missing"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("partials/termine.mjml"),
        "{}",
        run.stderr
    );
}

#[test]
fn invalid_mjml_is_an_error() {
    let ws = TestWorkspace::sample();
    ws.edit("templates/email.mjml", "</mj-body>", "");
    let run = ws.run(&["check"]).expect(1);
    reports(&run, "templates/email.mjml", None, "error", "mjml");
}

#[test]
fn an_unclosed_front_matter_names_its_opening_line() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "order = 20\n+++", "order = 20\n");
    let run = ws.run(&["check"]).expect(1);
    reports(&run, ALBANIEN, Some(1), "error", "front-matter");
    assert!(
        run.stderr.contains("never closed; add a +++ line"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_malformed_date_is_named_with_its_line() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "date = 2026-11-05", "date = 2026-11-31");
    let run = ws.run(&["check"]).expect(1);
    let line = line_of(&ws, ALBANIEN, "date =");
    assert!(
        run.stderr.contains(&format!("{ALBANIEN}:{line}: error[")),
        "{}",
        run.stderr
    );
    ws.edit(ALBANIEN, "date = 2026-11-31", "date = \"5.11.2026\"");
    let run = ws.run(&["check"]).expect(1);
    assert!(
        run.stderr.contains(&format!("{ALBANIEN}:{line}: error[")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_that_is_not_utf8_names_the_line_of_the_first_bad_byte() {
    let ws = TestWorkspace::sample();
    let mut bytes = ws.read(ALBANIEN).into_bytes();
    let at = bytes.windows(7).position(|w| w == b"Beide R").unwrap();
    bytes.splice(at..at, b"Gr\xfc\xdfe ".iter().copied());
    ws.write(ALBANIEN, bytes);
    let run = ws.run(&["check"]).expect(1);
    let line = line_of_bytes(&ws, ALBANIEN, b"Gr\xfc");
    reports(&run, ALBANIEN, Some(line), "error", "encoding");
    assert!(run.stderr.contains("save it as UTF-8"), "{}", run.stderr);
}

fn line_of_bytes(ws: &TestWorkspace, file: &str, needle: &[u8]) -> usize {
    let bytes = std::fs::read(ws.path(file)).unwrap();
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap();
    bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
}

#[test]
fn an_issue_without_entries_is_an_error() {
    let ws = TestWorkspace::sample();
    for item in std::fs::read_dir(ws.path("issues/2026-Q4")).unwrap() {
        let path = item.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            std::fs::remove_file(path).unwrap();
        }
    }
    let run = ws.run(&["check"]).expect(1);
    reports(&run, ISSUE, None, "error", "no-entries");
    assert!(
        run.stderr.contains("rundbrief new 2026-Q4 --entry"),
        "{}",
        run.stderr
    );
}

#[test]
fn two_entries_with_the_same_slug_are_an_error() {
    let ws = TestWorkspace::sample();
    let copy = ws.read(ALBANIEN);
    ws.write("issues/2026-Q4/albanien-kopie.md", copy);
    let run = ws.run(&["check"]).expect(1);
    assert!(
        run.stderr.contains("error[duplicate-slug]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("albanien-und-nordmazedonien-erste-anknuepfungspunkte"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_typo_in_the_configuration_names_the_key_and_line() {
    let ws = TestWorkspace::sample();
    ws.edit("rundbrief.toml", "postal_address =", "postal_adress =");
    let run = ws.run(&["check"]).expect(1);
    let line = line_of(&ws, "rundbrief.toml", "postal_adress");
    assert!(
        run.stderr.contains(&format!("rundbrief.toml:{line}:")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("postal_adress"), "{}", run.stderr);
}

#[test]
fn messages_are_german_when_asked() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "\"nordmazedonien\"]", "\"mazedonien\"]");
    let output = crate::util::rundbrief()
        .current_dir(ws.root())
        .env("RUNDBRIEF_LANG", "de")
        .arg("check")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Fehler[unknown-tag]: unbekannter Eintrag \"mazedonien\""),
        "{stderr}"
    );
    assert!(stderr.contains("1 Fehler, 1 Warnung"), "{stderr}");
}

// Regression: an unknown tag stopped `check` before the rendering checks
// ran, so the editor saw one problem per run instead of all of them.
#[test]
fn an_unknown_tag_does_not_hide_the_other_problems() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "\"nordmazedonien\"]", "\"mazedonien\"]");
    ws.edit(POLEN, "(digitale-partnerschaftsarbeit.md)", "(fehlt.md)");
    let run = ws.run(&["check"]).expect(1);
    assert!(run.stderr.contains("error[unknown-tag]"), "{}", run.stderr);
    assert!(run.stderr.contains("error[broken-link]"), "{}", run.stderr);
    assert!(run.stderr.contains("2 errors, 1 warning"), "{}", run.stderr);
}
