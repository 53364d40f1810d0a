//! What a finished command-line tool has: help with examples, completions,
//! a man page, --quiet, documented exit codes, and an online backup.

use crate::smtp::SmtpServer;
use crate::util::{Daemon, TestWorkspace, post, rundbrief};

fn help(args: &[&str]) -> String {
    let output = rundbrief().args(args).arg("--help").output().unwrap();
    assert!(output.status.success(), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn every_command_says_what_it_is_for_and_shows_an_example() {
    let top = help(&[]);
    assert!(
        top.contains("Exit status: 0 success, 1 failure or errors found, 2 wrong usage."),
        "{top}"
    );
    let commands: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect();
    assert!(commands.len() >= 13, "{commands:?}");
    for command in &commands {
        let text = help(&[command]);
        assert!(
            text.contains("Example"),
            "`rundbrief {command} --help` has no example:\n{text}"
        );
    }
    for sub in [
        "add", "import", "export", "list", "show", "stats", "remove", "forget",
    ] {
        let text = help(&["subscribers", sub]);
        assert!(
            text.contains("Example"),
            "`rundbrief subscribers {sub} --help` has no example:\n{text}"
        );
    }
}

/// `rundbrief ARGS` with the staff speaking German: exit status and stdout.
fn german(dir: Option<&std::path::Path>, args: &[&str]) -> String {
    let mut command = rundbrief();
    command.env("RUNDBRIEF_LANG", "de").args(args);
    if let Some(dir) = dir {
        command.current_dir(dir);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}:\n{stdout}\n{stderr}");
    stdout
}

/// What a help text says in words: the about lines and each argument's
/// help, without usage, examples and clap's bracketed notes.
fn sentences(help: &str) -> Vec<String> {
    help.lines()
        .map(str::trim)
        .map(|line| {
            if line.starts_with('-') || line.starts_with('<') || line.starts_with('[') {
                // `-q, --quiet    Print only …`: the help after the gap.
                line.split_once("  ").map_or("", |(_, help)| help.trim())
            } else {
                line
            }
        })
        .filter(|text| !text.contains("rundbrief ") && !text.starts_with('['))
        .filter(|text| text.split_whitespace().count() >= 3)
        .map(str::to_string)
        .collect()
}

/// The examples after `heading`: the lines up to the next empty one.
fn examples<'a>(help: &'a str, heading: &str) -> Vec<&'a str> {
    help.lines()
        .skip_while(|line| !line.starts_with(heading))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .collect()
}

#[test]
fn help_speaks_german_with_each_example_on_its_own_line() {
    let top = german(None, &["--help"]);
    for word in [
        "Aufruf: rundbrief",
        "Befehle:",
        "Optionen:",
        "Verschickt eine Ausgabe an alle bestätigten Abonnenten",
        "Verwaltet die Abonnenten",
        "Der Arbeitsordner (der mit der rundbrief.toml)",
        "Hilfe anzeigen",
        "Rückgabewert: 0 Erfolg",
    ] {
        assert!(top.contains(word), "no {word:?} in:\n{top}");
    }
    let send = german(None, &["send", "--help"]);
    for word in [
        "Verschickt eine Ausgabe an alle bestätigten Abonnenten, oder eine Testkopie.",
        "Die Empfänger werden zuerst im Versandprotokoll festgehalten",
        "Argumente:",
        "Die zu verschickende Ausgabe; ohne Angabe die neueste",
        "Nachrichten pro Sekunde, Minute oder Stunde",
        "Beispiele:",
    ] {
        assert!(send.contains(word), "no {word:?} in:\n{send}");
    }
    for (german_help, args) in [(&top, &[][..]), (&send, &["send"][..])] {
        for english in sentences(&help(args)) {
            assert!(
                !german_help.contains(&english),
                "English {english:?} in the German help of {args:?}:\n{german_help}"
            );
        }
    }
    assert_eq!(
        examples(&send, "Beispiele:"),
        [
            "  rundbrief send 2026-Q4 --test redaktion@example.org",
            "  rundbrief send 2026-Q4 --dry-run",
            "  rundbrief send 2026-Q4 --yes --rate 600/min",
            "  rundbrief send 2026-Q4 --at \"2026-12-03 09:00\"",
        ],
        "{send}"
    );
    assert_eq!(
        examples(&help(&["send"]), "Examples:").len(),
        4,
        "one English example a line too"
    );
    let commands = [
        "init",
        "new",
        "build",
        "check",
        "preview",
        "subscribers",
        "send",
        "status",
        "archive",
        "backup",
        "completions",
        "man",
        "serve",
    ]
    .map(|c| vec![c])
    .into_iter()
    .chain(
        [
            "add", "import", "export", "list", "show", "stats", "remove", "forget",
        ]
        .map(|s| vec!["subscribers", s]),
    );
    for command in commands {
        let mut args = command.clone();
        args.push("--help");
        let text = german(None, &args);
        let lines = examples(&text, "Beispiel");
        assert!(!lines.is_empty(), "{command:?} has no example:\n{text}");
        for line in lines {
            assert!(
                line.trim_start().starts_with("rundbrief ")
                    && line.matches("rundbrief ").count() == 1,
                "{command:?}: not one example a line: {line:?}"
            );
        }
    }
}

