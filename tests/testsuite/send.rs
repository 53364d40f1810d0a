//! `rundbrief send` and `status` against a real SMTP server on loopback:
//! every confirmed subscriber exactly once, resumable, throttled.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::smtp::SmtpServer;
use crate::util::{TestWorkspace, closed_port, rundbrief};

/// A workspace sending through `smtp`, with retries quick enough for tests.
fn workspace(smtp: &SmtpServer) -> TestWorkspace {
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit(
        "rundbrief.toml",
        "rate = \"10/s\"",
        "rate = \"unlimited\"\nretry_attempts = 2\nretry_delay = \"20ms\"",
    );
    ws
}

/// Imports confirmed subscribers: `address,language` lines.
fn subscribers(ws: &TestWorkspace, rows: &str) {
    ws.import_confirmed(rows);
}

fn many(count: usize) -> String {
    (0..count)
        .map(|n| format!("leser{n}@example.org,de\n"))
        .collect()
}

#[test]
fn every_confirmed_subscriber_gets_one_message_in_their_language() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    subscribers(
        &ws,
        "anna@example.org,de\nbob@example.org,de\njane@example.org,en\nweg@example.org,de\n",
    );
    ws.run(&["subscribers", "remove", "weg@example.org"])
        .expect(0);
    ws.run(&["subscribers", "add", "offen@example.org", "--no-mail"])
        .expect(0);

    let run = ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    assert!(
        run.stdout.contains("2026-Q4: 3 recipients (de 2, en 1)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("3 sent, 0 failed temporarily"),
        "{}",
        run.stdout
    );

    let received = smtp.received();
    assert_eq!(received.len(), 3);
    let mut to: Vec<&str> = received.iter().map(|m| m.to[0].as_str()).collect();
    to.sort_unstable();
    assert_eq!(
        to,
        ["anna@example.org", "bob@example.org", "jane@example.org"]
    );

    let anna = &smtp.to("anna@example.org")[0];
    let mime = anna.mime();
    assert_eq!(
        mime.subject(),
        Some("Rundbrief 4/2026: Jugendaustausch mit Polen, Albanien im Blick")
    );
    assert_eq!(mime.text_body_count(), 1);
    assert_eq!(mime.html_body_count(), 1);
    let text = mime.body_text(0).unwrap();
    assert!(
        text.contains("Hallo,") || text.contains("Liebe Leserinnen und Leser,"),
        "{text}"
    );
    assert!(mime.body_html(0).unwrap().contains("Begegnung braucht Mut"));
    assert!(mime.date().is_some());
    assert_eq!(
        mime.header_raw("Reply-To").map(str::trim),
        Some("info@example.org")
    );
    assert_eq!(
        mime.header_raw("List-Id").map(str::trim),
        Some("\"Netzwerkstelle Staedtepartnerschaften NRW\" <rundbrief.example.org>")
    );
    assert_eq!(
        mime.header_raw("List-Unsubscribe-Post").map(str::trim),
        Some("List-Unsubscribe=One-Click")
    );
    let show = ws.show("anna@example.org");
    let personal = show
        .lines()
        .find_map(|l| l.trim().strip_prefix("unsubscribe:"))
        .unwrap()
        .trim();
    // The way back names the delivery, not the address: a `+tag` of the
    // issue, the subscriber's unsubscribe selector and a MAC (VERP).
    let selector = &personal.rsplit('/').find(|s| !s.is_empty()).unwrap()[..16];
    let tagged = |local: &str| {
        let prefix = format!("{local}+2026-q4-{selector}-");
        move |address: &str| {
            address.strip_prefix(&prefix).is_some_and(|rest| {
                rest.len() == "@example.org".len() + 12 && rest.ends_with("@example.org")
            })
        }
    };
    assert!(
        tagged("bounces")(&anna.from),
        "the return path: {}",
        anna.from
    );
    let list_unsubscribe = anna.header("List-Unsubscribe").unwrap();
    let mailto = list_unsubscribe
        .strip_prefix(&format!("<{personal}>, <mailto:"))
        .and_then(|rest| rest.strip_suffix("?subject=unsubscribe>"))
        .unwrap_or_else(|| panic!("{list_unsubscribe}"));
    assert!(tagged("unsubscribe")(mailto), "{mailto}");
    assert_ne!(
        anna.from.split_once('+').unwrap().1,
        mailto.split_once('+').unwrap().1,
        "a bounce tag cannot stand in for an unsubscribe"
    );
    assert!(
        mime.body_html(0).unwrap().contains(personal),
        "the footer links the personal unsubscribe page"
    );
    assert!(text.contains(personal));
    let message_id = mime.message_id().unwrap();
    assert!(
        message_id.starts_with("rundbrief.2026-q4.") && message_id.ends_with("@example.org"),
        "{message_id}"
    );

    let jane = smtp.to("jane@example.org")[0]
        .mime()
        .subject()
        .unwrap()
        .to_string();
    assert_eq!(
        jane,
        "Newsletter 4/2026: Youth exchange with Poland, a look at Albania"
    );

    // Sending again mails nobody.
    let again = ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    assert!(
        again.stdout.contains("Nobody to send to"),
        "{}",
        again.stdout
    );
    assert_eq!(smtp.received().len(), 3);
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(
        status.contains("2026-Q4: 3 recipients, frozen on"),
        "{status}"
    );
    assert!(status.contains("sent                        3"), "{status}");
}

