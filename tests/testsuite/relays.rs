//! Relays that behave the way real ones do on a bad day — a limit on
//! connections, a login only after STARTTLS, silence mid-dialogue, no
//! greeting — played by the scripted relay; each test pins one finding of
//! issue 10 (a send that never stalls, never stops for one address, never
//! starves).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::scripted::{Busy, Reply, Script, ScriptedRelay};
use crate::util::{TestWorkspace, rundbrief};

/// A workspace sending through `relay`, with retries quick enough for tests.
fn workspace(relay: &ScriptedRelay) -> TestWorkspace {
    let ws = TestWorkspace::with_smtp(relay.port);
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

/// `[smtp] user` set, for relays that want a login.
fn with_login(ws: &TestWorkspace) {
    ws.edit(
        "rundbrief.toml",
        "tls = \"none\"",
        "tls = \"none\"\nuser = \"rundbrief@example.org\"",
    );
}

/// Runs `subscribers add ADDRESS` with the relay's password in the
/// environment and `RUNDBRIEF_LANG=lang`, bounded: a hang fails the test
/// instead of holding it forever.
fn add_with_password(ws: &TestWorkspace, address: &str, lang: &str) -> (Option<i32>, String) {
    let mut child = rundbrief()
        .current_dir(ws.root())
        .env("RUNDBRIEF_SMTP_PASSWORD", "geheim")
        .env("RUNDBRIEF_LANG", lang)
        .args(["subscribers", "add", address])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A bound for a hang, not a measure of speed: a hang never ends.
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("subscribers add {address} still hangs");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Issue 10 (SMTPUTF8 when the relay offers it): an address with a
/// non-ASCII local part goes out with the SMTPUTF8 parameter and the
/// address as it is in the To header where EHLO offers SMTPUTF8; elsewhere
/// it fails for good, alone, with the reason, and the rest go out.
#[test]
fn a_non_ascii_local_part_goes_out_with_smtputf8_where_the_relay_offers_it() {
    let relay = ScriptedRelay::start(Script {
        extensions: vec!["8BITMIME", "SMTPUTF8"],
        ..Script::default()
    });
    let ws = workspace(&relay);
    subscribers(&ws, "jörg@example.org,de\nbob@example.org,de\n");
    let run = ws
        .run(&["send", "2026-Q4", "--yes", "--connections", "1"])
        .expect(0);
    assert!(
        run.stdout.contains("2 sent, 0 failed temporarily"),
        "{}",
        run.stdout
    );
    let delivered = relay.delivered();
    let jörg = delivered
        .iter()
        .find(|d| d.to == ["jörg@example.org"])
        .expect("a message to jörg@example.org");
    assert!(
        jörg.mail.ends_with(" SMTPUTF8") || jörg.mail.contains(" SMTPUTF8 "),
        "{}",
        jörg.mail
    );
    assert!(
        jörg.data.contains("To: jörg@example.org\r\n"),
        "{}",
        jörg.data
    );
    let bob = delivered
        .iter()
        .find(|d| d.to == ["bob@example.org"])
        .unwrap();
    assert!(!bob.mail.contains("SMTPUTF8"), "{}", bob.mail);

    // The same list through a relay without SMTPUTF8.
    let relay = ScriptedRelay::start(Script::default());
    let ws = workspace(&relay);
    subscribers(&ws, "jörg@example.org,de\nbob@example.org,de\n");
    let run = ws
        .run(&["send", "2026-Q4", "--yes", "--connections", "1"])
        .expect(0);
    assert!(
        run.stdout
            .contains("1 sent, 0 failed temporarily, 1 failed permanently (0 bounced)"),
        "{}",
        run.stdout
    );
    assert_eq!(relay.rcpts(), ["bob@example.org"], "jörg was never offered");
    let status = ws.run(&["status", "2026-Q4"]).expect(0).stdout;
    assert!(
        status.contains("jörg@example.org") && status.contains("the relay does not offer it"),
        "{status}"
    );
    let jörg = ws.show("jörg@example.org");
    assert!(jörg.contains("status:        confirmed"), "{jörg}");
}

/// Issue 10 (QUIT after an error): a connection that met an error answer
/// was dropped without a goodbye — after a refused login, after a test
/// send's refused address, after a relay's refusal paused the send. Each
/// now ends with QUIT.
#[test]
fn a_connection_ends_with_quit_after_an_error_answer() {
    // A refused login.
    let relay = ScriptedRelay::start(Script {
        extensions: vec!["8BITMIME", "AUTH PLAIN LOGIN"],
        auth: Reply::say("535 5.7.8 Authentication credentials invalid"),
        ..Script::default()
    });
    let ws = workspace(&relay);
    with_login(&ws);
    let (code, stderr) = add_with_password(&ws, "anna@example.org", "en");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("refused the login"), "{stderr}");
    let connections = relay.connections();
    assert_eq!(connections.len(), 1, "{connections:?}");
    assert_eq!(
        connections[0].last().map(String::as_str),
        Some("QUIT"),
        "{connections:?}"
    );

    // A test send to an address the relay refuses, and a relay's refusal
    // that pauses the send.
    let relay = ScriptedRelay::start(Script {
        rcpt: Arc::new(|to| {
            Reply::say(if to == "weg@example.org" {
                "550 5.1.1 no such user"
            } else if to.starts_with("leser") {
                "554 5.7.1 Relaying denied"
            } else {
                "250 2.1.5 ok"
            })
        }),
        ..Script::default()
    });
    let ws = workspace(&relay);
    let run = ws
        .run(&["send", "2026-Q4", "--test", "weg@example.org"])
        .expect(1);
    assert!(run.stderr.contains("no such user"), "{}", run.stderr);
    subscribers(&ws, "leser1@example.org,de\n");
    let run = ws
        .run(&["send", "2026-Q4", "--yes", "--connections", "1"])
        .expect(1);
    assert!(run.stderr.contains("Relaying denied"), "{}", run.stderr);
    let connections = relay.connections();
    let refused: Vec<&Vec<String>> = connections
        .iter()
        .filter(|c| c.iter().any(|line| line.starts_with("RCPT")))
        .collect();
    assert_eq!(refused.len(), 2, "{connections:?}");
    for connection in refused {
        assert_eq!(
            connection.last().map(String::as_str),
            Some("QUIT"),
            "{connection:?}"
        );
    }
}

/// PIPELINING (RFC 2920): where the relay offers it, MAIL, RCPT and DATA
/// go out at once — two round trips a message instead of four — and the
/// replies are read in order, so a refused or deferred recipient is told
/// as one by one, whether the relay then refuses DATA (as RFC 2920 asks)
/// or opens it (an empty message closes it); the connection goes on. A
/// relay that does not offer it gets one command at a time.
#[test]
fn a_relay_offering_pipelining_gets_the_envelope_at_once_and_its_refusals_are_the_same() {
    let no_recipients = "554 5.5.1 Error: no valid recipients";
    for (extensions, data_without_recipients) in [
        (vec!["8BITMIME", "PIPELINING"], no_recipients),
        (vec!["8BITMIME", "PIPELINING"], "354 go ahead"),
        (vec!["8BITMIME"], no_recipients),
    ] {
        let pipelining = extensions.contains(&"PIPELINING");
        let relay = ScriptedRelay::start(Script {
            extensions,
            rcpt: Arc::new(|to| {
                Reply::say(match to {
                    "weg@example.org" => "550 5.1.1 no such user",
                    "voll@example.org" => "452 4.2.2 mailbox full",
                    _ => "250 2.1.5 ok",
                })
            }),
            data_without_recipients,
            ..Script::default()
        });
        let ws = workspace(&relay);
        subscribers(
            &ws,
            "anna@example.org,de\nweg@example.org,de\nvoll@example.org,en\nbob@example.org,en\n",
        );
        let run = ws
            .run(&["send", "2026-Q4", "--yes", "--connections", "1"])
            .expect(75);
        let case = format!("{data_without_recipients}, pipelining {pipelining}");
        assert!(
            run.stdout.contains(
                "2 sent, 1 failed temporarily, 1 failed permanently (1 bounced), 0 skipped"
            ),
            "{case}: {}",
            run.stdout
        );
        let delivered: Vec<Vec<String>> = relay.delivered().into_iter().map(|d| d.to).collect();
        assert_eq!(
            delivered,
            [vec!["anna@example.org"], vec!["bob@example.org"]],
            "{case}"
        );
        // One connection carried them all (the first only learnt what the
        // relay offers, before the freeze).
        let connections = relay.connections();
        let sending = connections
            .iter()
            .filter(|c| c.iter().any(|line| line.starts_with("MAIL")))
            .count();
        assert_eq!(sending, 1, "{case}: {connections:?}");
        let ahead = relay.pipelined();
        let envelopes_at_once = ahead.iter().filter(|c| c.starts_with("MAIL FROM")).count();
        assert_eq!(
            envelopes_at_once,
            if pipelining { 4 } else { 0 },
            "{case}: {ahead:?}"
        );
        assert!(
            ahead.iter().all(|c| !c.starts_with("DATA")),
            "DATA is the last of the envelope: {ahead:?}"
        );
    }
}

/// rundbrief greets a relay twice to learn whether it offers PIPELINING
/// (lettre keeps no note of it); a relay that refuses the second greeting
/// is spoken to one command at a time, and everything still goes out.
#[test]
fn a_relay_that_refuses_a_second_greeting_gets_one_command_at_a_time() {
    let relay = ScriptedRelay::start(Script {
        extensions: vec!["8BITMIME", "PIPELINING"],
        second_ehlo: Some("502 5.5.1 Error: command not implemented"),
        ..Script::default()
    });
    let ws = workspace(&relay);
    subscribers(&ws, "anna@example.org,de\nbob@example.org,en\n");
    let run = ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    assert!(
        run.stdout
            .contains("2 sent, 0 failed temporarily, 0 failed permanently"),
        "{}",
        run.stdout
    );
    assert_eq!(relay.delivered().len(), 2);
    assert!(relay.pipelined().is_empty(), "{:?}", relay.pipelined());
}

/// Issue 10 (AUTH only after STARTTLS): a relay that offers AUTH only once
/// the connection is encrypted, with `[smtp] tls = "none"`, was reported
/// as a refused login (check user and password), which sent people after
/// the wrong setting. The error names `tls`, in both languages, and says
/// nothing of reaching the server.
#[test]
fn a_relay_offering_auth_only_after_starttls_points_to_the_tls_setting() {
    let relay = ScriptedRelay::start(Script {
        extensions: vec!["8BITMIME", "STARTTLS"],
        ..Script::default()
    });
    let ws = workspace(&relay);
    with_login(&ws);
    let (code, stderr) = add_with_password(&ws, "anna@example.org", "en");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("offers a login (AUTH) only after STARTTLS, and [smtp] tls is \"none\": set tls = \"starttls\""),
        "{stderr}"
    );
    assert!(!stderr.contains("refused the login"), "{stderr}");
    assert!(!stderr.contains("cannot reach"), "{stderr}");
    let (code, stderr) = add_with_password(&ws, "bob@example.org", "de");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("bietet die Anmeldung (AUTH) erst nach STARTTLS an"),
        "{stderr}"
    );
    assert!(stderr.contains("setzen Sie tls = \"starttls\""), "{stderr}");
    assert!(
        relay
            .connections()
            .iter()
            .all(|c| !c.iter().any(|l| l.starts_with("AUTH"))),
        "no AUTH the relay did not offer"
    );
}

