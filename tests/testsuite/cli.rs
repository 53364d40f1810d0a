//! What a finished command-line tool has: help with examples, completions,
//! a man page, --quiet, documented exit codes, and an online backup.

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