#[test]
fn dry_run_shows_the_plan_and_writes_a_sample_but_sends_nothing() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    ws.edit(
        "rundbrief.toml",
        "rate = \"unlimited\"",
        "rate = \"600/min\"",
    );
    subscribers(&ws, &format!("{}jane@example.org,en\n", many(1200)));
    let run = ws.run(&["send", "2026-Q4", "--dry-run"]).expect(0);
    assert!(
        run.stdout
            .contains("2026-Q4: 1201 recipients (de 1200, en 1) via 127.0.0.1:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("rate 600/min; about 2 min 0 s"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("sample message: out/2026-Q4/sample.eml"),
        "{}",
        run.stdout
    );
    let sample = ws.read("out/2026-Q4/sample.eml");
    assert!(sample.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(
        sample.contains("Message-ID: <rundbrief.2026-q4.sample-de@example.org>"),
        "{sample}"
    );
    assert!(smtp.received().is_empty());
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(status.contains("has not been sent yet"), "{status}");
}

#[test]
fn a_test_send_marks_the_subject_and_journals_nothing() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    subscribers(&ws, "jane@example.org,en\n");
    let run = ws
        .run(&[
            "send",
            "2026-Q4",
            "--test",
            "redaktion@example.org",
            "jane@example.org",
        ])
        .expect(0);
    assert!(
        run.stdout.contains("redaktion@example.org: 250"),
        "{}",
        run.stdout
    );
    let redaktion = smtp.to("redaktion@example.org")[0]
        .mime()
        .subject()
        .unwrap()
        .to_string();
    assert_eq!(
        redaktion,
        "[TEST] Rundbrief 4/2026: Jugendaustausch mit Polen, Albanien im Blick"
    );
    let jane = smtp.to("jane@example.org")[0]
        .mime()
        .subject()
        .unwrap()
        .to_string();
    assert!(
        jane.starts_with("[TEST] Newsletter 4/2026"),
        "a subscriber gets their language: {jane}"
    );
    let ids: Vec<String> = ["redaktion@example.org", "jane@example.org"]
        .iter()
        .map(|to| smtp.to(to)[0].mime().message_id().unwrap().to_string())
        .collect();
    for id in &ids {
        assert!(
            id.starts_with("rundbrief.2026-q4.test-") && id.ends_with("@example.org"),
            "a test send's Message-ID has the shape of a real one: {id}"
        );
    }
    assert_ne!(ids[0], ids[1], "each test message has its own Message-ID");
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(status.contains("has not been sent yet"), "{status}");
}

#[test]
fn without_a_terminal_send_refuses_unless_told_yes() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    subscribers(&ws, "anna@example.org,de\n");
    let run = ws.run(&["send", "2026-Q4"]).expect(1);
    assert!(run.stderr.contains("add --yes"), "{}", run.stderr);
    assert!(smtp.received().is_empty());
}

