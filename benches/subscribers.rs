//! Subscriber figures: importing and exporting 100,000 rows, confirm
//! requests per second against `serve` on loopback, and `rundbrief
//! subscribers import` of 1,000,000 rows beside the `sqlite3` command-line
//! tool's `.import` of the same file (time and peak memory, interleaved
//! rounds, medians). Run with `cargo bench --bench subscribers`; without
//! `--bench` (`cargo test --bench subscribers`) it runs small and quick.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rundbrief::Workspace;
use rundbrief::secret::SecretKey;
use rundbrief::store::Store;
use rundbrief::subscriber_csv;

const ROWS: usize = 100_000;
const CONFIRMS: usize = 20_000;
const CLIENTS: usize = 8;
/// Rows of the import beside `sqlite3`.
const BIG: usize = 1_000_000;
const ROUNDS: usize = 3;
const KEY: &str = "4242424242424242424242424242424242424242424242424242424242424242";

fn workspace(root: &Path) -> Workspace {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(sample.join("rundbrief.toml"), root.join("rundbrief.toml")).unwrap();
    // The sample speaks Polish too, from its own catalog.
    std::fs::create_dir_all(root.join("locales/pl")).unwrap();
    std::fs::copy(
        sample.join("locales/pl/reader.ftl"),
        root.join("locales/pl/reader.ftl"),
    )
    .unwrap();
    Workspace::open(root).unwrap()
}

fn csv(rows: usize) -> String {
    String::from("\u{feff}E-Mail;Vorname;Nachname;Sprache\r\n") + &csv_rows(0..rows)
}

fn csv_rows(rows: std::ops::Range<usize>) -> String {
    let mut text = String::new();
    for n in rows {
        let lang = if n % 5 == 0 { "en" } else { "de" };
        text.push_str(&format!(
            "person{n}@verein-{}.example.org;Vorname{n};\"Müller, {n}\";{lang}\r\n",
            n % 97
        ));
    }
    text
}

