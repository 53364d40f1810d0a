//! Scheduled sends: `send ISSUE --at TIME` books one, a running `serve`
//! performs it once its time has come (re-checking the issue first), two
//! `serve` processes on one database send it once, a send late beyond the
//! grace period waits for staff; times in the workspace's zone, named.

use std::time::{Duration, Instant};

use chrono::Utc;

use crate::smtp::SmtpServer;
use crate::util::{Daemon, TestWorkspace};

const ISSUE: &str = "2026-Q4";
const ALBANIEN: &str = "issues/2026-Q4/albanien-nordmazedonien.md";
const READERS: [&str; 3] = ["anna@example.org", "bob@example.org", "jane@example.org"];

/// A workspace sending through `smtp` to three confirmed readers, whose
/// `serve` looks for due sends every second.
fn workspace(smtp: &SmtpServer) -> TestWorkspace {
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit("rundbrief.toml", "rate = \"10/s\"", "rate = \"unlimited\"");
    ws.configure("[serve]\nschedule_poll = \"1s\"");
    ws.import_confirmed("anna@example.org,de\nbob@example.org,de\njane@example.org,en\n");
    ws
}

/// The wall clock of Europe/Berlin `ahead` from now, as staff type it.
fn berlin_in(ahead: Duration) -> String {
    (Utc::now() + ahead)
        .with_timezone(&chrono_tz::Europe::Berlin)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// Waits (a minute at most: the machine may be loaded) until `done` holds.
#[track_caller]
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The schedule line `status` prints for the issue: `  ISSUE  TIME  STATE[: REASON]`.
fn schedule_line(ws: &TestWorkspace) -> String {
    let status = ws.run(&["status", ISSUE]).expect(0).stdout;
    status
        .lines()
        .find(|line| line.starts_with(&format!("  {ISSUE}  ")))
        .unwrap_or_else(|| panic!("no schedule in {status}"))
        .to_string()
}

/// The state of the issue's schedule, as `status` words it.
fn schedule_state(ws: &TestWorkspace) -> String {
    let line = schedule_line(ws);
    let state = line.split("  ").nth(3).unwrap_or_else(|| panic!("{line}"));
    state.split(':').next().unwrap().to_string()
}

/// Books the send a few seconds ahead: far enough that the checks `send
/// --at` runs first finish before it.
fn book_soon(ws: &TestWorkspace) {
    let at = berlin_in(Duration::from_secs(6));
    let run = ws.run(&["send", ISSUE, "--at", &at]).expect(0);
    assert!(run.stdout.contains("will be sent on"), "{}", run.stdout);
}

#[track_caller]
fn each_reader_got_one(smtp: &SmtpServer) {
    for reader in READERS {
        assert_eq!(smtp.to(reader).len(), 1, "{reader}");
    }
    assert_eq!(smtp.received().len(), READERS.len());
}

#[test]
fn serve_performs_a_booked_send_when_it_is_due() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    book_soon(&ws);
    assert_eq!(schedule_state(&ws), "scheduled");
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    wait_until("the scheduled send", || schedule_state(&ws) == "sent");
    each_reader_got_one(&smtp);
    let log = server.stderr();
    assert!(
        log.contains("Scheduled send of 2026-Q4 (due ") && log.contains(") starts."),
        "{log}"
    );
    assert!(
        log.contains("Scheduled send of 2026-Q4 done: 3 sent."),
        "{log}"
    );
    // Done is done: a later round sends nothing more.
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(smtp.received().len(), READERS.len());
    let status = ws.run(&["status", ISSUE]).expect(0).stdout;
    assert!(status.contains("3 recipients"), "{status}");
}

#[test]
fn two_serves_on_one_database_send_once() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    book_soon(&ws);
    let first = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    let second = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    assert_ne!(first.base, second.base);
    wait_until("the scheduled send", || schedule_state(&ws) == "sent");
    // The loser of the claim might still be in its round: give it time to
    // do wrong.
    std::thread::sleep(Duration::from_secs(2));
    each_reader_got_one(&smtp);
    let starts = [&first, &second]
        .iter()
        .map(|server| server.stderr().matches(") starts.").count())
        .sum::<usize>();
    assert_eq!(starts, 1);
}

#[test]
fn an_issue_broken_after_booking_is_not_sent_and_says_why() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    book_soon(&ws);
    ws.edit(ALBANIEN, "author = \"Team der Netzwerkstelle\"\n", "");
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    wait_until("the schedule to fail", || schedule_state(&ws) == "failed");
    let line = schedule_line(&ws);
    assert!(
        line.contains("no longer passes `rundbrief check`")
            && line.contains("missing field `author`"),
        "{line}"
    );
    assert!(smtp.received().is_empty());
    assert!(
        server
            .stderr()
            .contains("Scheduled send of 2026-Q4 failed: 2026-Q4 no longer passes"),
        "{}",
        server.stderr()
    );
    let status = ws.run(&["status", ISSUE]).expect(0).stdout;
    assert!(status.contains("has not been sent yet"), "{status}");
}