#[test]
fn an_unreachable_server_is_named_before_anything_is_marked() {
    let closed = closed_port();
    let port = closed.port;
    let ws = TestWorkspace::with_smtp(port);
    subscribers(&ws, "anna@example.org,de\n");
    let run = ws.run(&["send", "2026-Q4", "--yes"]).expect(1);
    assert!(
        run.stderr
            .contains(&format!("cannot reach the SMTP server 127.0.0.1:{port}")),
        "{}",
        run.stderr
    );
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(status.contains("has not been sent yet"), "{status}");
}

#[test]
fn temporary_failures_are_retried_and_permanent_ones_bounce() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    subscribers(
        &ws,
        "a@example.org,de\nvoll@example.org,de\nweg@example.org,de\nb@example.org,en\n",
    );
    smtp.refuse("voll@example.org", 451, "4.2.2 mailbox full, try later");
    smtp.refuse("weg@example.org", 550, "5.1.1 no such user");

    // Rows left deferred: a status of its own (75, "try again later").
    let run = ws.run(&["send", "2026-Q4", "--yes"]).expect(75);
    assert!(
        run.stdout
            .contains("2 sent, 1 failed temporarily, 1 failed permanently (1 bounced), 0 skipped"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "One recipient was deferred by the server (4xx); `rundbrief send 2026-Q4` tries them again"
        ),
        "{}",
        run.stdout
    );
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(status.contains("failed-temporarily          1"), "{status}");
    assert!(
        status.contains("450 4.2.2 mailbox full") || status.contains("451 4.2.2 mailbox full"),
        "{status}"
    );
    assert!(
        status.contains("weg@example.org  550 5.1.1 no such user"),
        "{status}"
    );
    let weg = ws.show("weg@example.org");
    assert!(weg.contains("status:        bounced"), "{weg}");
    assert!(weg.contains("bounced            smtp"), "{weg}");

    // The next send retries the temporary failure, and nobody else.
    smtp.accept("voll@example.org");
    let run = ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    assert!(
        run.stdout.contains("1 sent, 0 failed temporarily"),
        "{}",
        run.stdout
    );
    let counts: HashMap<String, usize> =
        smtp.received()
            .iter()
            .fold(HashMap::new(), |mut counts, m| {
                *counts.entry(m.to[0].clone()).or_default() += 1;
                counts
            });
    assert_eq!(counts.get("voll@example.org"), Some(&1));
    assert_eq!(counts.get("a@example.org"), Some(&1));
    assert_eq!(counts.get("weg@example.org"), None);
}

#[test]
fn too_many_failures_in_a_row_pause_and_later_unsubscribes_are_skipped() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    ws.edit(
        "rundbrief.toml",
        "retry_attempts = 2",
        "retry_attempts = 1\nmax_consecutive_errors = 3",
    );
    subscribers(&ws, &many(10));
    for n in 0..10 {
        smtp.refuse(&format!("leser{n}@example.org"), 550, "5.1.1 no such user");
    }
    let run = ws
        .run(&["send", "2026-Q4", "--yes", "--connections", "1"])
        .expect(1);
    assert!(
        run.stderr.contains("Send paused: 3 failures in a row"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("rundbrief send 2026-Q4` resumes"),
        "{}",
        run.stderr
    );

    for n in 0..10 {
        smtp.accept(&format!("leser{n}@example.org"));
    }
    ws.run(&["subscribers", "remove", "leser9@example.org"])
        .expect(0);
    let run = ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    // The three that bounced before the pause are not tried again.
    assert!(
        run.stdout
            .contains("6 sent, 0 failed temporarily, 0 failed permanently (0 bounced), 1 skipped"),
        "{}",
        run.stdout
    );
    assert!(smtp.to("leser9@example.org").is_empty());
}

/// Issue 10 (deferred recipients do not starve the queue): a server that
/// answers "later" (4xx) for many recipients in a row is no reason to pause;
/// the send goes through the list, and the deferred rows wait for the next.
#[test]
fn answers_of_later_do_not_pause_the_send() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    ws.edit(
        "rundbrief.toml",
        "retry_attempts = 2",
        "retry_attempts = 1\nmax_consecutive_errors = 3",
    );
    subscribers(&ws, &many(8));
    for n in 0..5 {
        smtp.refuse(
            &format!("leser{n}@example.org"),
            421,
            "4.3.0 try again later",
        );
    }
    let run = ws
        .run(&["send", "2026-Q4", "--yes", "--connections", "1"])
        .expect(75);
    assert!(!run.stderr.contains("Send paused"), "{}", run.stderr);
    assert!(
        run.stdout.contains("5 recipients were deferred"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("3 sent, 5 failed temporarily, 0 failed permanently (0 bounced), 0 skipped"),
        "{}",
        run.stdout
    );
    assert_eq!(smtp.received().len(), 3);
}

