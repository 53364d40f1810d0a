//! Issue 10, "Done means": an issue goes out through a real SMTP server;
//! bounce reports, a complaint and an unsubscribe mail for some of its
//! recipients arrive in a real Dovecot mailbox; `rundbrief inbox` finds
//! exactly those subscribers bounced, complained and unsubscribed, with
//! consent events citing the reports, and a second run changes nothing.

use rundbrief::mail::inbox::DONE_KEYWORD as DONE;

use crate::dovecot::{Dovecot, PASSWORD};
use crate::returned::{complaint, dsn, out_of_office, personal, unsubscribe_mail};
use crate::smtp::SmtpServer;
use crate::util::TestWorkspace;

#[test]
fn an_issue_its_bounces_and_a_real_mailbox() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit("rundbrief.toml", "rate = \"10/s\"", "rate = \"unlimited\"");
    let readers = [
        "anna@example.org",
        "bob@example.org",
        "carl@example.org",
        "dora@example.org",
        "emil@example.org",
        "frida@example.net",
    ];
    let rows: String = readers.iter().map(|a| format!("{a},de\n")).collect();
    ws.import_confirmed(&rows);
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    let [anna, bob, carl, dora, emil, frida] = readers.map(|a| smtp.to(a).remove(0));

    let dovecot = Dovecot::start();
    ws.edit(
        "rundbrief.toml",
        "# url = \"imaps://bounces%40example.org@mail.example.org/INBOX\"",
        &format!(
            "url = \"{}\"\nca_file = \"{}\"\ntimeout = \"20s\"",
            dovecot.url("INBOX"),
            dovecot.ca_file.display()
        ),
    );
    let full = "452 4.2.2 <frida@example.net>: Mailbox full";
    for mail in [
        dsn(
            &anna,
            "bounce-anna@mail.example.org",
            "5.1.1",
            "550 5.1.1 <anna@example.org>: User unknown",
        ),
        complaint(&bob, "fbl-bob@isp.example.net"),
        unsubscribe_mail(&carl, "unsub-carl@example.org"),
        out_of_office(&dora, "ooo-dora@example.org"),
        personal(&emil, "reply-emil@example.org"),
        dsn(&frida, "soft-frida@mail.example.org", "4.2.2", full),
    ] {
        dovecot.append("INBOX", mail.as_bytes());
    }
    let inbox = |args: &[&str]| {
        let mut all = vec!["inbox"];
        all.extend_from_slice(args);
        ws.run_with_env(&all, &[("RUNDBRIEF_IMAP_PASSWORD", PASSWORD)])
    };

    let dry = inbox(&["--dry-run"]).expect(0);
    assert!(
        dry.stdout.contains("3 subscribers changed"),
        "{}",
        dry.stdout
    );
    assert_eq!(ws.status_of("anna@example.org"), "confirmed");
    assert!(dovecot.list("INBOX").iter().all(|m| !m.has(DONE)));

    let run = inbox(&[]).expect(0);
    let expected = [
        ("anna@example.org", "bounced"),
        ("bob@example.org", "complained"),
        ("carl@example.org", "unsubscribed"),
        ("dora@example.org", "confirmed"),
        ("emil@example.org", "confirmed"),
        ("frida@example.net", "confirmed"),
    ];
    for (address, state) in expected {
        assert_eq!(ws.status_of(address), state, "{address}: {}", run.stdout);
    }
    for (address, cited) in [
        (
            "anna@example.org",
            "report <bounce-anna@mail.example.org>; 5.1.1; 550 5.1.1",
        ),
        (
            "bob@example.org",
            "report <fbl-bob@isp.example.net>; feedback-type abuse",
        ),
        (
            "carl@example.org",
            "report <unsub-carl@example.org>; unsubscribe",
        ),
    ] {
        let history = ws.show(address);
        assert!(history.contains(cited), "{address}: {history}");
    }
    assert!(
        ws.show("frida@example.net")
            .contains("soft-frida@mail.example.org")
    );
    // Everything understood is flagged; the reader's own answer is not.
    let stored = dovecot.list("INBOX");
    assert_eq!(stored.len(), 6);
    let flagged: Vec<bool> = stored.iter().map(|m| m.has(DONE)).collect();
    assert_eq!(flagged, [true, true, true, true, false, true], "{stored:?}");

    // A second run, even over mails put back unflagged, changes nothing.
    let histories: Vec<String> = readers.iter().map(|a| ws.show(a)).collect();
    for mail in &stored {
        dovecot.append("INBOX", &mail.raw);
    }
    let again = inbox(&[]).expect(0);
    assert!(
        again.stdout.contains("0 subscribers changed"),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains("5 processed before"),
        "{}",
        again.stdout
    );
    let after: Vec<String> = readers.iter().map(|a| ws.show(a)).collect();
    assert_eq!(after, histories);
}
