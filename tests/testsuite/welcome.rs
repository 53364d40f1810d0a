//! The welcome mail after a confirmation over `serve`: sent when the
//! configuration or a workspace template asks for it, with the latest
//! issue's web version and the way to unsubscribe; never in the way of the
//! confirmation itself.

use crate::smtp::{Received, SmtpServer};
use crate::subscribers::confirm_link;
use crate::util::{Daemon, Page, TestWorkspace, post};

const PUBLIC: &str = "https://www.example.org/rundbrief";

/// Signs `email` up over the form of `server` and confirms by the button;
/// returns the confirmed page.
fn sign_up_and_confirm(smtp: &SmtpServer, server: &Daemon, email: &str, lang: &str) -> Page {
    let answer = post(
        &format!("{}/subscribe", server.base),
        &[
            ("email", email),
            ("name", "Erika Muster"),
            ("lang", lang),
            ("consent", "yes"),
            ("website", ""),
        ],
    );
    assert_eq!(answer.status, 200, "{}", answer.body);
    let confirmation = wait_for(smtp, email, 1).remove(0);
    let link = confirm_link(&confirmation.text()).replace(PUBLIC, &server.base);
    Page::post_empty(&link)
}

/// Waits until `count` mails to `email` arrived.
fn wait_for(smtp: &SmtpServer, email: &str, count: usize) -> Vec<Received> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let mails = smtp.to(email);
        if mails.len() >= count {
            return mails;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} of {count} mails to {email}",
            mails.len()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Records that an issue went out, as `send` does when it freezes the list.
fn sent(ws: &TestWorkspace, issue: &str, at: &str) {
    let db = rusqlite::Connection::open(ws.path("subscribers/rundbrief.sqlite3")).unwrap();
    db.execute(
        "INSERT INTO sends (issue, frozen_at, recipients) VALUES (?1, ?2, 0)",
        [issue, at],
    )
    .unwrap();
}

#[test]
fn a_confirmed_subscriber_is_welcomed_with_the_latest_issue() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.configure("[subscribers]\nwelcome = true");
    // Touches the database so the journal exists before serve starts.
    ws.run(&["subscribers", "stats"]).expect(0);
    sent(&ws, "2026-Q3", "2026-07-01 08:00:00.000+00:00");
    sent(&ws, "2026-Q4", "2026-10-01 08:00:00.000+00:00");
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);

    let done = sign_up_and_confirm(&smtp, &server, "erika@example.org", "de");
    assert!(done.body.contains("Vielen Dank!"), "{}", done.body);
    let mails = wait_for(&smtp, "erika@example.org", 2);
    let welcome = &mails[1];
    assert_eq!(
        welcome.decoded_header("Subject").as_deref(),
        Some("Willkommen beim Rundbrief „Netzwerkstelle Städtepartnerschaften NRW“")
    );
    let text = welcome.text();
    assert!(text.contains("Guten Tag Erika Muster,"), "{text}");
    assert!(
        text.contains("https://www.example.org/rundbrief/2026-q4/"),
        "the latest issue's web version: {text}"
    );
    assert!(!text.contains("/2026-q3/"), "{text}");
    assert!(
        text.contains("https://www.example.org/rundbrief/unsubscribe/"),
        "{text}"
    );
    let list_unsubscribe = welcome.header("List-Unsubscribe").unwrap_or_default();
    assert!(
        list_unsubscribe.contains("<https://www.example.org/rundbrief/unsubscribe/"),
        "{list_unsubscribe}"
    );
    assert!(welcome.header("List-Unsubscribe-Post").is_some());
    // Bounces come back tagged like the confirmation's.
    assert!(welcome.from.contains("+welcome-"), "{}", welcome.from);
    assert!(
        mails[0].from.contains("+confirm-"),
        "the confirmation's tag: {}",
        mails[0].from
    );
    let status = ws.status_of("erika@example.org");
    assert_eq!(status, "confirmed");
}

#[test]
fn a_workspace_template_turns_the_welcome_on_for_its_language_only() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.write(
        "templates/welcome.en.mjml",
        "<mjml><mj-body><mj-section><mj-column><mj-text>Welcome aboard, {{ address }}! \
         {% if latest_url %}{{ latest_url }}{% else %}No issue yet.{% endif %}\
         {% if preferences_url %} {{ preferences_url }}{% endif %}</mj-text>\
         </mj-column></mj-section></mj-body></mjml>",
    );
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    sign_up_and_confirm(&smtp, &server, "jane@example.org", "en");
    let mails = wait_for(&smtp, "jane@example.org", 2);
    let html = mails[1].mime().body_html(0).unwrap().into_owned();
    assert!(html.contains("Welcome aboard, jane@example.org!"), "{html}");
    assert!(html.contains("No issue yet."), "{html}");
    // German has no template of its own and no `welcome = true`.
    sign_up_and_confirm(&smtp, &server, "erika@example.org", "de");
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(smtp.to("erika@example.org").len(), 1);
}

#[test]
fn a_welcome_the_relay_refuses_leaves_the_subscriber_confirmed() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.configure("[subscribers]\nwelcome = true");
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    let answer = post(
        &format!("{}/subscribe", server.base),
        &[
            ("email", "erika@example.org"),
            ("name", ""),
            ("lang", "de"),
            ("consent", "yes"),
            ("website", ""),
        ],
    );
    assert_eq!(answer.status, 200);
    let confirmation = wait_for(&smtp, "erika@example.org", 1).remove(0);
    smtp.refuse("erika@example.org", 550, "mailbox full of welcomes");
    let link = confirm_link(&confirmation.text()).replace(PUBLIC, &server.base);
    let done = Page::post_empty(&link);
    assert!(done.body.contains("Vielen Dank!"), "{}", done.body);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !server.stderr().contains("Willkommensmail") && !server.stderr().contains("welcome mail")
    {
        assert!(std::time::Instant::now() < deadline, "{}", server.stderr());
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(
        server.stderr().contains("the subscription stays confirmed"),
        "{}",
        server.stderr()
    );
    assert_eq!(ws.status_of("erika@example.org"), "confirmed");
}