#[test]
fn a_killed_send_resumes_without_skipping_anyone() {
    const RECIPIENTS: usize = 2000;
    const CONNECTIONS: usize = 4;
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    ws.edit("rundbrief.toml", "rate = \"unlimited\"", "rate = \"400/s\"");
    subscribers(&ws, &many(RECIPIENTS));
    let mut child = rundbrief()
        .current_dir(ws.root())
        .args([
            "send",
            "2026-Q4",
            "--yes",
            "--connections",
            &CONNECTIONS.to_string(),
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while smtp.received().len() < RECIPIENTS / 3 {
        assert!(Instant::now() < deadline, "the send did not get going");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let before = smtp.received().len();
    assert!(before < RECIPIENTS, "killed too late to prove anything");

    let run = ws
        .run(&[
            "send",
            "2026-Q4",
            "--yes",
            "--connections",
            &CONNECTIONS.to_string(),
        ])
        .expect(0);
    assert!(run.stdout.contains("(resuming)"), "{}", run.stdout);
    let mut counts: HashMap<String, usize> = HashMap::new();
    for message in smtp.received() {
        *counts.entry(message.to[0].clone()).or_default() += 1;
    }
    let missing: Vec<String> = (0..RECIPIENTS)
        .map(|n| format!("leser{n}@example.org"))
        .filter(|a| !counts.contains_key(a))
        .collect();
    assert!(missing.is_empty(), "never received: {missing:?}");
    let duplicates: usize = counts.values().map(|n| n - 1).sum();
    eprintln!(
        "kill test: {before} delivered before the kill, {duplicates} duplicate(s) after resuming"
    );
    assert!(
        duplicates <= CONNECTIONS,
        "{duplicates} duplicates, more than the {CONNECTIONS} messages in flight"
    );
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(
        status.contains(&format!("sent                     {RECIPIENTS}")),
        "{status}"
    );
}

/// Also issue 10 (progress after Ctrl-C): after a stop, the summary says
/// what really went out, the count the server received, and the bar is
/// left where the send got to rather than filled.
#[test]
fn ctrl_c_stops_after_the_messages_in_flight_and_says_how_to_resume() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    ws.edit("rundbrief.toml", "rate = \"unlimited\"", "rate = \"50/s\"");
    subscribers(&ws, &many(300));
    let child = rundbrief()
        .current_dir(ws.root())
        .args(["send", "2026-Q4", "--yes"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while smtp.received().len() < 20 {
        assert!(Instant::now() < deadline, "the send did not get going");
        std::thread::sleep(Duration::from_millis(10));
    }
    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap()
            .success()
    );
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("Stopped. `rundbrief send 2026-Q4` resumes the send"),
        "{stderr}"
    );
    let stopped_at = smtp.received().len();
    assert!(stopped_at < 300);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(&format!("2026-Q4: {stopped_at} sent, 0 failed temporarily")),
        "{stopped_at} received: {stdout}"
    );

    ws.edit("rundbrief.toml", "rate = \"50/s\"", "rate = \"unlimited\"");
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    let received = smtp.received();
    assert_eq!(received.len(), 300, "a graceful stop leaves no duplicates");
}

#[test]
fn a_send_is_never_faster_than_the_rate_asked_for() {
    // Only a lower bound, which a slow machine can exceed but never miss:
    // message k waits for its slot, `k / rate` after the send starts, so the
    // last of 21 at 40/s cannot arrive before 500 ms. The throttle's timing
    // itself is pinned on a virtual clock in src/delivery.rs; speed is
    // measured in benches/send.rs.
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    subscribers(&ws, &many(21));
    let started = Instant::now();
    ws.run(&[
        "send",
        "2026-Q4",
        "--yes",
        "--rate",
        "40/s",
        "--connections",
        "4",
    ])
    .expect(0);
    let received = smtp.received();
    assert_eq!(received.len(), 21);
    let last = received.iter().map(|m| m.at).max().unwrap();
    assert!(
        last - started >= Duration::from_millis(500),
        "21 messages at 40/s took only {:?}",
        last - started
    );
}

#[test]
fn content_cannot_inject_smtp_commands() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    subscribers(&ws, "anna@example.org,de\n");
    // Regression guard for RUSTSEC-2026-0561: a lone dot line, a bare CR and
    // a line starting with a dot must arrive as text, never end DATA early.
    ws.edit(
        "issues/2026-Q4/albanien-nordmazedonien.md",
        "summary = \"Zu Albanien",
        // Markdown hard breaks (a backslash at the line end) keep the lines.
        "summary = \"Erste Zeile\\\\\\n.\\\\\\nRSET\\\\\\nMAIL FROM:evil@example.org\\rzweite\\\\\\n.punkt am Anfang. Zu Albanien",
    );
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    let received = smtp.received();
    assert_eq!(
        received.len(),
        1,
        "exactly one message, no injected second one"
    );
    assert_eq!(received[0].to, ["anna@example.org"]);
    let text = received[0]
        .mime()
        .body_text(0)
        .unwrap()
        .replace("\r\n", "\n");
    assert!(
        text.contains("Erste Zeile\n.\nRSET\n"),
        "a lone dot line arrives as text: {text}"
    );
    assert!(text.contains("\n.punkt am Anfang."), "{text}");
    assert!(
        text.contains("MAIL FROM:evil@example.org"),
        "the command stays text: {text}"
    );

    // A line break in the subject would write headers of its own: refused.
    ws.edit(
        "issues/2026-Q4/issue.toml",
        "subject = \"Rundbrief 4/2026: ",
        "subject = \"Rundbrief\\nBcc: evil@example.org\\n4/2026: ",
    );
    let run = ws.run(&["send", "2026-Q4", "--yes"]).expect(1);
    assert!(
        run.stderr.contains("subject (de) contains a line break"),
        "{}",
        run.stderr
    );
}

