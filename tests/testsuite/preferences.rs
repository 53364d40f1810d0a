//! The reader's own preferences page and audiences: `rundbrief serve` on a
//! loopback port, asked by a real HTTP client, mailing through a real SMTP
//! server; an issue with an `[audience]` sent to exactly its readers.

use crate::smtp::SmtpServer;
use crate::util::{Daemon, TestWorkspace, get, http, post};

const PUBLIC: &str = "https://www.example.org/rundbrief";

struct Site {
    smtp: SmtpServer,
    ws: TestWorkspace,
    server: Daemon,
}

impl Site {
    fn start() -> Site {
        let smtp = SmtpServer::start();
        let ws = TestWorkspace::with_smtp(smtp.port);
        // A server on UTC, as most are.
        let server =
            Daemon::start_with_env(&ws, &["serve", "--bind", "127.0.0.1:0"], &[("TZ", "UTC")]);
        Site { smtp, ws, server }
    }

    fn local(&self, link: &str) -> String {
        link.replace(PUBLIC, &self.server.base)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base)
    }

    /// The preferences link `subscribers show` prints, on the test server.
    fn preferences_link(&self, address: &str) -> String {
        self.local(&preferences_link(&self.ws.show(address)))
    }

    /// The first mail to `address` that contains `needle`, waited for.
    fn mail_with(&self, address: &str, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        loop {
            if let Some(text) = self
                .smtp
                .to(address)
                .iter()
                .map(crate::smtp::Received::text)
                .find(|text| text.contains(needle))
            {
                return text;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no mail to {address} with {needle}"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

/// The `preferences:` link in a text (`subscribers show`, a mail).
pub(crate) fn preferences_link(text: &str) -> String {
    link_after(text, "https://www.example.org/rundbrief/preferences/")
}

fn link_after(text: &str, prefix: &str) -> String {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no {prefix} in {text}"));
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn a_reader_changes_language_and_interests_and_each_change_is_logged() {
    let site = Site::start();
    site.ws.import_confirmed("anna@example.org,de\n");
    let link = site.preferences_link("anna@example.org");

    let page = get(&link);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("Ihre Einstellungen"), "{}", page.body);
    assert!(page.body.contains("anna@example.org"));
    assert!(
        page.body.contains("value=\"polen\"") && page.body.contains(">Polen</label>"),
        "the vocabulary's interests, with their labels: {}",
        page.body
    );
    assert!(
        page.body.contains(">Partnerländer<")
            && page.body.contains(">Themen<")
            && page.body.contains("value=\"jugend\""),
        "countries and themes, each in its group: {}",
        page.body
    );
    assert!(
        page.body.contains("Einwilligung übernommen"),
        "the history in the reader's words: {}",
        page.body
    );
    assert!(
        page.body.contains("Uhr (MEZ)") || page.body.contains("Uhr (MESZ)"),
        "times in the office's zone, named, whatever the server's: {}",
        page.body
    );
    let before = site.ws.show("anna@example.org");
    get(&link);
    assert_eq!(
        site.ws.show("anna@example.org"),
        before,
        "a GET (a link scanner) changes nothing"
    );

    let saved = post(
        &link,
        &[
            ("action", "save"),
            ("name", "Anna Nowak"),
            ("lang", "en"),
            ("interest", "polen"),
            ("interest", "jugend"),
            ("interest", "atlantis"),
        ],
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(
        saved.body.contains("Your preferences are saved."),
        "answered in the language just chosen: {}",
        saved.body
    );
    assert!(saved.body.contains("lang=\"en\""));
    let show = site.ws.show("anna@example.org");
    assert!(show.contains("language:      en"), "{show}");
    assert!(show.contains("name:          Anna Nowak"), "{show}");
    assert!(show.contains("interests:     jugend, polen"), "{show}");
    assert!(
        show.contains("preferences-changed  page")
            && show.contains("name; lang de → en; interests * → jugend, polen"),
        "one event naming each change, from the page: {show}"
    );

    let again = post(
        &link,
        &[
            ("action", "save"),
            ("name", "Anna Nowak"),
            ("lang", "en"),
            ("interest", "jugend"),
            ("interest", "polen"),
        ],
    );
    assert!(again.body.contains("There was nothing to change."));
    assert_eq!(
        site.ws
            .show("anna@example.org")
            .matches("preferences-changed")
            .count(),
        1,
        "saving the same logs nothing"
    );

    let everything = post(&link, &[("action", "save"), ("name", ""), ("lang", "en")]);
    assert_eq!(everything.status, 200);
    let show = site.ws.show("anna@example.org");
    assert!(show.contains("interests:     everything"), "{show}");
    assert!(!show.contains("name:"), "the name is gone: {show}");
}

#[test]
fn the_record_downloads_as_json_with_the_whole_consent_history() {
    let site = Site::start();
    site.ws.import_confirmed("anna@example.org,de\n");
    let link = site.preferences_link("anna@example.org");
    post(
        &link,
        &[("action", "save"), ("lang", "de"), ("interest", "ungarn")],
    );
    let page = get(&format!("{link}/data.json"));
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").starts_with("application/json"));
    assert!(
        page.header("content-disposition").starts_with("attachment"),
        "{}",
        page.header("content-disposition")
    );
    let data: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(data["email"], "anna@example.org");
    assert_eq!(data["status"], "confirmed");
    assert_eq!(data["interests"], serde_json::json!(["ungarn"]));
    let events: Vec<&str> = data["consent_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["consent-imported", "preferences-changed"]);
    let at = data["consent_history"][0]["at"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(at).is_ok(),
        "ISO 8601 with offset: {at}"
    );

    let forged = format!("{}{}", &link[..link.len() - 4], "0000");
    assert_eq!(get(&format!("{forged}/data.json")).status, 404);
}

#[test]
fn erasing_asks_first_then_leaves_only_the_suppression_hash() {
    let site = Site::start();
    site.ws.import_confirmed("anna@example.org,de\n");
    let link = site.preferences_link("anna@example.org");

    let asked = post(&link, &[("action", "erase")]);
    assert_eq!(asked.status, 200);
    assert!(
        asked.body.contains("Wirklich alle Daten löschen?"),
        "{}",
        asked.body
    );
    assert!(asked.body.contains("value=\"erase-confirmed\""));
    assert_eq!(
        site.ws.status_of("anna@example.org"),
        "confirmed",
        "nothing happens before the second step"
    );

    let erased = post(&link, &[("action", "erase-confirmed")]);
    assert_eq!(erased.status, 200);
    assert!(erased.body.contains("Ihre Daten sind gelöscht"));
    let show = site.ws.run(&["subscribers", "show", "anna@example.org"]);
    assert_ne!(show.code, 0, "gone: {}", show.stdout);
    assert_eq!(get(&link).status, 404, "the link leads nowhere now");
    // Only she herself may come back, through the form: an import cannot.
    site.ws.write("again.csv", "email\nanna@example.org\n");
    let again = site
        .ws
        .run(&[
            "subscribers",
            "import",
            "again.csv",
            "--consent",
            "old list",
        ])
        .expect(0);
    assert!(
        again.stdout.contains("suppressed") || again.stderr.contains("suppressed"),
        "{}{}",
        again.stdout,
        again.stderr
    );
}

#[test]
fn unsubscribing_from_the_page_is_logged_as_the_page() {
    let site = Site::start();
    site.ws.import_confirmed("anna@example.org,en\n");
    let link = site.preferences_link("anna@example.org");
    let page = post(&link, &[("action", "unsubscribe")]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("You are unsubscribed"), "{}", page.body);
    let show = site.ws.show("anna@example.org");
    assert!(show.contains("status:        unsubscribed"), "{show}");
    assert!(show.contains("unsubscribed       page"), "{show}");
}

#[test]
fn a_new_address_counts_only_once_it_is_confirmed_there() {
    let site = Site::start();
    site.ws.import_confirmed("anna@example.org,en\n");
    let link = site.preferences_link("anna@example.org");

    let asked = post(
        &link,
        &[("action", "address"), ("email", "anna@neu.example.org")],
    );
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert!(
        asked
            .body
            .contains("Please open the link we sent to anna@neu.example.org"),
        "{}",
        asked.body
    );
    let mail = site.mail_with("anna@neu.example.org", "/new-address/");
    assert!(
        mail.contains("Please confirm that this address is yours"),
        "{mail}"
    );
    let confirm = site.local(&link_after(&mail, &format!("{PUBLIC}/new-address/")));
    // Until then the old address is hers.
    let show = site.ws.show("anna@example.org");
    assert!(show.contains("address-change-requested"), "{show}");
    assert_ne!(
        site.ws
            .run(&["subscribers", "show", "anna@neu.example.org"])
            .code,
        0
    );

    let page = get(&confirm);
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("anna@example.org → anna@neu.example.org"),
        "{}",
        page.body
    );
    assert_eq!(
        site.ws.status_of("anna@example.org"),
        "confirmed",
        "a GET moves nobody"
    );
    let done = post(&confirm, &[]);
    assert_eq!(done.status, 200);
    assert!(
        done.body
            .contains("The newsletter now goes to anna@neu.example.org")
    );
    let show = site.ws.show("anna@neu.example.org");
    assert!(
        show.contains("address-changed")
            && show.contains("anna@example.org → anna@neu.example.org"),
        "{show}"
    );
    assert_ne!(
        site.ws
            .run(&["subscribers", "show", "anna@example.org"])
            .code,
        0
    );
    assert_eq!(post(&confirm, &[]).status, 404, "the link works once");
}

/// A page in someone's hands must not mail-bomb an address: asking for
/// one new address is limited like a sign-up for it (3 an hour).
#[test]
fn asking_for_a_new_address_is_limited_per_mailbox() {
    let site = Site::start();
    site.ws.import_confirmed("anna@example.org,en\n");
    let link = site.preferences_link("anna@example.org");
    for _ in 0..3 {
        let asked = post(
            &link,
            &[("action", "address"), ("email", "ziel@example.org")],
        );
        assert_eq!(asked.status, 200, "{}", asked.body);
    }
    let fourth = post(
        &link,
        &[("action", "address"), ("email", "ziel@example.org")],
    );
    assert_eq!(fourth.status, 429, "{}", fourth.body);
}

#[test]
fn a_new_address_someone_else_has_is_refused() {
    let site = Site::start();
    site.ws
        .import_confirmed("anna@example.org,en\nbob@example.org,en\n");
    let link = site.preferences_link("anna@example.org");
    let asked = post(
        &link,
        &[("action", "address"), ("email", "bob@example.org")],
    );
    assert_eq!(asked.status, 422);
    assert!(asked.body.contains("We cannot take over this address"));
    let same = post(
        &link,
        &[("action", "address"), ("email", "ANNA@example.org")],
    );
    assert!(same.body.contains("That is already your address."));
    assert!(site.smtp.received().is_empty(), "nothing was mailed");
}

#[test]
fn a_fresh_link_revokes_the_old_one_from_the_cli_and_by_mail() {
    let site = Site::start();
    site.ws.import_confirmed("anna@example.org,de\n");
    let first = site.preferences_link("anna@example.org");
    assert_eq!(
        site.preferences_link("anna@example.org"),
        first,
        "show prints the same link until it is renewed"
    );
    let renewed = site
        .ws
        .run(&["subscribers", "show", "anna@example.org", "--new-link"])
        .expect(0)
        .stdout;
    let second = site.local(&preferences_link(&renewed));
    assert_ne!(second, first);
    assert_eq!(get(&first).status, 404, "the old link is void");
    assert_eq!(get(&second).status, 200);
    assert!(renewed.contains("link-renewed"), "{renewed}");

    // The reader asks on the sign-up page.
    let form = get(&site.url("/subscribe?lang=de"));
    assert!(form.body.contains("/preferences?lang=de"), "{}", form.body);
    let ask = get(&site.url("/preferences?lang=de"));
    assert_eq!(ask.status, 200);
    assert!(
        ask.body
            .contains("action=\"https://www.example.org/rundbrief/preferences\"")
            && ask.body.contains("name=\"email\""),
        "{}",
        ask.body
    );
    let answer = post(
        &site.url("/preferences"),
        &[("email", "anna@example.org"), ("lang", "de")],
    );
    assert_eq!(answer.status, 200);
    let mail = site.mail_with("anna@example.org", "/preferences/");
    assert!(
        mail.contains("Einstellungen öffnen") || mail.contains("Ihr Link"),
        "{mail}"
    );
    let third = site.local(&preferences_link(&mail));
    assert_eq!(get(&third).status, 200);
    assert_eq!(get(&second).status, 404);

    // Nobody learns whether an address is subscribed.
    let unknown = post(
        &site.url("/preferences"),
        &[("email", "niemand@example.org"), ("lang", "de")],
    );
    assert_eq!(unknown.status, answer.status);
    assert_eq!(unknown.body, answer.body);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(site.smtp.to("niemand@example.org").is_empty());
}

#[test]
fn posts_from_another_site_change_nothing() {
    let site = Site::start();
    site.ws.import_confirmed("anna@example.org,de\n");
    let link = site.preferences_link("anna@example.org");
    let page = crate::util::Page::from(
        http()
            .post(&link)
            .header("Origin", "https://evil.example")
            .send_form([("action", "unsubscribe")])
            .unwrap(),
    );
    assert_eq!(page.status, 403);
    assert_eq!(site.ws.status_of("anna@example.org"), "confirmed");
}

#[test]
fn the_signup_form_offers_interests_and_the_confirmation_leads_to_the_page() {
    let site = Site::start();
    let form = get(&site.url("/subscribe?lang=en"));
    assert!(
        form.body.contains("What would you like to read about?"),
        "{}",
        form.body
    );
    post(
        &site.url("/subscribe"),
        &[
            ("email", "jane@example.org"),
            ("lang", "en"),
            ("interest", "usa"),
            ("interest", "bildung"),
            ("consent", "yes"),
            ("website", ""),
        ],
    );
    let mail = site.mail_with("jane@example.org", "/confirm/");
    let confirm = site.local(&crate::subscribers::confirm_link(&mail));
    let confirmed = post(&confirm, &[]);
    assert_eq!(confirmed.status, 200);
    assert!(
        confirmed.body.contains("Choose your topics") && confirmed.body.contains("/preferences/"),
        "{}",
        confirmed.body
    );
    let show = site.ws.show("jane@example.org");
    assert!(show.contains("interests:     bildung, usa"), "{show}");
    assert!(
        show.contains("interests bildung, usa"),
        "the request records what was asked for: {show}"
    );
}

#[test]
fn print_form_writes_a_snippet_that_posts_from_the_configured_origin_only() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.configure("[serve]\nform_origins = [\"https://www.partnerschaften.example\"]");
    let run = ws.run(&["serve", "--print-form", "--lang", "en"]).expect(0);
    let html = run.stdout;
    assert!(
        html.contains(&format!("action=\"{PUBLIC}/subscribe\"")),
        "{html}"
    );
    assert!(html.contains("name=\"interest\" value=\"polen\""), "{html}");
    assert!(html.contains("name=\"consent\""), "{html}");
    assert!(!html.contains("<html"), "a snippet, not a page");
    assert!(run.stderr.contains("form_origins"), "{}", run.stderr);

    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    let sign_up = |origin: &str| {
        crate::util::Page::from(
            http()
                .post(format!("{}/subscribe", server.base))
                .header("Origin", origin)
                .send_form([
                    ("email", "jane@example.org"),
                    ("lang", "en"),
                    ("consent", "yes"),
                    ("website", ""),
                ])
                .unwrap(),
        )
    };
    assert_eq!(sign_up("https://elsewhere.example").status, 403);
    assert_eq!(sign_up("https://www.partnerschaften.example").status, 200);
}

#[test]
fn an_issue_for_one_country_reaches_exactly_its_readers() {
    let site = Site::start();
    site.ws.import_confirmed(
        "anna@example.org,de\nbob@example.org,de\ncarl@example.org,en\ndora@example.org,en\n",
    );
    for (address, interests) in [
        ("anna@example.org", &["polen"][..]),
        ("bob@example.org", &["ungarn"][..]),
        ("carl@example.org", &["polen", "jugend"][..]),
        // dora chose nothing: she wants everything.
    ] {
        let link = site.preferences_link(address);
        let lang = if address.starts_with('c') { "en" } else { "de" };
        let mut form = vec![("action", "save"), ("lang", lang)];
        form.extend(interests.iter().map(|i| ("interest", *i)));
        assert_eq!(post(&link, &form).status, 200);
    }
    site.ws
        .configure_issue("[audience]\ninterests = [\"polen\"]\n");

    let stats = site.ws.run(&["subscribers", "stats"]).expect(0).stdout;
    assert!(stats.contains("Polen"), "{stats}");
    let listed = site
        .ws
        .run(&["subscribers", "list", "--interest", "polen"])
        .expect(0)
        .stdout;
    assert!(
        listed.contains("anna@example.org")
            && listed.contains("carl@example.org")
            && !listed.contains("bob@example.org")
            && !listed.contains("dora@example.org"),
        "{listed}"
    );

    let dry = site
        .ws
        .run(&["send", "2026-Q4", "--dry-run"])
        .expect(0)
        .stdout;
    assert!(dry.contains("3 recipients (de 1, en 2)"), "{dry}");
    assert!(dry.contains("interests Polen"), "{dry}");
    for (address, listed) in [
        ("anna@example.org", true),
        ("bob@example.org", false),
        ("carl@example.org", true),
        ("dora@example.org", true),
    ] {
        assert_eq!(dry.contains(address), listed, "{address}: {dry}");
    }

    site.ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    let mut to: Vec<String> = site
        .smtp
        .received()
        .iter()
        .filter(|m| !m.text().contains("/confirm/"))
        .map(|m| m.to[0].clone())
        .collect();
    to.sort();
    assert_eq!(
        to,
        ["anna@example.org", "carl@example.org", "dora@example.org"]
    );
    let anna = &site.smtp.to("anna@example.org")[0];
    let text = anna.text();
    assert!(
        text.contains(&format!("{PUBLIC}/preferences/")),
        "every issue carries the reader's own link: {text}"
    );
    let status = site
        .ws
        .run(&["send", "2026-Q4", "--dry-run"])
        .expect(0)
        .stdout;
    assert!(
        status.contains("interests=polen"),
        "the journal keeps which audience was meant: {status}"
    );
    // The link in the issue opens her page.
    let link = site.local(&preferences_link(&text));
    assert_eq!(get(&link).status, 200);
}

#[test]
fn an_audience_naming_what_the_workspace_does_not_know_is_an_error() {
    let ws = TestWorkspace::sample();
    ws.configure_issue("[audience]\nlanguages = [\"fr\"]\ninterests = [\"atlantis\"]\n");
    let check = ws.run(&["check", "2026-Q4"]);
    assert_ne!(check.code, 0);
    let out = format!("{}{}", check.stdout, check.stderr);
    assert!(out.contains("issue.toml"), "{out}");
    assert!(out.contains("\"fr\""), "{out}");
    assert!(out.contains("\"atlantis\""), "{out}");
}