/// Issue 10 ("cannot reach" only when unreachable): a relay that took the
/// connection and then failed — no greeting, a refusal instead of one —
/// was reported as "cannot reach the SMTP server", which sent people to
/// check host, port and firewall. Now the words say what happened.
#[test]
fn a_relay_that_answers_badly_is_not_called_unreachable() {
    let silent = ScriptedRelay::start(Script {
        greeting: None,
        ..Script::default()
    });
    let refusing = ScriptedRelay::start(Script {
        greeting: Some("554 5.3.2 relay.test not accepting connections"),
        ..Script::default()
    });
    for (relay, expected) in [
        (
            &silent,
            "took the connection, but sent no greeting within 1 s ([smtp] timeout)",
        ),
        (
            &refusing,
            "the SMTP server refused the connection with 554: 5.3.2 relay.test not accepting connections",
        ),
    ] {
        let ws = workspace(relay);
        ws.edit(
            "rundbrief.toml",
            "tls = \"none\"",
            "tls = \"none\"\ntimeout = \"1s\"",
        );
        let run = ws
            .run(&["subscribers", "add", "anna@example.org"])
            .expect(1);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
        assert!(!run.stderr.contains("cannot reach"), "{}", run.stderr);
    }
}

/// Issue 10 (a send that never stalls): a relay that stops answering
/// during AUTH, or during the TLS handshake of implicit TLS (port 465,
/// where lettre limits only the TCP connect), must not hang the command.
/// STARTTLS has its test in subscribers.rs.
#[test]
fn a_relay_that_stops_answering_during_auth_or_the_tls_handshake_does_not_hang() {
    let auth = ScriptedRelay::start(Script {
        extensions: vec!["8BITMIME", "AUTH PLAIN LOGIN"],
        auth: Reply::Silence,
        ..Script::default()
    });
    let ws = workspace(&auth);
    with_login(&ws);
    ws.edit(
        "rundbrief.toml",
        "tls = \"none\"",
        "tls = \"none\"\ntimeout = \"1s\"",
    );
    let (code, stderr) = add_with_password(&ws, "anna@example.org", "en");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("stopped answering ([smtp] timeout)"),
        "{stderr}"
    );

    // Takes the connection and never speaks: no TLS handshake either.
    let handshake = ScriptedRelay::start(Script {
        greeting: None,
        ..Script::default()
    });
    let ws = workspace(&handshake);
    ws.edit(
        "rundbrief.toml",
        "tls = \"none\"",
        "tls = \"tls\"\ntimeout = \"1s\"",
    );
    let (code, stderr) = add_with_password(&ws, "anna@example.org", "en");
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("took the connection, but sent no greeting"),
        "{stderr}"
    );
    assert!(!stderr.contains("cannot reach"), "{stderr}");
}

