//! Unconfirmed sign-ups are erased after `[subscribers] pending_days`, by
//! `subscribers prune` and by `serve`; the log keeps that it happened and
//! how many, never who.

use crate::util::{Daemon, TestWorkspace};

const DATABASE: &str = "subscribers/rundbrief.sqlite3";

/// Pending sign-ups for `addresses`, without mail.
fn sign_up(ws: &TestWorkspace, addresses: &[&str]) {
    ws.write(
        "anmeldungen.csv",
        format!("email\n{}\n", addresses.join("\n")),
    );
    ws.run(&["subscribers", "import", "anmeldungen.csv", "--no-mail"])
        .expect(0);
}

/// Moves a subscriber's sign-up (and last confirmation mail) `days` back.
fn age(ws: &TestWorkspace, address: &str, days: i64) {
    let at = chrono::Utc::now() - chrono::Duration::days(days);
    let db = rusqlite::Connection::open(ws.path(DATABASE)).unwrap();
    let changed = db
        .execute(
            "UPDATE subscribers SET created_at = ?2, confirmation_sent_at = ?2 WHERE canonical = ?1",
            rusqlite::params![address, at],
        )
        .unwrap();
    assert_eq!(changed, 1, "{address}");
}

fn on_list(ws: &TestWorkspace, address: &str) -> bool {
    ws.run(&["subscribers", "show", address]).code == 0
}

/// Every row of the erasure log as `reason count`; the table has no
/// column that could name an erased address.
fn erasure_log(ws: &TestWorkspace) -> Vec<String> {
    let db = rusqlite::Connection::open(ws.path(DATABASE)).unwrap();
    let mut statement = db
        .prepare("SELECT reason, count FROM erasures ORDER BY id")
        .unwrap();
    statement
        .query_map([], |row| {
            Ok(format!(
                "{} {}",
                row.get::<_, String>(0)?,
                row.get::<_, i64>(1)?
            ))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn prune_erases_only_pending_sign_ups_older_than_the_period() {
    let ws = TestWorkspace::sample();
    sign_up(&ws, &["vergessen@example.org", "frisch@example.org"]);
    ws.import_confirmed("treu@example.org,de\n");
    age(&ws, "vergessen@example.org", 31);
    age(&ws, "frisch@example.org", 29);
    age(&ws, "treu@example.org", 400);

    let dry = ws.run(&["subscribers", "prune", "--dry-run"]).expect(0);
    assert!(
        dry.stdout
            .contains("1 sign-up would be erased (unconfirmed for more than 30 days)"),
        "{}",
        dry.stdout
    );
    assert!(
        on_list(&ws, "vergessen@example.org"),
        "a dry run erases nothing"
    );
    assert!(erasure_log(&ws).is_empty());

    let run = ws.run(&["subscribers", "prune"]).expect(0);
    assert!(run.stdout.contains("1 sign-up erased"), "{}", run.stdout);
    assert!(!on_list(&ws, "vergessen@example.org"));
    assert!(on_list(&ws, "frisch@example.org"));
    assert!(on_list(&ws, "treu@example.org"));
    assert_eq!(ws.status_of("treu@example.org"), "confirmed");

    let log = erasure_log(&ws);
    assert_eq!(log, vec!["pending-expired 1".to_string()]);
    let raw = std::fs::read(ws.path(DATABASE)).unwrap();
    assert!(
        !raw.windows(b"vergessen".len()).any(|w| w == b"vergessen"),
        "the address is still in the database file"
    );
    let stats = ws.run(&["subscribers", "stats"]).expect(0).stdout;
    assert!(
        stats.contains("erased (only the number is kept):"),
        "{stats}"
    );
    assert!(
        stats
            .lines()
            .any(|l| l.contains("unconfirmed, expired") && l.trim_end().ends_with(" 1")),
        "{stats}"
    );
}

#[test]
fn pending_days_sets_the_period() {
    let ws = TestWorkspace::sample();
    ws.configure("[subscribers]\npending_days = 7");
    sign_up(&ws, &["acht@example.org", "sechs@example.org"]);
    age(&ws, "acht@example.org", 8);
    age(&ws, "sechs@example.org", 6);
    ws.run(&["subscribers", "prune"]).expect(0);
    assert!(!on_list(&ws, "acht@example.org"));
    assert!(on_list(&ws, "sechs@example.org"));
}

#[test]
fn serve_erases_expired_sign_ups_when_it_starts() {
    let ws = TestWorkspace::sample();
    sign_up(&ws, &["alt@example.org", "neu@example.org"]);
    ws.import_confirmed("treu@example.org,de\n");
    age(&ws, "alt@example.org", 45);
    age(&ws, "treu@example.org", 45);
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    // serve says its address only after the first round.
    assert!(!on_list(&ws, "alt@example.org"), "{}", server.stderr());
    assert!(on_list(&ws, "neu@example.org"));
    assert!(on_list(&ws, "treu@example.org"));
    let log = erasure_log(&ws);
    assert_eq!(log, vec!["pending-expired 1".to_string()]);
    drop(server);
}
