//! `rundbrief inbox` over a Maildir: what comes back after a send changes
//! exactly the subscribers it is about, once, with consent events that cite
//! the reports (issue 10, the way back). The same against a real IMAP
//! server is in tests/imap.

use std::path::{Path, PathBuf};

use crate::returned::{complaint, dsn, forged, out_of_office, personal, unsubscribe_mail};
use crate::smtp::{Received, SmtpServer};
use crate::util::TestWorkspace;

/// The sample workspace sending to `smtp`, with confirmed subscribers.
fn sent_to(smtp: &SmtpServer, addresses: &[&str]) -> TestWorkspace {
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit("rundbrief.toml", "rate = \"10/s\"", "rate = \"unlimited\"");
    let rows: String = addresses.iter().map(|a| format!("{a},de\n")).collect();
    ws.import_confirmed(&rows);
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    ws
}

/// A Maildir with `mails` in new/.
fn maildir(ws: &TestWorkspace, mails: &[(&str, String)]) -> PathBuf {
    let dir = ws.path("rueckläufer");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    for (name, mail) in mails {
        std::fs::write(dir.join("new").join(name), mail).unwrap();
    }
    dir
}

fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn one(smtp: &SmtpServer, address: &str) -> Received {
    smtp.to(address).remove(0)
}

/// Issue 10, "Done means", over a Maildir: bounce reports, a complaint
/// and an unsubscribe mail for some recipients; exactly those change, each
/// with a consent event citing its report; a second run changes nothing.
#[test]
fn what_comes_back_changes_exactly_whom_it_is_about_once() {
    let smtp = SmtpServer::start();
    let readers = [
        "anna@example.org",
        "bob@example.org",
        "carl@example.org",
        "dora@example.org",
        "emil@example.org",
        "frida@example.org",
    ];
    let ws = sent_to(&smtp, &readers);
    let [anna, bob, carl, dora, emil, frida] = readers.map(|a| one(&smtp, a));
    let dir = maildir(
        &ws,
        &[
            (
                "1.anna",
                dsn(
                    &anna,
                    "bounce-anna@mail.example.org",
                    "5.1.1",
                    "550 5.1.1 <anna@example.org>: Recipient address rejected: User unknown",
                ),
            ),
            ("2.bob", complaint(&bob, "fbl-bob@isp.example.net")),
            ("3.carl", unsubscribe_mail(&carl, "unsub-carl@example.org")),
            ("4.dora", out_of_office(&dora, "ooo-dora@example.org")),
            ("5.emil", personal(&emil, "reply-emil@example.org")),
            (
                "6.frida",
                forged(&dsn(
                    &frida,
                    "forged-frida@mail.example.org",
                    "5.1.1",
                    "550 5.1.1 gone",
                )),
            ),
        ],
    );
    let dir_arg = dir.to_str().unwrap();
    let run = ws.run(&["inbox", "--maildir", dir_arg]).expect(0);

    assert_eq!(
        ws.status_of("anna@example.org"),
        "bounced",
        "{}",
        run.stdout
    );
    assert_eq!(ws.status_of("bob@example.org"), "complained");
    assert_eq!(ws.status_of("carl@example.org"), "unsubscribed");
    for untouched in ["dora@example.org", "emil@example.org", "frida@example.org"] {
        assert_eq!(
            ws.status_of(untouched),
            "confirmed",
            "{untouched}: {}",
            run.stdout
        );
    }
    let anna_history = ws.show("anna@example.org");
    assert!(
        anna_history.contains("report <bounce-anna@mail.example.org>; 5.1.1; 550 5.1.1"),
        "{anna_history}"
    );
    assert!(
        anna_history.contains(" mail "),
        "the source is the mail: {anna_history}"
    );
    let bob_history = ws.show("bob@example.org");
    assert!(
        bob_history.contains("report <fbl-bob@isp.example.net>; feedback-type abuse"),
        "{bob_history}"
    );
    assert!(
        ws.show("carl@example.org")
            .contains("report <unsub-carl@example.org>")
    );
    assert!(
        run.stdout.contains("6 mails read: 3 subscribers changed; 1 bounces, 0 temporary failures, 1 complaints, 1 unsubscribes by mail, 1 auto-replies and delays, 1 naming nobody on the list, 1 left for you to read, 0 processed before."),
        "{}",
        run.stdout
    );
    // Processed mails are filed; the reader's answer and the forged
    // report stay for a person to look at.
    assert_eq!(files(&dir.join("new")), ["5.emil", "6.frida"]);
    assert_eq!(files(&dir.join("cur")).len(), 4);

    // A second run over the same mails, even put back unfiled, changes nothing.
    for name in files(&dir.join("cur")) {
        let original = name.split(":2,").next().unwrap().to_string();
        std::fs::rename(dir.join("cur").join(&name), dir.join("new").join(original)).unwrap();
    }
    let again = ws.run(&["inbox", "--maildir", dir_arg]).expect(0);
    assert!(
        again.stdout.contains("0 subscribers changed")
            && again.stdout.contains("4 processed before"),
        "{}",
        again.stdout
    );
    assert_eq!(ws.show("anna@example.org"), anna_history);
    assert_eq!(files(&dir.join("new")), ["5.emil", "6.frida"]);
}