/// Issue 10 (421 too many connections): a relay that serves one connection
/// at a time refused the others with `421 4.7.0 Too many connections` —
/// at the greeting, or, some relays, at MAIL FROM — and the send stopped
/// (a greeting's refusal was "cannot reach") or counted failures. It goes
/// on with the connections it has and says so.
#[test]
fn a_relay_that_takes_fewer_connections_gets_everything_over_the_ones_it_takes() {
    for busy in [Busy::AtGreeting, Busy::AtMail] {
        let relay = ScriptedRelay::start(Script {
            max_connections: 1,
            busy,
            ..Script::default()
        });
        let ws = workspace(&relay);
        subscribers(&ws, &many(30));
        let run = ws
            .run(&["send", "2026-Q4", "--yes", "--connections", "4"])
            .expect(0);
        assert!(
            run.stdout
                .contains("30 sent, 0 failed temporarily, 0 failed permanently"),
            "{busy:?}: {}",
            run.stdout
        );
        assert!(
            run.stderr.contains(
                "the SMTP server takes no more connections (421 4.7.0 Too many connections, try again later); the send goes on with 1 of 4"
            ),
            "{busy:?}: {}",
            run.stderr
        );
        let mut to: Vec<String> = relay.delivered().into_iter().flat_map(|d| d.to).collect();
        to.sort();
        to.dedup();
        assert_eq!(to.len(), 30, "{busy:?}");
    }
}

