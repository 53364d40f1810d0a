//! Snapshots (insta) of what readers and editors get from the sample
//! workspace: the email of 2026-Q4 as HTML, its text parts, the `.eml`, and
//! a `check` report. A change to any of them fails here until the new
//! output is reviewed and accepted; see README.md in this folder.

use sha2::{Digest, Sha256};

use crate::util::TestWorkspace;

/// The sample workspace with 2026-Q4 built into `out/2026-Q4/`.
fn built() -> TestWorkspace {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    ws
}

/// The email HTML as a reviewable snapshot: its size and SHA-256 first, so
/// that any change of a byte shows, then the text with a line break between
/// each tag and the next (the body is one line of some 20 KB otherwise).
fn reviewable_html(html: &str) -> String {
    let digest: String = Sha256::digest(html.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!(
        "{} bytes, sha256 {digest}; line breaks added between tags below\n\n{}",
        html.len(),
        html.replace("><", ">\n<")
    )
}

#[test]
fn the_german_email_html() {
    let ws = built();
    let html = ws.read("out/2026-Q4/email.html");
    insta::assert_snapshot!("email_de_html", reviewable_html(&html));
}

#[test]
fn the_german_text_part() {
    let ws = built();
    insta::assert_snapshot!("email_de_txt", ws.read("out/2026-Q4/email.txt"));
}

#[test]
fn the_english_text_part() {
    let ws = built();
    insta::assert_snapshot!("email_en_txt", ws.read("out/2026-Q4/email.en.txt"));
}

#[test]
fn the_german_eml_with_date_message_id_and_boundary_redacted() {
    let ws = built();
    let eml = ws.read("out/2026-Q4/email.eml");
    assert!(
        !eml.replace("\r\n", "").contains(['\r', '\n']),
        "every line of the .eml ends in CRLF"
    );
    let mime = mail_parser::MessageParser::default()
        .parse(eml.as_bytes())
        .expect("the .eml parses as MIME");
    // Both parts are the built files, with CRLF line endings.
    let part = |text: Option<std::borrow::Cow<'_, str>>| text.unwrap().replace("\r\n", "\n");
    assert_eq!(
        part(mime.body_html(0)),
        ws.read("out/2026-Q4/email.html"),
        "the HTML part is email.html"
    );
    assert_eq!(
        part(mime.body_text(0)),
        ws.read("out/2026-Q4/email.txt"),
        "the text part is email.txt"
    );
    let boundary = eml
        .split("boundary=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a multipart boundary");
    assert!(
        boundary.len() >= 20 && boundary.chars().all(|c| c.is_ascii_alphanumeric()),
        "{boundary:?}"
    );
    let eml = eml.replace("\r\n", "\n").replace(boundary, "[boundary]");
    // The quoted-printable HTML part is email.html again (asserted above
    // and snapshotted as email_de_html): only its place in the message is kept.
    let marker =
        "Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n";
    let start = eml.find(marker).expect("a quoted-printable HTML part") + marker.len();
    let end = start + eml[start..].find("\n--[boundary]").unwrap();
    let eml = format!(
        "{}[email.html, quoted-printable]{}",
        &eml[..start],
        &eml[end..]
    );
    insta::with_settings!({filters => vec![
        (r"(?m)^Date: .+$", "Date: [date]"),
        (r"(?m)^Message-ID: <[^>\n]+>$", "Message-ID: <[message-id]>"),
    ]}, {
        insta::assert_snapshot!("email_de_eml", eml);
    });
}

#[test]
fn a_check_report_with_two_problems() {
    let ws = TestWorkspace::sample();
    ws.edit(
        "issues/2026-Q4/albanien-nordmazedonien.md",
        "\"nordmazedonien\"]",
        "\"mazedonien\"]",
    );
    ws.edit(
        "issues/2026-Q4/jugendbegegnung-polen.md",
        "(digitale-partnerschaftsarbeit.md)",
        "(digitale-partnerschaft.md)",
    );
    let run = ws.run(&["check"]).expect(1);
    assert_eq!(run.stdout, "", "the report goes to stderr");
    let root = ws.root().display().to_string();
    insta::with_settings!({filters => vec![(root.as_str(), "[workspace]")]}, {
        insta::assert_snapshot!("check_report", run.stderr);
    });
}
