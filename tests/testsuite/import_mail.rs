//! Issue 15, finding 1: `subscribers import` mailed each new address its
//! confirmation one after another over one connection, ignoring `[smtp]
//! connections`, and said nothing for half a minute. The confirmations now
//! go out as an issue does: pooled, throttled, resumable, with a summary.

use std::time::{Duration, Instant};

use crate::smtp::SmtpServer;
use crate::util::{TestWorkspace, rundbrief};

/// A list of `n` new addresses.
fn list(ws: &TestWorkspace, n: usize) -> Vec<String> {
    let addresses: Vec<String> = (1..=n).map(|i| format!("leser{i}@example.org")).collect();
    ws.write("liste.csv", format!("email\n{}\n", addresses.join("\n")));
    addresses
}

fn workspace(smtp: &SmtpServer, connections: usize) -> TestWorkspace {
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit("rundbrief.toml", "rate = \"10/s\"", "rate = \"unlimited\"");
    ws.edit(
        "rundbrief.toml",
        "connections = 4",
        &format!("connections = {connections}"),
    );
    ws
}

#[test]
fn confirmations_go_out_over_the_configured_connections_with_a_summary() {
    let smtp = SmtpServer::start();
    smtp.answer_slowly(Duration::from_millis(200));
    let ws = workspace(&smtp, 4);
    let addresses = list(&ws, 8);
    let run = ws.run(&["subscribers", "import", "liste.csv"]).expect(0);
    assert_eq!(smtp.received().len(), 8);
    assert_eq!(
        smtp.connections(),
        4,
        "four connections at once, each kept for the next mail"
    );
    assert!(
        run.stdout
            .contains("Confirmation mails: 8 sent, 0 refused, 0 still due"),
        "{}",
        run.stdout
    );
    for address in &addresses {
        assert!(ws.show(address).contains("confirmation-sent"), "{address}");
    }
}

#[test]
fn an_import_killed_while_mailing_is_resumed_without_mailing_anyone_twice() {
    let smtp = SmtpServer::start();
    // One connection and a relay slow to answer each recipient: the kill
    // lands while a message waits for its RCPT, before its data went out.
    smtp.answer_slowly(Duration::from_millis(400));
    let ws = workspace(&smtp, 1);
    let addresses = list(&ws, 10);
    let mut child = rundbrief()
        .current_dir(ws.root())
        .args(["subscribers", "import", "liste.csv"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while smtp.received().len() < 3 {
        assert!(Instant::now() < deadline, "the import never mailed");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    let before = smtp.received().len();
    assert!(before < addresses.len(), "killed half way: {before}");

    // Every row was stored before the first mail.
    let pending = ws
        .run(&["subscribers", "list", "--status", "pending"])
        .expect(0)
        .stdout;
    assert_eq!(pending.lines().count(), addresses.len(), "{pending}");

    smtp.answer_slowly(Duration::ZERO);
    let run = ws.run(&["subscribers", "resume"]).expect(0);
    assert!(
        run.stdout.contains(&format!(
            "{} sent, 0 refused, 0 still due",
            addresses.len() - before
        )),
        "{}",
        run.stdout
    );
    for address in &addresses {
        assert_eq!(smtp.to(address).len(), 1, "{address} mailed once");
        assert!(ws.show(address).contains("confirmation-sent"), "{address}");
    }
    // Nothing is due any more: a second resume mails nobody.
    ws.run(&["subscribers", "resume"]).expect(0);
    assert_eq!(smtp.received().len(), addresses.len());
}

#[test]
fn the_links_handed_out_with_no_mail_are_not_mailed_later() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp, 2);
    list(&ws, 3);
    let run = ws
        .run(&["subscribers", "import", "liste.csv", "--no-mail"])
        .expect(0);
    assert_eq!(run.stdout.matches("/confirm/").count(), 3, "{}", run.stdout);
    ws.run(&["subscribers", "resume"]).expect(0);
    assert!(smtp.received().is_empty());
}