fn many(count: usize) -> String {
    (0..count)
        .map(|n| format!("leser{n}@example.org,de\n"))
        .collect()
}

/// Ten deferred rows at the front of the journal, ten queued behind: the
/// relay defers leser0–9 (4xx) and refuses leser10 as a relay does, which
/// pauses the send. Returns the switch that makes the relay take everyone.
fn deferred_in_front() -> (ScriptedRelay, TestWorkspace, Arc<AtomicBool>) {
    let open = Arc::new(AtomicBool::new(false));
    let opened = open.clone();
    let relay = ScriptedRelay::start(Script {
        rcpt: Arc::new(move |to| {
            let n: usize = to
                .trim_start_matches("leser")
                .split('@')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(99);
            Reply::say(match n {
                _ if opened.load(Ordering::SeqCst) => "250 2.1.5 ok",
                0..10 => "451 4.7.1 try again later",
                10 => "554 5.7.1 Relaying denied",
                _ => "250 2.1.5 ok",
            })
        }),
        ..Script::default()
    });
    let ws = workspace(&relay);
    subscribers(&ws, &many(20));
    ws.run(&["send", "2026-Q4", "--yes", "--connections", "1"])
        .expect(1);
    (relay, ws, open)
}

fn leser(numbers: impl Iterator<Item = usize>) -> Vec<String> {
    numbers.map(|n| format!("leser{n}@example.org")).collect()
}