#[test]
fn dkim_signs_the_unsubscribe_headers() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    let key = tempfile::tempdir().unwrap();
    let key_file = key.path().join("dkim.key");
    // An Ed25519 private key: 32 bytes, base64.
    std::fs::write(&key_file, "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=").unwrap();
    ws.configure(&format!(
        "[smtp.dkim]\nselector = \"rundbrief\"\ndomain = \"example.org\"\nkey_file = \"{}\"\nalgorithm = \"ed25519\"\n",
        key_file.display()
    ));
    subscribers(&ws, "anna@example.org,de\n");
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    let signature = smtp.received()[0]
        .header("DKIM-Signature")
        .expect("a DKIM signature");
    assert!(signature.contains("d=example.org"), "{signature}");
    assert!(signature.contains("s=rundbrief"), "{signature}");
    let signed = signature
        .split("h=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_lowercase();
    assert!(
        signed.contains("list-unsubscribe") && signed.contains("list-unsubscribe-post"),
        "{signed}"
    );
}

#[test]
fn a_dry_run_checks_deliverability_before_anything_goes_out() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    subscribers(&ws, "anna@example.org,de\n");
    ws.edit(
        "issues/2026-Q4/issue.toml",
        "subject = \"Rundbrief 4/2026: ",
        "subject = \"JETZT LESEN!! ",
    );
    ws.edit(
        "issues/2026-Q4/albanien-nordmazedonien.md",
        "<info@example.org>",
        "<https://bit.ly/3abcdef>",
    );
    ws.edit(
        "rundbrief.toml",
        "public_url = \"https://www.example.org/rundbrief\"",
        "public_url = \"http://www.example.org/rundbrief\"",
    );
    let run = ws.run(&["send", "2026-Q4", "--dry-run"]).expect(0);
    assert!(run.stderr.contains("deliverability:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("rundbrief.toml: warning[no-dkim]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("rundbrief.toml: warning[insecure-unsubscribe]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("issues/2026-Q4/issue.toml: warning[spammy-subject]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("albanien-nordmazedonien.md:25: warning[short-link]: https://bit.ly/3abcdef"),
        "{}",
        run.stderr
    );

    // Signed by a domain other than the sender's: DMARC would not align.
    let key = tempfile::tempdir().unwrap();
    std::fs::write(
        key.path().join("dkim.key"),
        "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=",
    )
    .unwrap();
    ws.configure(&format!(
        "[smtp.dkim]\nselector = \"s\"\ndomain = \"mailer.example.net\"\nkey_file = \"{}\"\nalgorithm = \"ed25519\"\n",
        key.path().join("dkim.key").display()
    ));
    let run = ws.run(&["send", "2026-Q4", "--dry-run"]).expect(0);
    assert!(!run.stderr.contains("no-dkim"), "{}", run.stderr);
    assert!(run.stderr.contains("warning[dkim-alignment]: the DKIM domain mailer.example.net does not match the sender's domain example.org"), "{}", run.stderr);
    assert!(smtp.received().is_empty());
}

/// Issue 10 (a relay's refusal is not a reader's bounce): Postfix answered
/// every recipient `554 5.7.1 Client host rejected: Access denied` when
/// rundbrief had not logged in, and 22 subscribers were marked bounced.
/// Such a refusal pauses the send, leaves the rows queued and every
/// subscriber as they were, and says what the relay said.
#[test]
fn a_relays_refusal_pauses_the_send_and_bounces_nobody() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    subscribers(&ws, &many(5));
    for n in 0..5 {
        smtp.refuse(
            &format!("leser{n}@example.org"),
            554,
            "5.7.1 <leser@example.org>: Client host rejected: Access denied",
        );
    }
    let run = ws
        .run(&["send", "2026-Q4", "--yes", "--connections", "1"])
        .expect(1);
    assert!(
        run.stderr.contains("Client host rejected"),
        "{}",
        run.stderr
    );
    assert!(smtp.received().is_empty());
    for n in 0..5 {
        let show = ws.show(&format!("leser{n}@example.org"));
        assert!(show.contains("status:        confirmed"), "{show}");
        assert!(!show.contains("bounced"), "{show}");
    }
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(status.contains("queued                      5"), "{status}");

    // Once the relay lets rundbrief send, the same send delivers them all.
    for n in 0..5 {
        smtp.accept(&format!("leser{n}@example.org"));
    }
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    assert_eq!(smtp.received().len(), 5);
}

