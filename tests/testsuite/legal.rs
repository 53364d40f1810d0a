//! The privacy policy and the legal notice (`[site] privacy_url`,
//! `imprint_url`): linked beside the consent, on every page `serve` answers,
//! in every mail footer and on every archive page; `check` warns while they
//! are missing.

use crate::smtp::SmtpServer;
use crate::subscribers::confirm_link;
use crate::util::{Daemon, TestWorkspace, get, html_links, http};

const PRIVACY: &str = "https://www.example.org/datenschutz";
const IMPRINT: &str = "https://www.example.org/impressum";

/// Both links with the words of `lang`'s catalog in an HTML page.
#[track_caller]
fn assert_html_links(html: &str, privacy: &str, imprint: &str, what: &str) {
    for (url, words) in [(PRIVACY, privacy), (IMPRINT, imprint)] {
        let link = format!("<a href=\"{url}\"");
        let at = html
            .find(&link)
            .unwrap_or_else(|| panic!("{what}: no link to {url}:\n{html}"));
        let text = html[at..].split_once('>').unwrap().1;
        assert!(
            text.starts_with(words),
            "{what}: the link to {url} does not say {words:?}: {}",
            &text[..text.len().min(80)]
        );
    }
}

#[track_caller]
fn assert_text_links(text: &str, privacy: &str, imprint: &str, what: &str) {
    for line in [
        format!("{privacy}: {PRIVACY}"),
        format!("{imprint}: {IMPRINT}"),
    ] {
        assert!(text.contains(&line), "{what}: {line} missing:\n{text}");
    }
}

#[test]
fn the_email_footers_link_the_privacy_policy_and_the_legal_notice() {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    let html = ws.read("out/2026-Q4/email.html");
    assert_html_links(&html, "Datenschutzerklärung", "Impressum", "email.html");
    let footer = html
        .rsplit_once("Abmelden")
        .map(|(_, footer)| footer)
        .unwrap();
    assert!(footer.contains(PRIVACY), "the links are in the footer");
    assert_text_links(
        &ws.read("out/2026-Q4/email.txt"),
        "Datenschutzerklärung",
        "Impressum",
        "email.txt",
    );
    assert_text_links(
        &ws.read("out/2026-Q4/email.en.txt"),
        "Privacy policy",
        "Legal notice",
        "email.en.txt",
    );
}

#[test]
fn every_archive_page_links_the_privacy_policy_and_the_legal_notice() {
    let ws = TestWorkspace::sample();
    ws.run(&["archive"]).expect(0);
    let mut pages = Vec::new();
    let mut folders = vec![ws.path("public")];
    while let Some(folder) = folders.pop() {
        for item in std::fs::read_dir(folder).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                pages.push(path);
            }
        }
    }
    assert!(pages.len() >= 20, "{pages:?}");
    for page in pages {
        let html = std::fs::read_to_string(&page).unwrap();
        let links = html_links(&html);
        for url in [PRIVACY, IMPRINT] {
            assert!(
                links.iter().any(|l| l == url),
                "{} does not link {url}",
                page.display()
            );
        }
    }
}

/// The sign-up form, a page for a broken link, the confirm page and the
/// confirmation mail of a real `serve`, all with both links.
#[test]
fn the_signup_form_every_serve_page_and_the_confirmation_mail_link_both() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    let url = |path: &str| format!("{}{path}", server.base);

    let form = get(&url("/subscribe?lang=de"));
    assert_eq!(form.status, 200);
    assert_html_links(&form.body, "Datenschutzerklärung", "Impressum", "the form");
    // Beside the consent, not only in the footer.
    let consent = form
        .body
        .split("class=\"consent\"")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .expect("the consent paragraph");
    assert!(
        consent.contains(PRIVACY) && consent.contains(IMPRINT),
        "{consent}"
    );
    let english = get(&url("/subscribe?lang=en"));
    assert_html_links(
        &english.body,
        "Privacy policy",
        "Legal notice",
        "the English form",
    );

    let missing = get(&url("/nothing-here"));
    assert_eq!(missing.status, 404);
    assert_html_links(&missing.body, "Datenschutzerklärung", "Impressum", "404");
    let forged = get(&url("/confirm/forged"));
    assert_html_links(
        &forged.body,
        "Datenschutzerklärung",
        "Impressum",
        "a forged link",
    );

    let answer = crate::util::Page::from(
        http()
            .post(url("/subscribe"))
            .header("Origin", "https://www.example.org")
            .send_form([
                ("email", "erika@example.org"),
                ("name", ""),
                ("lang", "de"),
                ("consent", "yes"),
                ("website", ""),
            ])
            .unwrap(),
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_html_links(
        &answer.body,
        "Datenschutzerklärung",
        "Impressum",
        "check your inbox",
    );

    let mail = smtp.wait_for(1).remove(0);
    let mime = mail.mime();
    let html = mime.body_html(0).expect("an HTML part").to_string();
    let text = mime.body_text(0).expect("a text part").to_string();
    assert_html_links(
        &html,
        "Datenschutzerklärung",
        "Impressum",
        "the confirmation mail",
    );
    assert_text_links(&text, "Datenschutzerklärung", "Impressum", "its text part");

    let link =
        confirm_link(&mail.text()).replace("https://www.example.org/rundbrief", &server.base);
    let confirm = get(&link);
    assert_eq!(confirm.status, 200, "{}", confirm.body);
    assert_html_links(
        &confirm.body,
        "Datenschutzerklärung",
        "Impressum",
        "the confirm page",
    );
}

#[test]
fn check_warns_while_the_privacy_policy_or_the_legal_notice_is_missing() {
    let ws = TestWorkspace::sample();
    let run = ws.run(&["check", "2026-Q4"]);
    assert!(
        !format!("{}{}", run.stdout, run.stderr).contains("no-legal-notice"),
        "the sample sets both: {}{}",
        run.stdout,
        run.stderr
    );
    ws.edit(
        "rundbrief.toml",
        &format!("privacy_url = \"{PRIVACY}\""),
        "",
    );
    let run = ws.run(&["check", "2026-Q4"]);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("no-legal-notice"), "{said}");
    assert!(said.contains("[site] privacy_url is not set"), "{said}");

    ws.edit(
        "rundbrief.toml",
        &format!("imprint_url = \"{IMPRINT}\""),
        "",
    );
    let run = ws.run(&["check", "2026-Q4"]);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(
        said.contains("[site] privacy_url, imprint_url are not set"),
        "{said}"
    );
    // Without them the footers simply lack the links.
    ws.run(&["build", "2026-Q4"]).expect(0);
    assert!(!ws.read("out/2026-Q4/email.html").contains("datenschutz"));
    assert!(!ws.read("out/2026-Q4/email.txt").contains("Impressum:"));
}