/// Issue 10 (deferred recipients do not starve the queue): a resumed send
/// went through the journal in subscriber order, so rows the relay had
/// deferred, retried first, held up every queued one behind them. Now the
/// queued rows go first, then the deferred ones whose turn has come on
/// their back-off (retry_delay doubling per try, kept in the journal).
#[test]
fn a_resumed_send_delivers_queued_rows_before_deferred_ones() {
    let (relay, ws, open) = deferred_in_front();
    let before = relay.rcpts().len();
    open.store(true, Ordering::SeqCst);
    let run = ws
        .run(&["send", "2026-Q4", "--yes", "--connections", "1"])
        .expect(0);
    assert!(
        run.stdout.contains("20 sent, 0 failed temporarily"),
        "{}",
        run.stdout
    );
    let expected: Vec<String> = leser(10..20).into_iter().chain(leser(0..10)).collect();
    assert_eq!(relay.rcpts()[before..], expected[..]);
}

/// Issue 10 (deferred recipients do not starve the queue): a deferred row
/// whose next try is not due is not tried; it is counted, and the hint to
/// send again (exit status 75) says from when. A send with nothing due
/// says so at once.
#[test]
fn deferred_rows_not_due_are_left_for_later_and_the_hint_says_when() {
    let (relay, ws, open) = deferred_in_front();
    let before = relay.rcpts().len();
    open.store(true, Ordering::SeqCst);
    ws.edit(
        "rundbrief.toml",
        "retry_delay = \"20ms\"",
        "retry_delay = \"1h\"",
    );
    let run = ws
        .run(&["send", "2026-Q4", "--yes", "--connections", "1"])
        .expect(75);
    assert_eq!(relay.rcpts()[before..], leser(10..20)[..]);
    assert!(
        run.stdout.contains("10 sent, 0 failed temporarily"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("10 deferred recipients were not tried: the next try is not due yet"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "10 recipients were deferred by the server (4xx); `rundbrief send 2026-Q4` tries them again, the first from "
        ),
        "{}",
        run.stdout
    );

    let run = ws.run(&["send", "2026-Q4", "--yes"]).expect(75);
    assert!(
        run.stdout.contains("10 deferred recipients were not tried"),
        "{}",
        run.stdout
    );
    assert_eq!(relay.rcpts().len(), before + 10, "nothing tried");
}
