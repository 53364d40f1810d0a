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

/// Issue 11, finding 3: names with NUL, ESC, VT or FF were taken by the
/// form, by import and by `add`, broke the confirmation mail and printed
/// raw escape sequences into the staff's terminal. Each edge now refuses
/// them, naming the character; a name already stored prints escaped.
#[test]
fn control_characters_are_refused_at_every_edge_and_never_printed_raw() {
    let ws = TestWorkspace::sample();
    ws.write(
        "liste.csv",
        "email,name\n\
         esc@example.org,\u{1b}[2J\u{1b}[31mAlarm\n\
         nul@example.org,a\u{0}b\n\
         vt@example.org,a\u{b}b\n\
         ff@example.org,a\u{c}b\n\
         bidi@example.org,evil\u{202e}gpj.exe\n\
         anna@example.org,Anna\n",
    );
    let import = ws
        .run(&[
            "subscribers",
            "import",
            "liste.csv",
            "--consent",
            "Formular",
        ])
        .expect(0);
    for (line, code) in [
        (2, "U+001B"),
        (3, "U+0000"),
        (4, "U+000B"),
        (5, "U+000C"),
        (6, "U+202E"),
    ] {
        assert!(
            import
                .stderr
                .contains(&format!("liste.csv:{line}: invalid"))
                && import.stderr.contains(code),
            "{line} {code}: {}",
            import.stderr
        );
    }
    assert!(
        import.stdout.contains("added: 1") && import.stdout.contains("invalid: 5"),
        "{}",
        import.stdout
    );
    let strict = ws
        .run(&["subscribers", "import", "liste.csv", "--strict"])
        .expect(1);
    assert!(strict.stderr.contains("U+001B"), "{}", strict.stderr);
    let consent = ws
        .run(&[
            "subscribers",
            "import",
            "liste.csv",
            "--consent",
            "Formular\u{1b}[8m",
        ])
        .expect(1);
    assert!(
        consent
            .stderr
            .contains("consent text (--consent) contains the control character U+001B"),
        "{}",
        consent.stderr
    );

    let add = ws
        .run(&[
            "subscribers",
            "add",
            "carl@example.org",
            "--name",
            "\u{1b}]0;pwned\u{7}Carl",
            "--no-mail",
        ])
        .expect(1);
    assert!(
        add.stderr.contains("control character U+001B"),
        "{}",
        add.stderr
    );
    ws.run(&["subscribers", "show", "carl@example.org"])
        .expect(1);

    // A name stored before the check existed (or by another tool).
    let db = rusqlite::Connection::open(ws.path("subscribers/rundbrief.sqlite3")).unwrap();
    db.execute(
        "UPDATE subscribers SET name = ?1 WHERE address = 'anna@example.org'",
        ["\u{1b}[2J\u{1b}[31mAnna\u{202e}"],
    )
    .unwrap();
    drop(db);
    for args in [
        &["subscribers", "show", "anna@example.org"][..],
        &["subscribers", "list"],
    ] {
        let run = ws.run(args).expect(0);
        assert!(
            !run.stdout.contains(['\u{1b}', '\u{202e}']),
            "{args:?}: {:?}",
            run.stdout
        );
        assert!(
            run.stdout.contains("\\u{1b}[2J\\u{1b}[31mAnna\\u{202e}"),
            "{args:?}: {}",
            run.stdout
        );
    }
}

/// Issue 11, finding 3, the form: `POST /subscribe` with an escape sequence
/// in the name is refused and stores nothing.
#[test]
fn the_form_refuses_a_name_with_control_characters() {
    let ws = TestWorkspace::sample();
    let server = crate::util::Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    let refused = crate::util::post(
        &format!("{}/subscribe", server.base),
        &[
            ("email", "esc@example.org"),
            ("name", "\u{1b}[2JEve"),
            ("lang", "en"),
            ("consent", "yes"),
            ("website", ""),
        ],
    );
    assert_eq!(refused.status, 422, "{}", refused.body);
    drop(server);
    ws.run(&["subscribers", "show", "esc@example.org"])
        .expect(1);
}

