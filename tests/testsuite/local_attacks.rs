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

/// The permission bits of a file or folder.
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Every file and folder under `dir` whose mode is not 0600 (files) or
/// 0700 (folders), with its mode.
fn open_to_others(dir: &std::path::Path) -> Vec<String> {
    let mut found = Vec::new();
    for item in std::fs::read_dir(dir).unwrap() {
        let path = item.unwrap().path();
        let wanted = if path.is_dir() { 0o700 } else { 0o600 };
        if mode(&path) != wanted {
            found.push(format!("{} {:o}", path.display(), mode(&path)));
        }
        if path.is_dir() {
            found.extend(open_to_others(&path));
        }
    }
    found
}

/// Issue 11, finding 4: the database, its `-wal` and `-shm` files and the
/// `out/` files were created 0644 although they hold personal data (the
/// subscribers; the sample's recipient, unpublished issues). They are now
/// the owner's only: files 0600, the folders rundbrief creates for them 0700.
#[test]
fn the_database_and_out_are_the_owners_only() {
    let ws = TestWorkspace::sample();
    ws.run(&["subscribers", "add", "anna@example.org", "--no-mail"])
        .expect(0);
    assert_eq!(mode(&ws.path("subscribers")), 0o700);
    assert_eq!(mode(&ws.path("subscribers/rundbrief.sqlite3")), 0o600);

    // The -wal and -shm files live while a connection is open: `serve` holds one.
    let server = crate::util::Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    crate::util::get(&format!("{}/", server.base));
    for file in ["rundbrief.sqlite3-wal", "rundbrief.sqlite3-shm"] {
        assert_eq!(
            mode(&ws.path(&format!("subscribers/{file}"))),
            0o600,
            "{file}"
        );
    }
    drop(server);

    // `build` replaces out/<issue>/ whole, so the sample comes after it.
    ws.run(&["build"]).expect(0);
    ws.run(&["send", "--dry-run"]).expect(0);
    assert_eq!(mode(&ws.path("out")), 0o700);
    let found = open_to_others(&ws.path("out"));
    assert!(found.is_empty(), "{found:#?}");
    assert!(
        std::fs::read_dir(ws.path("out"))
            .unwrap()
            .flatten()
            .any(|issue| issue.path().join("sample.eml").exists()),
        "send --dry-run wrote its sample"
    );
}

/// The email and name columns of an export, in its order.
fn addresses_and_names(export: &str) -> Vec<(String, String)> {
    export
        .lines()
        .skip(1)
        .map(|line| {
            let mut cells = line.splitn(3, ',');
            (
                cells.next().unwrap().to_string(),
                cells.next().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Issue 11, finding 5: the export's formula guard put `'` before an
/// address beginning with `=`, `+` or `-`, and re-importing the export
/// created `'=x@…`. Every formula-like start (and `'` itself) now survives
/// export → import → export unchanged, while the export stays guarded.
#[test]
fn an_export_imports_back_unchanged() {
    let first = TestWorkspace::sample();
    first.write(
        "liste.csv",
        "email,name\n\
         =sum@example.org,=HYPERLINK(\"evil\")\n\
         +plus@example.org,+49 Anna\n\
         -minus@example.org,-Bert\n\
         at@example.org,@Carla\n\
         'quote@example.org,'Dora\n\
         plain@example.org,Emil\n",
    );
    first
        .run(&[
            "subscribers",
            "import",
            "liste.csv",
            "--consent",
            "Formular",
        ])
        .expect(0);
    first
        .run(&["subscribers", "export", "--out", "export.csv"])
        .expect(0);
    let exported = first.read("export.csv");
    assert!(exported.contains("'=sum@example.org"), "{exported}");
    assert!(exported.contains("'@Carla"), "{exported}");

    let second = TestWorkspace::sample();
    second.write("export.csv", &exported);
    second
        .run(&[
            "subscribers",
            "import",
            "export.csv",
            "--consent",
            "Formular",
        ])
        .expect(0);
    second
        .run(&["subscribers", "export", "--out", "again.csv"])
        .expect(0);
    let mut before = addresses_and_names(&exported);
    let mut after = addresses_and_names(&second.read("again.csv"));
    before.sort();
    after.sort();
    assert_eq!(before.len(), 6, "{exported}");
    assert_eq!(after, before);
    let show = second.show("=sum@example.org");
    assert!(show.starts_with("=sum@example.org\n"), "{show}");
    assert!(show.contains("=HYPERLINK(\"evil\")"), "{show}");
}