/// Issue 10 (the same refusal for several recipients in a row is the
/// relay's): a relay that refuses everyone may say so in words that look
/// like a missing mailbox (`550 5.1.1 … Sorry, no`), and every subscriber
/// would have been marked bounced. The same words for three recipients in
/// a row at different domains pause the send: nobody is bounced, the rows
/// stay queued, and the message says the relay refuses everyone.
#[test]
fn the_same_refusal_at_different_domains_is_the_relays_and_bounces_nobody() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    let addresses: Vec<String> = (0..6)
        .map(|n| format!("leser{n}@domain{n}.example"))
        .collect();
    let rows: String = addresses.iter().map(|a| format!("{a},de\n")).collect();
    subscribers(&ws, &rows);
    for address in &addresses {
        smtp.refuse(address, 550, &format!("5.1.1 <{address}>: Sorry, no"));
    }
    let run = ws.run(&["send", "2026-Q4", "--yes"]).expect(1);
    assert!(
        run.stderr.contains("that is the relay refusing everyone"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Sorry, no"), "{}", run.stderr);
    for address in &addresses {
        let show = ws.show(address);
        assert!(show.contains("status:        confirmed"), "{show}");
        assert!(!show.contains("bounced"), "{show}");
    }
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(status.contains("queued                      6"), "{status}");

    for address in &addresses {
        smtp.accept(address);
    }
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    assert_eq!(smtp.received().len(), 6);
}

/// Issue 10: with `[smtp] user` set and no password in the environment,
/// rundbrief used to skip AUTH and send anyway. Now nothing is sent and the
/// error says which variable to set.
#[test]
fn a_user_without_a_password_stops_before_anything_is_sent() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    subscribers(&ws, "anna@example.org,de\n");
    ws.edit(
        "rundbrief.toml",
        "connections = 4",
        "connections = 4\nuser = \"rundbrief@example.org\"",
    );
    let run = ws.run(&["send", "2026-Q4", "--yes"]).expect(1);
    assert!(
        run.stderr
            .contains("RUNDBRIEF_SMTP_PASSWORD is not set: nothing was sent"),
        "{}",
        run.stderr
    );
    assert!(smtp.received().is_empty());
    let anna = ws.show("anna@example.org");
    assert!(anna.contains("status:        confirmed"), "{anna}");
    let add = ws.run(&["subscribers", "add", "neu@example.org"]).expect(1);
    assert!(
        add.stderr.contains("RUNDBRIEF_SMTP_PASSWORD"),
        "{}",
        add.stderr
    );
}