#[test]
fn states_are_printed_in_german_for_german_staff() {
    let smtp = SmtpServer::start();
    let ws = TestWorkspace::with_smtp(smtp.port);
    ws.write(
        "liste.csv",
        "email,language\nanna@example.org,de\nbob@example.org,de\n",
    );
    ws.run(&[
        "subscribers",
        "import",
        "liste.csv",
        "--consent",
        "Anmeldeliste 2026",
    ])
    .expect(0);
    ws.run(&["subscribers", "add", "offen@example.org", "--no-mail"])
        .expect(0);

    let stats = german(Some(ws.root()), &["subscribers", "stats"]);
    let row = |word: &str| {
        stats
            .lines()
            .find(|line| line.starts_with(word))
            .unwrap_or_else(|| panic!("no {word:?} in:\n{stats}"))
            .to_string()
    };
    assert!(row("ausstehend ").contains(" 1   de 1"), "{stats}");
    assert!(row("bestätigt ").contains(" 2   de 2"), "{stats}");
    assert!(row("abgemeldet ").contains(" 0"), "{stats}");
    assert!(row("gesamt ").contains(" 3"), "{stats}");
    assert!(!stats.contains("pending"), "{stats}");

    let list = german(Some(ws.root()), &["subscribers", "list"]);
    let state_of = |address: &str| {
        let line = list.lines().find(|l| l.starts_with(address)).unwrap();
        line[address.len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(state_of("anna@example.org"), "bestätigt", "{list}");
    assert_eq!(state_of("offen@example.org"), "ausstehend", "{list}");

    let status = german(Some(ws.root()), &["status", "2026-Q4"]);
    assert!(status.contains("wurde noch nicht verschickt"), "{status}");
    ws.run(&["send", "2026-Q4", "--yes"]).expect(0);
    let status = german(Some(ws.root()), &["status", "2026-Q4"]);
    assert!(
        status.contains("2026-Q4: 2 Empfänger, festgehalten am"),
        "{status}"
    );
    let count = |word: &str| {
        let line = status
            .lines()
            .find(|l| l.trim_start().starts_with(word))
            .unwrap_or_else(|| panic!("no {word:?} in:\n{status}"));
        line.split_whitespace().last().unwrap().to_string()
    };
    assert_eq!(count("verschickt"), "2", "{status}");
    assert_eq!(count("wartend"), "0", "{status}");
    assert_eq!(count("vorläufig fehlgeschlagen"), "0", "{status}");
    assert_eq!(count("endgültig fehlgeschlagen"), "0", "{status}");
    assert_eq!(count("übersprungen"), "0", "{status}");
    assert!(
        !status.contains("sent ") && !status.contains("queued"),
        "{status}"
    );
    // Two messages at 10/s: a rate, with the German decimal comma.
    let rate = status
        .lines()
        .find_map(|l| l.strip_prefix("erreichte Rate: "))
        .unwrap_or_else(|| panic!("no rate in:\n{status}"));
    assert!(rate.ends_with("/s") && rate.contains(','), "{status}");
}

#[test]
fn completions_and_a_man_page_are_generated() {
    let bash = rundbrief().args(["completions", "bash"]).output().unwrap();
    let bash = String::from_utf8(bash.stdout).unwrap();
    assert!(
        bash.contains("_rundbrief()") && bash.contains("subscribers"),
        "{bash}"
    );
    let man = rundbrief().arg("man").output().unwrap();
    let man = String::from_utf8(man.stdout).unwrap();
    assert!(
        man.starts_with(".ie \\n(.g .ds Aq") || man.contains(".TH rundbrief"),
        "{man}"
    );
    assert!(man.contains("subscribers"));
}

#[test]
fn wrong_usage_exits_with_2_and_quiet_keeps_only_what_was_asked() {
    let ws = TestWorkspace::sample();
    ws.run(&["bulid"]).expect(2);
    let quiet = ws.run(&["--quiet", "build"]).expect(0);
    assert_eq!(quiet.stdout, "", "nothing but errors with --quiet");
    assert_eq!(quiet.stderr, "", "warnings are left out too");
    let loud = ws.run(&["build", "--verbose"]).expect(0);
    assert!(loud.stdout.contains("email.html"));
    assert!(loud.stderr.contains("took:"), "{}", loud.stderr);
    ws.run(&["subscribers", "add", "a@example.org", "--no-mail"])
        .expect(0);
    let list = ws.run(&["-q", "subscribers", "list"]).expect(0);
    assert!(
        list.stdout.contains("a@example.org"),
        "asked-for output stays"
    );
}

#[test]
fn a_backup_is_consistent_while_serve_writes() {
    let ws = TestWorkspace::sample();
    ws.write(
        "liste.csv",
        format!(
            "email\n{}",
            (0..500)
                .map(|n| format!("r{n}@example.org\n"))
                .collect::<String>()
        ),
    );
    ws.run(&[
        "subscribers",
        "import",
        "liste.csv",
        "--consent",
        "Altbestand",
    ])
    .expect(0);
    ws.configure("[serve]\nsubscribes_per_ip_per_hour = 1000\n");
    let server = Daemon::start(&ws, &["serve", "--bind", "127.0.0.1:0"]);
    let writer = {
        let url = format!("{}/subscribe", server.base);
        std::thread::spawn(move || {
            for n in 0..60 {
                post(
                    &url,
                    &[
                        ("email", &format!("neu{n}@example.org")),
                        ("consent", "yes"),
                    ],
                );
            }
        })
    };
    let run = ws.run(&["backup", "kopie.sqlite3"]).expect(0);
    assert!(run.stdout.contains("kopie.sqlite3: "), "{}", run.stdout);
    writer.join().unwrap();
    // The copy opens as a workspace database of its own.
    ws.edit(
        "rundbrief.toml",
        "database = \"subscribers/rundbrief.sqlite3\"",
        "database = \"kopie.sqlite3\"",
    );
    let stats = ws.run(&["subscribers", "stats"]).expect(0).stdout;
    let confirmed = stats.lines().find(|l| l.starts_with("confirmed")).unwrap();
    assert!(confirmed.contains(" 500 "), "{stats}");
}