#[test]
fn a_send_late_beyond_the_grace_waits_for_staff() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    ws.run(&["send", ISSUE, "--at", "2099-01-07 09:00"])
        .expect(0);
    // As if no `serve` had run since a week ago.
    let database = rusqlite::Connection::open(ws.path("subscribers/rundbrief.sqlite3")).unwrap();
    let week_ago = Utc::now() - chrono::Duration::days(7);
    database
        .execute("UPDATE schedules SET due_at = ?1", [week_ago])
        .unwrap();
    drop(database);
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    wait_until("the schedule to be parked", || {
        schedule_state(&ws) == "waiting for staff"
    });
    assert!(
        server
            .stderr()
            .contains("late beyond [serve] schedule_grace"),
        "{}",
        server.stderr()
    );
    // Rounds go on; none sends it.
    std::thread::sleep(Duration::from_secs(2));
    assert!(smtp.received().is_empty());
    let status = ws.run(&["status", ISSUE]).expect(0).stdout;
    assert!(
        status.contains("`rundbrief send 2026-Q4` sends it now"),
        "{status}"
    );
    // Staff send it by hand: the schedule is over.
    drop(server);
    let run = ws.run(&["send", ISSUE, "--yes"]).expect(0);
    assert!(
        run.stdout.contains("The schedule of 2026-Q4 is settled"),
        "{}",
        run.stdout
    );
    assert_eq!(schedule_state(&ws), "sent");
    each_reader_got_one(&smtp);
}

#[test]
fn a_booking_is_shown_in_the_workspace_zone_and_can_be_cancelled() {
    let ws = TestWorkspace::sample();
    // The machine's own zone does not matter.
    let run = ws
        .run_with_env(
            &["send", ISSUE, "--at", "2099-02-25 09:00"],
            &[("TZ", "UTC")],
        )
        .expect(0);
    assert!(
        run.stdout
            .contains("2026-Q4 will be sent on 25 February 2099, 09:00 CET"),
        "{}",
        run.stdout
    );
    let status = ws
        .run_with_env(&["status", ISSUE], &[("TZ", "America/New_York")])
        .expect(0)
        .stdout;
    assert!(
        status.contains("2026-Q4  25 February 2099, 09:00 CET  scheduled"),
        "{status}"
    );
    let de = ws
        .run_with_env(
            &["status", ISSUE],
            &[("RUNDBRIEF_LANG", "de"), ("TZ", "UTC")],
        )
        .expect(0)
        .stdout;
    assert!(
        de.contains("25. Februar 2099, 09:00 Uhr (MEZ)  vorgemerkt"),
        "{de}"
    );
    // Booked anew: the new time replaces the old.
    let again = ws
        .run(&["send", ISSUE, "--at", "2099-07-01T10:30"])
        .expect(0);
    assert!(
        again.stdout.contains("1 July 2099, 10:30 CEST"),
        "{}",
        again.stdout
    );
    let cancel = ws.run(&["send", ISSUE, "--cancel"]).expect(0);
    assert!(
        cancel
            .stdout
            .contains("The send of 2026-Q4 on 1 July 2099, 10:30 CEST is cancelled."),
        "{}",
        cancel.stdout
    );
    let twice = ws.run(&["send", ISSUE, "--cancel"]).expect(1);
    assert!(
        twice.stderr.contains("2026-Q4 has no send waiting"),
        "{}",
        twice.stderr
    );
}

#[test]
fn a_time_past_or_unreadable_or_at_a_clock_change_is_refused() {
    let ws = TestWorkspace::sample();
    let cases = [
        ("2020-01-01 09:00", "is past"),
        ("morgen früh", "is not a time"),
        ("2099-03-29 02:30", "does not happen in Europe/Berlin"),
        ("2099-10-25 02:30", "happens twice in Europe/Berlin"),
    ];
    for (at, expected) in cases {
        let run = ws.run(&["send", ISSUE, "--at", at]).expect(1);
        assert!(run.stderr.contains(expected), "{at}: {}", run.stderr);
    }
    let status = ws.run(&["status", ISSUE]).expect(0).stdout;
    assert!(!status.contains("Scheduled sends"), "{status}");
}