/// `--dry-run` says what each mail is and changes neither the list nor
/// the mailbox.
#[test]
fn a_dry_run_changes_nothing() {
    let smtp = SmtpServer::start();
    let ws = sent_to(&smtp, &["anna@example.org"]);
    let anna = one(&smtp, "anna@example.org");
    let dir = maildir(
        &ws,
        &[(
            "1",
            dsn(&anna, "b1@mail.example.org", "5.1.1", "550 5.1.1 unknown"),
        )],
    );
    let run = ws
        .run(&["inbox", "--maildir", dir.to_str().unwrap(), "--dry-run"])
        .expect(0);
    assert!(
        run.stdout
            .contains("bounce 5.1.1  anna@example.org  → bounced (dry run)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("1 subscribers changed"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Dry run"), "{}", run.stdout);
    assert_eq!(ws.status_of("anna@example.org"), "confirmed");
    assert_eq!(files(&dir.join("new")), ["1"]);
}

/// Temporary failures are counted per send; `soft_bounce_limit` of them
/// over different sends make the address bounced, more of one send do not.
#[test]
fn temporary_failures_over_separate_sends_make_an_address_bounced() {
    let smtp = SmtpServer::start();
    let ws = sent_to(&smtp, &["anna@example.org"]);
    ws.edit(
        "rundbrief.toml",
        "unsubscribe_address = \"unsubscribe@example.org\"",
        "unsubscribe_address = \"unsubscribe@example.org\"\nsoft_bounce_limit = 2",
    );
    let first = one(&smtp, "anna@example.org");
    let full = "452 4.2.2 <anna@example.org>: Mailbox full";
    let dir = maildir(
        &ws,
        &[
            ("1", dsn(&first, "soft1@mail.example.org", "4.2.2", full)),
            ("2", dsn(&first, "soft2@mail.example.org", "4.2.2", full)),
        ],
    );
    let run = ws
        .run(&["inbox", "--maildir", dir.to_str().unwrap()])
        .expect(0);
    assert!(
        run.stdout.contains("counted (one send so far)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        ws.status_of("anna@example.org"),
        "confirmed",
        "two of one send: {}",
        run.stdout
    );

    // The next quarter's issue bounces softly too.
    crate::util::copy_dir(&ws.path("issues/2026-Q4"), &ws.path("issues/2027-Q1"));
    ws.run(&["send", "2027-Q1", "--yes"]).expect(0);
    let second = smtp.to("anna@example.org").pop().unwrap();
    assert!(
        second.from.starts_with("bounces+2027-q1-"),
        "{}",
        second.from
    );
    std::fs::write(
        dir.join("new").join("3"),
        dsn(&second, "soft3@mail.example.org", "4.2.2", full),
    )
    .unwrap();
    let run = ws
        .run(&["inbox", "--maildir", dir.to_str().unwrap()])
        .expect(0);
    assert_eq!(
        ws.status_of("anna@example.org"),
        "bounced",
        "{}",
        run.stdout
    );
    let history = ws.show("anna@example.org");
    assert!(
        history.contains("report <soft3@mail.example.org>; 4.2.2"),
        "{history}"
    );
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(
        status.contains("temporary failure") && status.contains("anna@example.org  4.2.2"),
        "{status}"
    );
}

/// Without plus-addressing the return path carries no tag: a bounce is
/// matched by the recipient it names, an unsubscribe mail by its sender.
#[test]
fn without_plus_addressing_reports_are_matched_by_the_address_they_name() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit(
        "rundbrief.toml",
        "unsubscribe_address = \"unsubscribe@example.org\"",
        "unsubscribe_address = \"unsubscribe@example.org\"\nplus_addressing = false",
    );
    ws.edit("rundbrief.toml", "rate = \"10/s\"", "rate = \"unlimited\"");
    ws.import_confirmed("anna@example.org,de\nbob@example.org,de\n");
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    let (anna, bob) = (
        one(&smtp, "anna@example.org"),
        one(&smtp, "bob@example.org"),
    );
    assert_eq!(anna.from, "bounces@example.org");
    assert_eq!(
        crate::returned::unsubscribe_address(&bob),
        "unsubscribe@example.org"
    );
    // A bounce whose original headers did not come back.
    let bounce = dsn(&anna, "b@mail.example.org", "5.1.1", "550 5.1.1 unknown");
    let bounce = bounce
        .split("--B0UND\r\nContent-Description: Undelivered Message Headers")
        .next()
        .unwrap()
        .to_string()
        + "--B0UND--\r\n";
    let dir = maildir(
        &ws,
        &[
            ("1", bounce),
            ("2", unsubscribe_mail(&bob, "u@example.org")),
        ],
    );
    let run = ws
        .run(&["inbox", "--maildir", dir.to_str().unwrap()])
        .expect(0);
    assert_eq!(
        ws.status_of("anna@example.org"),
        "bounced",
        "{}",
        run.stdout
    );
    assert_eq!(
        ws.status_of("bob@example.org"),
        "unsubscribed",
        "{}",
        run.stdout
    );
    let listed = ws
        .run(&["subscribers", "list", "--status", "bounced"])
        .expect(0)
        .stdout;
    assert!(
        listed.contains("anna@example.org") && !listed.contains("bob@"),
        "{listed}"
    );
}