/// Issue 10 (every mail signed and named right): the confirmation mail, the
/// first a new subscriber sees, was unsigned and had a Message-ID in the
/// machine's own name (`@vm`). It is signed like an issue, its Message-ID
/// ends in the sender's domain and names no database row, and the signature
/// covers Reply-To too.
#[test]
fn the_confirmation_mail_is_signed_and_named_in_the_senders_domain() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    let key = tempfile::tempdir().unwrap();
    let key_file = key.path().join("dkim.key");
    std::fs::write(&key_file, "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=").unwrap();
    ws.configure(&format!(
        "[smtp.dkim]\nselector = \"rundbrief\"\ndomain = \"example.org\"\nkey_file = \"{}\"\nalgorithm = \"ed25519\"\n",
        key_file.display()
    ));
    ws.run(&["subscribers", "add", "anna@example.org"])
        .expect(0);
    ws.run(&["subscribers", "add", "bob@example.org"]).expect(0);
    let mails = smtp.wait_for(2);
    let signature = mails[0].header("DKIM-Signature").expect("a DKIM signature");
    assert!(signature.contains("d=example.org"), "{signature}");
    let signed = signature
        .split("h=")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_lowercase();
    for header in ["from", "to", "subject", "date", "message-id", "reply-to"] {
        assert!(
            signed.split(':').any(|h| h.trim() == header),
            "{header} in {signed}"
        );
    }
    let ids: Vec<String> = mails
        .iter()
        .map(|m| m.header("Message-ID").unwrap())
        .collect();
    for id in &ids {
        assert!(id.trim().starts_with("<rundbrief.confirm."), "{id}");
        assert!(id.trim().ends_with("@example.org>"), "{id}");
    }
    assert_ne!(
        ids[0], ids[1],
        "each confirmation mail has its own Message-ID"
    );
    // A confirmation mail to a dead address bounces back tagged too.
    for mail in &mails {
        assert!(mail.from.starts_with("bounces+confirm-"), "{}", mail.from);
        assert!(mail.from.ends_with("@example.org"), "{}", mail.from);
    }
    assert_ne!(mails[0].from, mails[1].from);
}

/// Issue 10 (international addresses): an address with a non-ASCII domain
/// goes out in its punycode form; one whose local part needs SMTPUTF8,
/// which the relay does not offer, fails for good with the reason, alone,
/// and the send goes on (it used to pause the whole send on every resume).
#[test]
fn international_addresses_go_out_or_fail_alone() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    subscribers(
        &ws,
        "anna@münchen.example,de\njörg@example.org,de\nbob@example.org,de\n",
    );
    let run = ws
        .run(&["send", "2026-Q4", "--yes", "--connections", "1"])
        .expect(0);
    assert!(!run.stderr.contains("Send paused"), "{}", run.stderr);
    let to: Vec<String> = smtp.received().iter().flat_map(|m| m.to.clone()).collect();
    assert!(
        to.contains(&"anna@xn--mnchen-3ya.example".to_string()),
        "{to:?}"
    );
    assert!(to.contains(&"bob@example.org".to_string()), "{to:?}");
    assert_eq!(to.len(), 2, "{to:?}");
    assert!(
        run.stdout
            .contains("2 sent, 0 failed temporarily, 1 failed permanently (0 bounced)"),
        "{}",
        run.stdout
    );
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(status.contains("jörg@example.org"), "{status}");
    assert!(status.contains("SMTPUTF8"), "{status}");

    // The confirmation mail goes the same way.
    ws.run(&["subscribers", "add", "zoe@bücher.example"])
        .expect(0);
    let to: Vec<String> = smtp.received().iter().flat_map(|m| m.to.clone()).collect();
    assert!(
        to.contains(&"zoe@xn--bcher-kva.example".to_string()),
        "{to:?}"
    );
}