#[test]
fn a_broken_issue_cannot_be_booked() {
    let ws = TestWorkspace::sample();
    ws.edit(ALBANIEN, "author = \"Team der Netzwerkstelle\"\n", "");
    let run = ws
        .run(&["send", ISSUE, "--at", "2099-02-25 09:00"])
        .expect(1);
    assert!(
        run.stderr.contains("has errors and is not sent"),
        "{}",
        run.stderr
    );
    let status = ws.run(&["status", ISSUE]).expect(0).stdout;
    assert!(!status.contains("Scheduled sends"), "{status}");
}

#[test]
fn an_unknown_zone_is_a_config_error_naming_the_line() {
    let ws = TestWorkspace::sample();
    ws.edit(
        "rundbrief.toml",
        "[sender]",
        "timezone = \"Europe/Dortmund\"\n\n[sender]",
    );
    let line = ws
        .read("rundbrief.toml")
        .lines()
        .position(|line| line.starts_with("timezone"))
        .unwrap()
        + 1;
    let run = ws.run(&["status", ISSUE]).expect(1);
    assert!(
        run.stderr.contains(&format!("rundbrief.toml:{line}:")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("\"Europe/Dortmund\" is not a time zone"),
        "{}",
        run.stderr
    );
}

/// Ctrl-C to `serve` mid-send: the messages in flight finish, the schedule
/// says it stopped, and `send` by hand delivers the rest, nobody twice.
#[test]
fn stopping_serve_mid_send_marks_the_schedule_for_resuming() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    ws.edit("rundbrief.toml", "rate = \"unlimited\"", "rate = \"50/s\"");
    let many: String = (0..300)
        .map(|n| format!("leser{n}@example.org,de\n"))
        .collect();
    ws.import_confirmed(&many);
    let total = READERS.len() + 300;
    book_soon(&ws);
    let mut server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    wait_until("the send to get going", || smtp.received().len() >= 20);
    assert!(
        std::process::Command::new("kill")
            .args(["-INT", &server.child.id().to_string()])
            .status()
            .unwrap()
            .success()
    );
    assert!(server.child.wait().unwrap().success());
    let stopped_at = smtp.received().len();
    assert!(stopped_at < total, "stopped too late to prove anything");
    let line = schedule_line(&ws);
    assert_eq!(schedule_state(&ws), "failed", "{line}");
    assert!(line.contains("`rundbrief send 2026-Q4` resumes"), "{line}");
    ws.run(&["send", ISSUE, "--yes"]).expect(0);
    assert_eq!(smtp.received().len(), total, "nobody twice, nobody skipped");
    assert_eq!(schedule_state(&ws), "sent");
}

/// `subscribers show` (and its consent log), `subscribers list` and
/// `status` write times in the workspace's zone, named, not the machine's;
/// the JSON list keeps ISO 8601 with its offset.
#[test]
fn times_are_shown_in_the_workspace_zone_everywhere() {
    let smtp = SmtpServer::start();
    let ws = workspace(&smtp);
    ws.edit(
        "rundbrief.toml",
        "[sender]",
        "timezone = \"America/New_York\"\n\n[sender]",
    );
    ws.run(&["send", ISSUE, "--yes"]).expect(0);
    let zone = |text: &str| text.ends_with(" EST") || text.ends_with(" EDT");
    let in_tokyo = [("TZ", "Asia/Tokyo")];
    let show = ws
        .run_with_env(&["subscribers", "show", "anna@example.org"], &in_tokyo)
        .expect(0)
        .stdout;
    let created = show
        .lines()
        .find(|line| line.trim_start().starts_with("created"))
        .unwrap_or_else(|| panic!("{show}"));
    assert!(zone(created), "{show}");
    let history: Vec<&str> = show
        .lines()
        .skip_while(|line| !line.starts_with("consent history"))
        .skip(1)
        .collect();
    assert!(!history.is_empty(), "{show}");
    for line in history {
        assert!(
            line.contains(" EST ") || line.contains(" EDT "),
            "{line}\n{show}"
        );
    }
    let list = ws
        .run_with_env(&["subscribers", "list"], &in_tokyo)
        .expect(0)
        .stdout;
    assert!(
        list.lines()
            .all(|line| line.contains(" EST") || line.contains(" EDT")),
        "{list}"
    );
    let json = ws.run(&["subscribers", "list", "--json"]).expect(0).stdout;
    assert!(json.contains("+00:00\""), "{json}");
    let status = ws
        .run_with_env(&["status", ISSUE], &in_tokyo)
        .expect(0)
        .stdout;
    let frozen = status
        .lines()
        .find(|line| line.contains("frozen on"))
        .unwrap_or_else(|| panic!("{status}"));
    assert!(zone(frozen), "{status}");
}
