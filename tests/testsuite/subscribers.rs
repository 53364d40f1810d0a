//! `rundbrief subscribers …` against a real SQLite file and a real SMTP
//! server on loopback.

use crate::smtp::SmtpServer;
use crate::util::{TestWorkspace, closed_port, rundbrief};

/// The confirm link in a received confirmation mail.
pub(crate) fn confirm_link(text: &str) -> String {
    let start = text
        .find("https://www.example.org/rundbrief/confirm/")
        .expect("a confirm link");
    text[start..]
        .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn add_mails_the_confirmation_in_the_subscribers_language() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    let run = ws
        .run(&[
            "subscribers",
            "add",
            "Anna.Schmidt@Example.org",
            "--name",
            "Anna Schmidt",
        ])
        .expect(0);
    assert!(
        run.stdout
            .contains("pending; the confirmation mail is sent"),
        "{}",
        run.stdout
    );
    ws.run(&["subscribers", "add", "jane@example.org", "--lang", "en"])
        .expect(0);

    let german = &smtp.to("anna.schmidt@example.org")[0];
    assert_eq!(
        german.decoded_header("Subject").as_deref(),
        Some("Bitte bestätigen Sie Ihre Anmeldung: Netzwerkstelle Städtepartnerschaften NRW")
    );
    let text = german.text();
    // Issue 11: the name waits for the confirmation; the greeting is plain.
    assert!(text.contains("Guten Tag,"), "{text}");
    assert!(!text.contains("Anna Schmidt"), "{text}");
    assert!(
        text.contains("durch das Team von „Netzwerkstelle Städtepartnerschaften NRW“"),
        "{text}"
    );
    assert!(
        text.contains("Content-Type: text/plain"),
        "a plain-text part"
    );
    assert!(text.contains("Content-Type: text/html"), "an HTML part");
    let link = confirm_link(&text);
    assert_eq!(
        link.len(),
        "https://www.example.org/rundbrief/confirm/".len() + 48,
        "{link}"
    );

    let english = smtp.to("jane@example.org");
    assert!(
        english[0]
            .text()
            .contains("please confirm your subscription with this link:")
    );

    let show = ws.show("anna.schmidt@example.org");
    assert!(show.contains("status:        pending"), "{show}");
    assert!(show.contains("requested"), "{show}");
    assert!(show.contains("confirmation-sent"), "{show}");
}

#[test]
fn a_second_add_within_the_cooldown_sends_no_second_mail() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.run(&["subscribers", "add", "anna@example.org"])
        .expect(0);
    let run = ws
        .run(&["subscribers", "add", "ANNA@example.org"])
        .expect(0);
    assert!(
        run.stdout.contains("another follows 15 minutes after that"),
        "{}",
        run.stdout
    );
    assert_eq!(smtp.received().len(), 1);
}