/// No mailbox configured and none given: the error says how to give one.
#[test]
fn without_a_mailbox_inbox_says_where_to_set_one() {
    let ws = TestWorkspace::sample();
    let run = ws.run(&["inbox"]).expect(1);
    assert!(run.stderr.contains("[inbox] url"), "{}", run.stderr);
    assert!(run.stderr.contains("--maildir"), "{}", run.stderr);
}

/// `[inbox] poll`: `serve` reads the return mailbox on its own, and says
/// what it found.
#[test]
fn serve_reads_the_return_mailbox_every_poll() {
    let smtp = SmtpServer::start();
    let ws = sent_to(&smtp, &["anna@example.org"]);
    let anna = one(&smtp, "anna@example.org");
    ws.edit(
        "rundbrief.toml",
        "unsubscribe_address = \"unsubscribe@example.org\"",
        "unsubscribe_address = \"unsubscribe@example.org\"\nmaildir = \"rueckläufer\"\npoll = \"100ms\"",
    );
    let dir = maildir(&ws, &[]);
    let server = crate::util::Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    std::fs::write(
        dir.join("new").join("1"),
        dsn(&anna, "b@mail.example.org", "5.1.1", "550 5.1.1 unknown"),
    )
    .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while ws.status_of("anna@example.org") != "bounced" {
        assert!(std::time::Instant::now() < deadline, "{}", server.stderr());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    while !server
        .stderr()
        .contains("Return mailbox: 1 mails read, 1 subscribers changed")
    {
        assert!(std::time::Instant::now() < deadline, "{}", server.stderr());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert_eq!(files(&dir.join("new")), Vec::<String>::new());
}

/// What `inbox` says, as the staff reads it, in German.
#[test]
fn the_inbox_report_reads_well_in_german() {
    let smtp = SmtpServer::start();
    let readers = ["anna@example.org", "bob@example.org", "emil@example.org"];
    let ws = sent_to(&smtp, &readers);
    let [anna, bob, emil] = readers.map(|a| one(&smtp, a));
    let dir = maildir(
        &ws,
        &[
            (
                "1.anna",
                dsn(&anna, "b@mail.example.org", "5.1.1", "550 5.1.1 unknown"),
            ),
            ("2.bob", complaint(&bob, "c@isp.example.net")),
            ("3.emil", personal(&emil, "p@example.org")),
        ],
    );
    let run = ws
        .run_with_env(
            &["inbox", "--maildir", dir.to_str().unwrap(), "--dry-run"],
            &[("RUNDBRIEF_LANG", "de")],
        )
        .expect(0);
    let dir = dir.display().to_string();
    insta::with_settings!({filters => vec![(dir.as_str(), "[maildir]")]}, {
        insta::assert_snapshot!("inbox_dry_run_de", run.stdout);
    });
}

/// Regression: a mail that cannot be read was counted once per batch of
/// the pass (twice at least), so one unreadable mail read as two. Pins
/// that it is counted once, that the run says so and ends with 75, and
/// that the readable mail beside it is acted on.
#[test]
fn an_unreadable_mail_is_counted_once() {
    let smtp = SmtpServer::start();
    let ws = sent_to(&smtp, &["anna@example.org"]);
    let anna = one(&smtp, "anna@example.org");
    let dir = maildir(
        &ws,
        &[(
            "1",
            dsn(&anna, "b1@mail.example.org", "5.1.1", "550 5.1.1 unknown"),
        )],
    );
    // Not a file: reading it fails as an unreadable mail would.
    std::fs::create_dir(dir.join("new").join("2")).unwrap();
    let run = ws
        .run(&["inbox", "--maildir", dir.to_str().unwrap()])
        .expect(75);
    assert!(
        run.stdout
            .contains("One mail could not be read or filed; they stay for the next run."),
        "{}",
        run.stdout
    );
    assert_eq!(
        ws.status_of("anna@example.org"),
        "bounced",
        "{}",
        run.stdout
    );
}

/// Pins that a pass reads on past more mails left alone than one batch
/// takes (200): the report after 210 readers' answers is acted on too.
#[test]
fn a_pass_reads_past_a_full_batch_of_mails_left_alone() {
    let smtp = SmtpServer::start();
    let ws = sent_to(&smtp, &["anna@example.org"]);
    let anna = one(&smtp, "anna@example.org");
    let mut mails: Vec<(String, String)> = (0..210)
        .map(|n| {
            let name = format!("{n:04}");
            let mail = personal(&anna, &format!("reply-{n}@example.org"));
            (name, mail)
        })
        .collect();
    mails.push((
        "9999".into(),
        dsn(&anna, "b1@mail.example.org", "5.1.1", "550 5.1.1 unknown"),
    ));
    let mails: Vec<(&str, String)> = mails.iter().map(|(n, m)| (n.as_str(), m.clone())).collect();
    let dir = maildir(&ws, &mails);
    // The report is the newest: a pass reaches it only past the answers.
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(60);
    std::fs::File::options()
        .write(true)
        .open(dir.join("new").join("9999"))
        .unwrap()
        .set_modified(later)
        .unwrap();
    let run = ws
        .run(&["inbox", "--maildir", dir.to_str().unwrap()])
        .expect(0);
    assert_eq!(
        ws.status_of("anna@example.org"),
        "bounced",
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("211 mails read: 1 subscribers changed; 1 bounces"),
        "{}",
        run.stdout
    );
    assert_eq!(files(&dir.join("new")).len(), 210);
}

/// Pins what a mail that cannot be filed does: the pass stops with the
/// error (it is no passing fault), what it recorded stays, and once the
/// folder is fixed the next run files the mail without acting twice.
#[test]
fn a_mail_that_cannot_be_filed_stops_the_pass_and_is_filed_next_time() {
    let smtp = SmtpServer::start();
    let ws = sent_to(&smtp, &["anna@example.org"]);
    let anna = one(&smtp, "anna@example.org");
    ws.edit(
        "rundbrief.toml",
        "unsubscribe_address = \"unsubscribe@example.org\"",
        "unsubscribe_address = \"unsubscribe@example.org\"\nmove_to = \"Erledigt\"",
    );
    let dir = maildir(
        &ws,
        &[(
            "1",
            dsn(&anna, "b1@mail.example.org", "5.1.1", "550 5.1.1 unknown"),
        )],
    );
    // Where the folder would be made stands a file.
    std::fs::write(dir.join(".Erledigt"), "").unwrap();
    let run = ws
        .run(&["inbox", "--maildir", dir.to_str().unwrap()])
        .expect(1);
    assert!(run.stderr.contains(".Erledigt"), "{}", run.stderr);
    assert_eq!(ws.status_of("anna@example.org"), "bounced");
    let history = ws.show("anna@example.org");
    assert_eq!(files(&dir.join("new")), ["1"]);

    std::fs::remove_file(dir.join(".Erledigt")).unwrap();
    let again = ws
        .run(&["inbox", "--maildir", dir.to_str().unwrap()])
        .expect(0);
    assert!(
        again.stdout.contains("1 processed before"),
        "{}",
        again.stdout
    );
    assert_eq!(ws.show("anna@example.org"), history);
    assert_eq!(files(&dir.join("new")), Vec::<String>::new());
    assert_eq!(files(&dir.join(".Erledigt").join("new")), ["1"]);
}

/// An IMAP mailbox without its password in the environment: the error
/// names the user and the variable (it once printed `{$user}`: two
/// catalogs had a message of the same name).
#[test]
fn without_the_imap_password_inbox_names_the_user_and_the_variable() {
    let ws = TestWorkspace::sample();
    ws.edit(
        "rundbrief.toml",
        "# url = \"imaps://bounces%40example.org@mail.example.org/INBOX\"",
        "url = \"imaps://bounces%40example.org@127.0.0.1:1/INBOX\"",
    );
    let run = ws.run(&["inbox"]).expect(1);
    assert!(
        run.stderr.contains("names the user bounces@example.org")
            && run.stderr.contains("RUNDBRIEF_IMAP_PASSWORD")
            && !run.stderr.contains("{$"),
        "{}",
        run.stderr
    );
}