/// Issue 11, finding 6: a 1 GB line took 5 GB of memory and `import
/// /dev/zero` grew until killed. The file is now read in chunks against a
/// line and a file limit (`[subscribers]`), and the error says which one
/// was hit and where.
#[test]
fn an_import_stops_at_its_line_and_file_limits() {
    let ws = TestWorkspace::sample();
    // The default line limit ends an endless file at once.
    let zero = ws
        .run(&[
            "subscribers",
            "import",
            "/dev/zero",
            "--consent",
            "Formular",
        ])
        .expect(1);
    assert!(
        zero.stderr.contains("/dev/zero:1: the line is longer than")
            && zero.stderr.contains("import_max_line_bytes"),
        "{}",
        zero.stderr
    );

    ws.configure("[subscribers]\nimport_max_line_bytes = 100\nimport_max_file_bytes = 1000\n");
    let long_name = "x".repeat(150);
    ws.write(
        "liste.csv",
        format!("email,name\nanna@example.org,Anna\r\nbob@example.org,{long_name}\n"),
    );
    let line = ws
        .run(&[
            "subscribers",
            "import",
            "liste.csv",
            "--consent",
            "Formular",
        ])
        .expect(1);
    assert!(
        line.stderr
            .contains("liste.csv:3: the line is longer than 100 bytes"),
        "{}",
        line.stderr
    );

    let rows: String = (0..100).map(|i| format!("r{i}@example.org,R\n")).collect();
    ws.write("liste.csv", format!("email,name\n{rows}"));
    let file = ws
        .run(&[
            "subscribers",
            "import",
            "liste.csv",
            "--consent",
            "Formular",
        ])
        .expect(1);
    assert!(
        file.stderr
            .contains("liste.csv: the file is larger than 1000 bytes")
            && file.stderr.contains("import_max_file_bytes"),
        "{}",
        file.stderr
    );
    let list = ws.run(&["subscribers", "list"]).expect(0);
    assert_eq!(list.stdout, "", "nothing was imported");
}

/// Issue 11, finding 10: a 400k-row import was one transaction of 14 s,
/// and `serve` and a send waiting for the database gave up with "database
/// is locked". The import now commits in short slices: while 100,000 rows
/// go in, other commands write and read without an error, and their
/// subscribers land between the imported ones (in one transaction they
/// could only come before or after all of them).
#[test]
fn an_import_lets_others_write_while_it_runs() {
    let ws = TestWorkspace::sample();
    let rows: String = (0..100_000)
        .map(|i| format!("import{i}@example.org,de\n"))
        .collect();
    ws.write("gross.csv", format!("email,language\n{rows}"));
    let mut import = rundbrief()
        .current_dir(ws.root())
        .args([
            "subscribers",
            "import",
            "gross.csv",
            "--consent",
            "Formular",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut added = 0;
    while import.try_wait().unwrap().is_none() {
        let address = format!("during{added}@example.org");
        let add = ws.run(&["subscribers", "add", &address, "--no-mail"]);
        assert_eq!(add.code, 0, "{address}: {}", add.stderr);
        let stats = ws.run(&["subscribers", "stats"]);
        assert_eq!(stats.code, 0, "{}", stats.stderr);
        added += 1;
    }
    let finished = import.wait_with_output().unwrap();
    assert!(
        finished.status.success(),
        "{}",
        String::from_utf8_lossy(&finished.stderr)
    );
    let list = ws.run(&["subscribers", "list"]).expect(0).stdout;
    let order: Vec<&str> = list
        .lines()
        .map(|line| {
            if line.starts_with("import") {
                "import"
            } else {
                "other"
            }
        })
        .collect();
    assert_eq!(order.iter().filter(|o| **o == "import").count(), 100_000);
    let first = order.iter().position(|o| *o == "import").unwrap();
    let last = order.iter().rposition(|o| *o == "import").unwrap();
    assert!(
        order[first..last].contains(&"other"),
        "none of the {added} subscribers added during the import got in before it ended"
    );
}