/// Issue 14 (encode once, smaller on the wire): every message is the
/// edition encoded once with only the reader's parts spliced in. Put the
/// sample recipient's parts back and each part is exactly what `build`
/// wrote; the text part goes 8bit (the relay offers 8BITMIME), the HTML
/// part quoted-printable, and the whole message is under 1.15 × its parts.
#[test]
fn each_message_is_the_edition_sealed_for_its_reader() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    ws.write(
        "namen.csv",
        "email,name,language\nanna@example.org,Anna Łęcka,de\nbob@example.org,,de\n\
         jane@example.org,\"Jane <b>O'Neill</b> & Co\",en\n",
    );
    ws.run(&[
        "subscribers",
        "import",
        "namen.csv",
        "--consent",
        "Formular 2025",
    ])
    .expect(0);
    ws.run(&["build", "2026-Q4"]).expect(0);
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    let sample = "https://www.example.org/rundbrief/unsubscribe/SAMPLE";
    let sample_preferences = "https://www.example.org/rundbrief/preferences/SAMPLE";
    let cases = [
        (
            "anna@example.org",
            Some("Anna Łęcka"),
            "email",
            "Hallo Anna Łęcka,",
        ),
        (
            "bob@example.org",
            None,
            "email",
            "Liebe Leserinnen und Leser,",
        ),
        (
            "jane@example.org",
            Some("Jane <b>O'Neill</b> & Co"),
            "email.en",
            "Hello Jane <b>O'Neill</b> & Co,",
        ),
    ];
    for (address, name, file, greeting) in cases {
        let received = &smtp.to(address)[0];
        let mime = received.mime();
        let show = ws.show(address);
        let link = |kind: &str| {
            show.lines()
                .find_map(|l| l.trim().strip_prefix(&format!("{kind}:")))
                .unwrap_or_else(|| panic!("{kind} in {show}"))
                .trim()
                .to_string()
        };
        let (unsubscribe, preferences) = (link("unsubscribe"), link("preferences"));
        let text = mime.body_text(0).unwrap().replace("\r\n", "\n");
        let html = mime.body_html(0).unwrap().replace("\r\n", "\n");
        assert!(text.contains(greeting), "{address}: {text:.400}");
        // The sample's greeting and links put back: what `build` wrote.
        let sample_greeting = ws
            .read(&format!("out/2026-Q4/{file}.txt"))
            .lines()
            .find(|l| {
                l.starts_with("Hallo")
                    || l.starts_with("Hello")
                    || l.starts_with("Liebe")
                    || l.starts_with("Dear")
            })
            .unwrap()
            .to_string();
        let back = |part: &str, escape: fn(&str) -> String| {
            part.replace(&unsubscribe, sample)
                .replace(&preferences, sample_preferences)
                .replace(&escape(greeting), &escape(&sample_greeting))
        };
        let html_escape = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#39;")
        };
        // A real link is longer than the sample's and may be fitted onto a
        // line of its own: the words are the same.
        let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(
            words(&back(&text, str::to_string)),
            words(&ws.read(&format!("out/2026-Q4/{file}.txt"))),
            "{address}"
        );
        assert_eq!(
            back(&html, html_escape),
            ws.read(&format!("out/2026-Q4/{file}.html")),
            "{address}"
        );
        assert_eq!(
            mime.to().and_then(|to| to.first()).and_then(|a| a.name()),
            name,
            "{address}"
        );
        let encodings: Vec<_> = ["text/plain", "text/html"]
            .iter()
            .map(|kind| {
                let head = received
                    .data
                    .split(&format!("Content-Type: {kind}"))
                    .nth(1)
                    .unwrap();
                head.lines()
                    .find_map(|l| l.strip_prefix("Content-Transfer-Encoding: "))
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(encodings, ["8bit", "quoted-printable"], "{address}");
        let decoded = mime.body_text(0).unwrap().len() + mime.body_html(0).unwrap().len();
        assert!(
            (received.data.len() as f64) < 1.15 * decoded as f64,
            "{address}: {} bytes on the wire for {decoded} bytes of content",
            received.data.len()
        );
    }
}