fn per_second(count: usize, took: Duration) -> String {
    format!("{:.0}/s", count as f64 / took.as_secs_f64())
}

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let rows = if quick { 1_000 } else { ROWS };
    let confirms = if quick { 200 } else { CONFIRMS };
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let key = SecretKey::from_hex(&"42".repeat(32), "bench").unwrap();
    let policy = rundbrief::optin::policy(&ws.config.subscribers);
    let file = dir.path().join("liste.csv");
    std::fs::write(&file, csv(rows)).unwrap();

    // Import, consent obtained elsewhere: every row confirmed and logged.
    let mut store = Store::open(&dir.path().join("import.sqlite3")).unwrap();
    let start = Instant::now();
    let parsed = subscriber_csv::read(&file, limits()).unwrap();
    let parsed_in = start.elapsed();
    let summary = store
        .import(
            &key,
            &parsed.rows,
            ws.config.site.default_lang(),
            Some("Altbestand"),
            &policy,
            rundbrief::store::now(),
        )
        .unwrap();
    let took = start.elapsed();
    assert_eq!(summary.added.len(), rows);
    println!(
        "import {rows} rows (confirmed)        {:>8.0} ms   ({} ; parsing {:.0} ms)",
        took.as_secs_f64() * 1e3,
        per_second(rows, took),
        parsed_in.as_secs_f64() * 1e3
    );

    // Import as pending: every row also gets a confirm token.
    let mut pending = Store::open(&dir.path().join("pending.sqlite3")).unwrap();
    let start = Instant::now();
    let parsed = subscriber_csv::read(&file, limits()).unwrap();
    let summary = pending
        .import(
            &key,
            &parsed.rows,
            ws.config.site.default_lang(),
            None,
            &policy,
            rundbrief::store::now(),
        )
        .unwrap();
    let took = start.elapsed();
    println!(
        "import {rows} rows (pending, tokens)  {:>8.0} ms   ({})",
        took.as_secs_f64() * 1e3,
        per_second(rows, took)
    );
    let tokens: Vec<String> = summary
        .added
        .iter()
        .filter_map(|(_, _, token)| token.as_ref().map(|t| t.as_str().to_string()))
        .take(confirms)
        .collect();
    drop(pending);

    // Export all rows to a file.
    let out = dir.path().join("export.csv");
    let start = Instant::now();
    let mut writer = subscriber_csv::writer(std::io::BufWriter::new(
        std::fs::File::create(&out).unwrap(),
    ))
    .unwrap();
    store
        .each_subscriber(
            None,
            None,
            |s| -> Result<(), rundbrief::store::StoreError> {
                subscriber_csv::write_row(&mut writer, &s).unwrap();
                Ok(())
            },
        )
        .unwrap();
    writer.flush().unwrap();
    drop(writer);
    let took = start.elapsed();
    println!(
        "export {rows} rows                    {:>8.0} ms   ({})",
        took.as_secs_f64() * 1e3,
        per_second(rows, took)
    );
    drop(store);

    // Confirm requests against the real server on loopback.
    let store = Store::open(&dir.path().join("pending.sqlite3")).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = rundbrief::web::App::new(&ws, store, key);
    runtime.spawn(rundbrief::web::serve(app, listener, std::future::pending()));
    let chunks: Vec<Vec<String>> = tokens
        .chunks(tokens.len().div_ceil(CLIENTS))
        .map(<[std::string::String]>::to_vec)
        .collect();
    let start = Instant::now();
    let clients: Vec<_> = chunks
        .into_iter()
        .map(|chunk| {
            let base = base.clone();
            std::thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .build()
                    .into();
                for token in chunk {
                    let response = agent
                        .post(&format!("{base}/confirm/{token}"))
                        .send_empty()
                        .unwrap();
                    assert_eq!(response.status(), 200);
                }
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
    let took = start.elapsed();
    println!(
        "confirm POSTs, {CLIENTS} clients          {:>8.0} ms   ({} for {} requests)",
        took.as_secs_f64() * 1e3,
        per_second(tokens.len(), took),
        tokens.len()
    );

    beside_sqlite(if quick { 20_000 } else { BIG });
}

/// `rundbrief subscribers import` and `sqlite3`'s `.import` of the same
/// list, each a process of its own, by turns.
fn beside_sqlite(rows: usize) {
    if Command::new("sqlite3").arg("-version").output().is_err() {
        println!(
            "sqlite3 not found: no comparison of the import with it (Debian: apt-get install sqlite3)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ws = workspace(dir.path());
    let file = dir.path().join("gross.csv");
    {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&file).unwrap());
        out.write_all(csv(0).as_bytes()).unwrap();
        for chunk in (0..rows).step_by(10_000) {
            let text = csv_rows(chunk..(chunk + 10_000).min(rows));
            out.write_all(text.as_bytes()).unwrap();
        }
    }
    let database = ws.root.join(&ws.config.paths.database);
    let table = dir.path().join("sqlite.db");
    // The same rows into the same tables, indexes, constraints and trigger
    // as rundbrief's (a fresh rundbrief database is the starting point):
    // each subscriber, their consent event and their first and last name.
    let schema = dir.path().join("schema.db");
    drop(Store::open(&schema).unwrap());
    let script = format!(
        ".mode csv\n.separator ;\n\
         CREATE TEMP TABLE list (email TEXT, vorname TEXT, nachname TEXT, sprache TEXT);\n\
         .import --skip 1 '{}' list\n\
         BEGIN;\n\
         INSERT INTO subscribers (id, address, canonical, name, lang, status, created_at, confirmed_at)\n\
           SELECT rowid, email, lower(email), vorname || ' ' || nachname, sprache, 'confirmed',\n\
                  strftime('%Y-%m-%d %H:%M:%f+00:00'), strftime('%Y-%m-%d %H:%M:%f+00:00')\n\
           FROM list WHERE true ON CONFLICT (canonical) DO NOTHING;\n\
         INSERT INTO consent_events (subscriber_id, kind, at, source, consent_version, detail)\n\
           SELECT id, 'consent-imported', created_at, 'import', '1', 'Altbestand' FROM subscribers;\n\
         INSERT INTO name_parts (subscriber_id, first, last)\n\
           SELECT rowid, vorname, nachname FROM list;\n\
         COMMIT;\n\
         SELECT count(*) FROM subscribers;\n",
        file.display()
    );
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let mut one = || {
            remove_database(&database);
            let mut import = Command::new(env!("CARGO_BIN_EXE_rundbrief"));
            import
                .current_dir(&ws.root)
                .env("RUNDBRIEF_SECRET_KEY", KEY)
                .env("RUNDBRIEF_LANG", "en")
                .args(["subscribers", "import"])
                .arg(&file)
                .args(["--consent", "Altbestand"]);
            let (took, peak, stdout) = measured(import, None);
            assert!(stdout.contains(&format!("added: {rows},")), "{stdout}");
            ours.push((took, peak));
        };
        let mut other = || {
            remove_database(&table);
            std::fs::copy(&schema, &table).unwrap();
            let mut sqlite = Command::new("sqlite3");
            sqlite.arg(&table);
            let (took, peak, stdout) = measured(sqlite, Some(&script));
            assert_eq!(stdout.trim(), rows.to_string());
            theirs.push((took, peak));
        };
        // Each goes first in turn: neither always finds the disk's cache warm.
        if round % 2 == 0 {
            one();
            other();
        } else {
            other();
            one();
        }
    }
    remove_database(&database);
    remove_database(&table);
    let (ours, theirs) = (median(&mut ours), median(&mut theirs));
    for (who, (took, peak)) in [("rundbrief import", ours), ("sqlite3 .import ", theirs)] {
        println!(
            "{who} {rows} rows            {:>8.0} ms   ({}; peak {} MB; median of {ROUNDS})",
            took.as_secs_f64() * 1e3,
            per_second(rows, took),
            peak / 1024
        );
    }
    println!(
        "rundbrief / sqlite3: time {:.2} ×, peak memory {:.1} ×",
        ours.0.as_secs_f64() / theirs.0.as_secs_f64(),
        ours.1 as f64 / theirs.1.max(1) as f64
    );
}

/// The median time and the median peak (kB) of the rounds.
fn median(runs: &mut [(Duration, u64)]) -> (Duration, u64) {
    let middle = runs.len() / 2;
    let mut peaks: Vec<u64> = runs.iter().map(|(_, peak)| *peak).collect();
    peaks.sort_unstable();
    runs.sort_unstable_by_key(|(took, _)| *took);
    (runs[middle].0, peaks[middle])
}

fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
}

/// Runs `command` to its end, with `input` on its standard input; its
/// time, peak memory (kB, from `/proc`, as `benches/send.rs` takes it) and
/// standard output.
fn measured(mut command: Command, input: Option<&str>) -> (Duration, u64, String) {
    let start = Instant::now();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    if let Some(input) = input {
        stdin.write_all(input.as_bytes()).unwrap();
    }
    drop(stdin);
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_file)
            && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
        {
            peak = peak.max(
                line.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse().ok())
                    .unwrap_or(0),
            );
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = start.elapsed();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{command:?}");
    (
        took,
        peak,
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// The default import limits of `[subscribers]`.
fn limits() -> subscriber_csv::Limits {
    let config = rundbrief::config::Subscribers::default();
    subscriber_csv::Limits {
        line_bytes: config.import_max_line_bytes,
        file_bytes: config.import_max_file_bytes,
    }
}