#[test]
fn an_unreachable_smtp_server_is_named_and_the_address_stays_pending() {
    let closed = closed_port();
    let port = closed.port;
    let ws = TestWorkspace::with_smtp(port);
    let run = ws
        .run(&["subscribers", "add", "anna@example.org"])
        .expect(1);
    assert!(
        run.stderr
            .contains(&format!("cannot reach the SMTP server 127.0.0.1:{port}")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("anna@example.org stays pending"),
        "{}",
        run.stderr
    );
    assert!(ws.show("anna@example.org").contains("pending"));

    // Once the server is back, trying again mails at once: no cooldown was taken.
    let smtp = SmtpServer::start();
    ws.edit(
        "rundbrief.toml",
        &format!("port = {port}"),
        &format!("port = {}", smtp.port),
    );
    ws.run(&["subscribers", "add", "anna@example.org"])
        .expect(0);
    assert_eq!(smtp.received().len(), 1);
}

#[test]
fn bad_addresses_are_refused_with_the_address_named() {
    let ws = TestWorkspace::sample();
    let run = ws.run(&["subscribers", "add", "kein-at-zeichen"]).expect(1);
    assert!(run.stderr.contains("\"kein-at-zeichen\""), "{}", run.stderr);
    assert!(
        run.stderr.contains("not a valid email address"),
        "{}",
        run.stderr
    );
    let run = ws
        .run(&["subscribers", "add", "a@example.org\r\nBcc: b@example.org"])
        .expect(1);
    assert!(run.stderr.contains("line break"), "{}", run.stderr);
    let run = ws
        .run(&[
            "subscribers",
            "add",
            "a@example.org",
            "--name",
            "A\r\nBcc: b@example.org",
        ])
        .expect(1);
    assert!(run.stderr.contains("line break"), "{}", run.stderr);
}

#[test]
fn no_mail_prints_the_confirm_link_and_the_link_confirms() {
    let ws = TestWorkspace::sample();
    let run = ws
        .run(&["subscribers", "add", "anna@example.org", "--no-mail"])
        .expect(0);
    assert!(
        run.stdout
            .starts_with("confirmation link: https://www.example.org/rundbrief/confirm/")
    );
    let stats = ws.run(&["subscribers", "stats"]).expect(0).stdout;
    assert!(stats.contains("pending              1   de 1"), "{stats}");
}

const MIXED_CSV: &str = "\u{feff}E-Mail;Vorname;Nachname;Sprache\r\n\
anna@example.org;Anna;\"Müller; geb. Schmidt\";de\r\n\
kaputt;Kein;Mensch;de\r\n\
ANNA@example.org;Doppelt;Drin;de\r\n\
jane@example.org;Jane;Doe;en\r\n\
x@example.org;X;Y;fr\r\n";

#[test]
fn an_import_reports_every_row_and_mails_the_new_ones() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.write("liste.csv", MIXED_CSV);
    let run = ws.run(&["subscribers", "import", "liste.csv"]).expect(0);
    assert!(
        run.stdout
            .contains("added: 2, already present: 1, invalid: 2, suppressed: 0"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("liste.csv:3: invalid: \"kaputt\" is not a valid email address"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("liste.csv:4: ANNA@example.org: already present"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("liste.csv:6: invalid: the language \"fr\" is not one of the workspace's languages (de, en, pl)"),
        "{}",
        run.stderr
    );
    assert_eq!(smtp.received().len(), 2);
    let jane = smtp.to("jane@example.org")[0].text();
    assert!(
        jane.contains("Hello,") && !jane.contains("Jane Doe"),
        "{jane}"
    );
    let show = ws.show("anna@example.org");
    assert!(
        show.contains("name:          Anna Müller; geb. Schmidt"),
        "{show}"
    );
    assert!(show.contains("import"), "{show}");
}

#[test]
fn strict_imports_nothing_when_a_row_is_bad() {
    let ws = TestWorkspace::sample();
    ws.write("liste.csv", MIXED_CSV);
    let run = ws
        .run(&[
            "subscribers",
            "import",
            "--strict",
            "--no-mail",
            "liste.csv",
        ])
        .expect(1);
    assert!(
        run.stderr.contains("with --strict nothing was imported"),
        "{}",
        run.stderr
    );
    let stats = ws.run(&["subscribers", "stats"]).expect(0).stdout;
    assert!(stats.contains("total                0"), "{stats}");
}

/// A list longer than one slice of an import (issue 14), with the row at
/// `bad` (a line number) not an address.
fn long_list(rows: usize, bad: usize) -> String {
    let mut text = String::from("email;name\n");
    for line in 2..rows + 2 {
        if line == bad {
            text.push_str("kaputt;Kein Mensch\n");
        } else {
            text.push_str(&format!("leser{line}@example.org;Leser {line}\n"));
        }
    }
    text
}

#[test]
fn strict_writes_nothing_when_a_row_near_the_end_of_a_long_list_is_bad() {
    let ws = TestWorkspace::sample();
    let rows = rundbrief::store::IMPORT_BATCH + 500;
    let bad = rows;
    ws.write("liste.csv", long_list(rows, bad));
    let run = ws
        .run(&[
            "subscribers",
            "import",
            "--strict",
            "--consent",
            "Papierliste",
            "liste.csv",
        ])
        .expect(1);
    assert!(
        run.stderr.contains(&format!(
            "liste.csv:{bad}: invalid: \"kaputt\" is not a valid email address"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("with --strict nothing was imported"),
        "{}",
        run.stderr
    );
    let stats = ws.run(&["subscribers", "stats"]).expect(0).stdout;
    assert!(stats.contains("total                0"), "{stats}");
}

#[test]
fn a_list_longer_than_a_slice_goes_in_whole_and_its_bad_row_is_told_by_line() {
    let ws = TestWorkspace::sample();
    let rows = rundbrief::store::IMPORT_BATCH + 500;
    let bad = rows - 100;
    // The first address once more at the end: a duplicate a slice apart.
    let text = long_list(rows, bad) + "LESER2@example.org;Noch einmal\n";
    ws.write("liste.csv", text);
    let run = ws
        .run(&[
            "subscribers",
            "import",
            "--consent",
            "Papierliste",
            "liste.csv",
        ])
        .expect(0);
    let added = rows - 1;
    assert!(
        run.stdout.contains(&format!(
            "added: {added}, already present: 1, invalid: 1, suppressed: 0"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains(&format!(
            "liste.csv:{bad}: invalid: \"kaputt\" is not a valid email address"
        )),
        "{}",
        run.stderr
    );
    let again = rows + 2;
    assert!(
        run.stderr.contains(&format!(
            "liste.csv:{again}: LESER2@example.org: already present"
        )),
        "{}",
        run.stderr
    );
    let stats = ws.run(&["subscribers", "stats"]).expect(0).stdout;
    assert!(stats.contains(&format!("total {added:>16}")), "{stats}");
    let last = ws.show(&format!("leser{}@example.org", rows + 1));
    assert!(last.contains(&format!("Leser {}", rows + 1)), "{last}");
}

#[test]
fn exports_of_other_tools_import_whatever_their_shape() {
    let ws = TestWorkspace::sample();
    let fixtures = [
        ("comma.csv", "email,name,language\na@example.org,Anna,de\n"),
        (
            "tab.tsv",
            "Email Address\tFirst Name\tLast Name\nb@example.org\tBo\tBerg\n",
        ),
        (
            "excel.csv",
            "\u{feff}\"E-Mail-Adresse\";\"Name\"\r\n\"c@example.org\";\"Çelik, Ayşe\"\r\n",
        ),
        ("lf-no-bom.csv", "Mail;Sprache\nd@example.org;englisch\n"),
    ];
    for (file, text) in fixtures {
        ws.write(file, text);
        let run = ws
            .run(&[
                "subscribers",
                "import",
                file,
                "--consent",
                "Papierliste, Tag der Städtepartnerschaften 2026",
            ])
            .expect(0);
        assert!(
            run.stdout.contains("added: 1,"),
            "{file}: {}\n{}",
            run.stdout,
            run.stderr
        );
    }
    let list = ws.run(&["subscribers", "list", "--json"]).expect(0).stdout;
    let rows: Vec<serde_json::Value> = list
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r["status"] == "confirmed"));
    assert_eq!(rows[1]["name"], "Bo Berg");
    assert_eq!(rows[2]["name"], "Çelik, Ayşe");
    assert_eq!(rows[3]["language"], "en");
    let show = ws.show("a@example.org");
    assert!(show.contains("consent-imported"), "{show}");
    assert!(
        show.contains("Papierliste, Tag der Städtepartnerschaften 2026"),
        "{show}"
    );
}

#[test]
fn a_german_staff_reads_why_a_row_is_invalid_by_file_and_line() {
    let ws = TestWorkspace::sample();
    let long_name = "N".repeat(201);
    ws.write(
        "liste.csv",
        format!(
            "E-Mail;Name\nok@example.org;Ok\nkaputt;Kein Mensch\nlang@example.org;{long_name}\n"
        ),
    );
    let run = ws
        .run_with_env(
            &["subscribers", "import", "--no-mail", "liste.csv"],
            &[("RUNDBRIEF_LANG", "de")],
        )
        .expect(0);
    let line = |prefix: &str| {
        run.stderr
            .lines()
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no line {prefix}\n{}", run.stderr))
            .to_string()
    };
    let kaputt = line("liste.csv:3:");
    assert!(
        kaputt.contains("„kaputt“ ist keine gültige E-Mail-Adresse"),
        "{kaputt}"
    );
    let long = line("liste.csv:4:");
    assert!(
        long.contains("der Name ist länger als 200 Zeichen"),
        "{long}"
    );
    assert!(!run.stderr.contains("is not a valid"), "{}", run.stderr);
}

#[test]
fn a_file_in_another_encoding_is_refused_with_its_line() {
    let ws = TestWorkspace::sample();
    ws.write(
        "alt.csv",
        b"email,name\na@example.org,Anna\nb@example.org,J\xfcrgen\n",
    );
    let run = ws.run(&["subscribers", "import", "alt.csv"]).expect(1);
    assert!(
        run.stderr.contains("alt.csv:3: the file is not UTF-8"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("CSV UTF-8"), "{}", run.stderr);
}

#[test]
fn exports_neutralise_formulas_and_filter_by_state() {
    let ws = TestWorkspace::sample();
    ws.write(
        "liste.csv",
        "email,name\na@example.org,=HYPERLINK(\"https://evil.example\")\nb@example.org,@SUM(A1)\n",
    );
    ws.run(&[
        "subscribers",
        "import",
        "liste.csv",
        "--consent",
        "Formular 2025",
    ])
    .expect(0);
    ws.run(&["subscribers", "add", "c@example.org", "--no-mail"])
        .expect(0);
    let run = ws
        .run(&[
            "subscribers",
            "export",
            "--status",
            "confirmed",
            "--out",
            "export.csv",
        ])
        .expect(0);
    assert!(run.stderr.contains("export.csv: 2 rows"), "{}", run.stderr);
    let csv = ws.read("export.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "email,name,language,status,created,confirmed,unsubscribed"
    );
    assert!(
        lines[1].starts_with(
            "a@example.org,\"'=HYPERLINK(\"\"https://evil.example\"\")\",de,confirmed,"
        ),
        "{csv}"
    );
    assert!(
        lines[2].starts_with("b@example.org,'@SUM(A1),de,confirmed,"),
        "{csv}"
    );
    assert_eq!(lines.len(), 3, "the pending address is not exported: {csv}");
}

#[test]
fn remove_unsubscribes_and_forget_erases_for_good() {
    let ws = TestWorkspace::sample();
    ws.write("liste.csv", "email\nanna@example.org\nbob@example.org\n");
    ws.run(&[
        "subscribers",
        "import",
        "liste.csv",
        "--consent",
        "Formular",
    ])
    .expect(0);

    ws.run(&["subscribers", "remove", "anna@example.org"])
        .expect(0);
    let show = ws.show("anna@example.org");
    assert!(show.contains("status:        unsubscribed"), "{show}");
    assert!(show.contains("unsubscribed       cli"), "{show}");

    let run = ws
        .run(&["subscribers", "forget", "bob@example.org", "--yes"])
        .expect(0);
    assert!(run.stdout.contains("is erased"), "{}", run.stdout);
    ws.run(&["subscribers", "show", "bob@example.org"])
        .expect(1);
    let run = ws
        .run(&[
            "subscribers",
            "import",
            "liste.csv",
            "--consent",
            "Formular",
        ])
        .expect(0);
    assert!(
        run.stdout
            .contains("added: 0, already present: 1, invalid: 0, suppressed: 1"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("bob@example.org: on the suppression list"),
        "{}",
        run.stderr
    );
    let run = ws
        .run(&["subscribers", "add", "BOB@example.org", "--no-mail"])
        .expect(1);
    assert!(run.stderr.contains("suppression list"), "{}", run.stderr);
}

#[test]
fn without_a_key_in_the_environment_one_is_made_outside_the_workspace() {
    let ws = TestWorkspace::sample();
    let config = tempfile::tempdir().unwrap();
    let run = rundbrief()
        .current_dir(ws.root())
        .env_remove("RUNDBRIEF_SECRET_KEY")
        .env("XDG_CONFIG_HOME", config.path())
        .args(["subscribers", "add", "anna@example.org", "--no-mail"])
        .output()
        .unwrap();
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    let key = config.path().join("rundbrief/secret.key");
    assert!(
        stderr.contains(&format!("new secret key in {}", key.display())),
        "{stderr}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert_eq!(std::fs::read_to_string(&key).unwrap().trim().len(), 64);
}

#[test]
fn a_database_locked_by_another_process_is_a_clear_error_and_loses_nothing() {
    let ws = TestWorkspace::sample();
    ws.run(&["subscribers", "add", "anna@example.org", "--no-mail"])
        .expect(0);
    let database = ws.path("subscribers/rundbrief.sqlite3");
    let holder = rusqlite::Connection::open(&database).unwrap();
    holder.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let run = ws
        .run(&["subscribers", "add", "bob@example.org", "--no-mail"])
        .expect(1);
    assert!(
        run.stderr
            .contains("another process has held the subscriber database"),
        "{}",
        run.stderr
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let stats = ws.run(&["subscribers", "stats"]).expect(0).stdout;
    assert!(stats.contains("total                1"), "{stats}");
    ws.run(&["subscribers", "add", "bob@example.org", "--no-mail"])
        .expect(0);
}

#[test]
fn starttls_with_an_own_ca_and_a_login_with_the_password_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let rcgen::CertifiedKey { cert, signing_key } =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string()]).unwrap();
    let (cert_path, key_path) = (dir.path().join("relay.pem"), dir.path().join("relay.key"));
    std::fs::write(&cert_path, cert.pem()).unwrap();
    std::fs::write(&key_path, signing_key.serialize_pem()).unwrap();
    let smtp = SmtpServer::start_tls(
        cert_path.to_str().unwrap(),
        key_path.to_str().unwrap(),
        "geheim",
    );
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.edit(
        "rundbrief.toml",
        "tls = \"none\"",
        "tls = \"starttls\"\nuser = \"rundbrief@example.org\"",
    );
    let add = |password: &str, address: &str| {
        let output = rundbrief()
            .current_dir(ws.root())
            .env("RUNDBRIEF_SMTP_PASSWORD", password)
            .args(["subscribers", "add", address])
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };

    // The relay's certificate is signed by nobody the public roots know.
    let (code, stderr) = add("geheim", "a@example.org");
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains(&format!(
            "TLS with the SMTP server 127.0.0.1:{} failed",
            smtp.port
        )),
        "{stderr}"
    );
    // Issue 10: the error points to the setting that fixes it.
    assert!(stderr.contains("as [smtp] ca_file"), "{stderr}");

    ws.edit(
        "rundbrief.toml",
        "user = \"rundbrief@example.org\"",
        &format!(
            "user = \"rundbrief@example.org\"\nca_file = \"{}\"",
            cert_path.display()
        ),
    );
    let (code, stderr) = add("falsch", "b@example.org");
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("refused the login of rundbrief@example.org"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("falsch"),
        "the password never appears in a message: {stderr}"
    );

    let (code, stderr) = add("geheim", "c@example.org");
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(smtp.logins(), ["rundbrief@example.org"]);
    assert_eq!(smtp.to("c@example.org").len(), 1);
}

#[test]
fn a_german_staff_reads_that_the_smtp_server_cannot_be_reached() {
    // Reserved and never listening: nothing can answer on this port.
    let relay = crate::util::closed_port();
    let port = relay.port;
    let ws = crate::util::TestWorkspace::with_smtp(port);
    let run = ws.run_with_env(
        &["subscribers", "add", "anna@example.org"],
        &[("RUNDBRIEF_LANG", "de")],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "der SMTP-Server 127.0.0.1:{port} ist nicht erreichbar"
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("prüfen Sie [smtp] host und port in rundbrief.toml"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("cannot reach"), "{}", run.stderr);
}

/// An import mails each new address; a refused one does not stop the rest,
/// an unreachable relay stops the batch at once (the rest stay pending
/// unmailed, for a later `subscribers add`).
#[test]
fn an_import_goes_on_past_a_refused_address_and_stops_at_an_unreachable_relay() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    smtp.refuse("zwei@example.org", 550, "5.1.1 no such mailbox");
    ws.write(
        "liste.csv",
        "email\neins@example.org\nzwei@example.org\ndrei@example.org\n",
    );
    // Issue 15, finding 1: every row stored and a bounce reported is an
    // import that did its job.
    let run = ws.run(&["subscribers", "import", "liste.csv"]).expect(0);
    let mailed: Vec<String> = smtp.received().iter().flat_map(|m| m.to.clone()).collect();
    assert_eq!(mailed.len(), 2, "{mailed:?}");
    assert!(
        run.stderr.contains("zwei@example.org: refused") && run.stderr.contains("5.1.1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("2 sent, 1 refused, 0 still due"),
        "{}",
        run.stdout
    );
    assert_eq!(ws.status_of("zwei@example.org"), "bounced");

    let closed = closed_port();
    let ws = TestWorkspace::with_smtp(closed.port);
    ws.write(
        "liste.csv",
        "email\neins@example.org\nzwei@example.org\ndrei@example.org\n",
    );
    // The rows are stored, the mails are not sent: not done, try later.
    let run = ws.run(&["subscribers", "import", "liste.csv"]).expect(75);
    // Tried once, not three times: one line names the relay.
    assert_eq!(
        run.stderr.matches("cannot reach the SMTP server").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("3 confirmation mail"), "{}", run.stderr);
    assert!(run.stderr.contains("subscribers resume"), "{}", run.stderr);
    assert_eq!(ws.status_of("drei@example.org"), "pending");
}

/// A relay that greets, offers STARTTLS, and then never answers it.
fn hanging_relay() -> u16 {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            std::thread::spawn(move || {
                let _ = stream.write_all(b"220 hang ESMTP\r\n");
                let mut lines = BufReader::new(stream.try_clone().unwrap()).lines();
                while let Some(Ok(line)) = lines.next() {
                    if line.to_ascii_uppercase().starts_with("EHLO") {
                        let _ = stream.write_all(b"250-hang\r\n250 STARTTLS\r\n");
                    }
                    // STARTTLS and anything else: silence, connection kept open.
                }
            });
        }
    });
    port
}

/// Issue 10 (a send that never stalls): a relay that stopped answering
/// during STARTTLS hung `subscribers add` (and `send`, and serve's mailer)
/// forever. Every step now has `[smtp] timeout`.
#[test]
fn a_relay_that_stops_answering_during_starttls_does_not_hang_the_command() {
    let port = hanging_relay();
    let ws = TestWorkspace::with_smtp(port);
    ws.edit(
        "rundbrief.toml",
        "tls = \"none\"",
        "tls = \"starttls\"\ntimeout = \"1s\"",
    );
    let mut child = rundbrief()
        .current_dir(ws.root())
        .args(["subscribers", "add", "anna@example.org"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A bound for a hang, not a measure of speed: a hang never ends.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("subscribers add still hangs on a silent relay");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("stopped answering ([smtp] timeout)"),
        "{stderr}"
    );
    let show = ws.show("anna@example.org");
    assert!(show.contains("status:        pending"), "{show}");
}
