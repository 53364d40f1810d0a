//! Issue 11's attacks on what lives on the staff's machine: the files
//! rundbrief writes, the files it imports and the terminal it prints to.
//! Each test performs the attack with the real binary on real files and a
//! real SQLite database, and sees it fail.

use crate::util::{TestWorkspace, rundbrief};

/// Runs `rundbrief ARGS` with its standard output a pipe whose reader has
/// already gone, as `| head -1` leaves it after one line: every write fails
/// with a broken pipe, not only those after a race with the reader.
fn run_into_closed_pipe(ws: &TestWorkspace, args: &[&str]) -> (i32, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = rundbrief()
        .current_dir(ws.root())
        .args(args)
        .stdout(writer)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Issue 11, finding 8: `subscribers show X | head -1`, `status | head` and
/// `subscribers list | head` panicked with exit status 101; output to a
/// closed pipe now ends quietly with success.
#[test]
fn output_into_a_closed_pipe_ends_quietly_with_success() {
    let ws = TestWorkspace::sample();
    ws.import_confirmed("anna@example.org,de\nbob@example.org,en\n");
    for args in [
        &["subscribers", "show", "anna@example.org"][..],
        &["subscribers", "list"],
        &["subscribers", "list", "--json"],
        &["subscribers", "stats"],
        &["subscribers", "export"],
        &["status"],
    ] {
        let (code, stderr) = run_into_closed_pipe(&ws, args);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

/// Issue 11, finding 9: `subscribers forget` erased at once. Without a
/// terminal to ask on and without `--yes` it now refuses and erases nothing;
/// with `--yes` it erases.
#[test]
fn forget_without_a_terminal_needs_yes() {
    let ws = TestWorkspace::sample();
    ws.import_confirmed("anna@example.org,de\n");
    let refused = ws
        .run(&["subscribers", "forget", "anna@example.org"])
        .expect(1);
    assert!(refused.stderr.contains("add --yes"), "{}", refused.stderr);
    assert_eq!(ws.status_of("anna@example.org"), "confirmed");

    ws.run(&["subscribers", "forget", "anna@example.org", "--yes"])
        .expect(0);
    ws.run(&["subscribers", "show", "anna@example.org"])
        .expect(1);
}
