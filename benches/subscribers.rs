//! Subscriber figures: importing and exporting 100,000 rows, and confirm
//! requests per second against `serve` on loopback. Run with
//! `cargo bench --bench subscribers`.

use std::path::Path;
use std::time::{Duration, Instant};

use rundbrief::Workspace;
use rundbrief::secret::SecretKey;
use rundbrief::store::Store;
use rundbrief::subscriber_csv;

const ROWS: usize = 100_000;
const CONFIRMS: usize = 20_000;
const CLIENTS: usize = 8;

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
    let mut text = String::from("\u{feff}E-Mail;Vorname;Nachname;Sprache\r\n");
    for n in 0..rows {
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
}

/// The default import limits of `[subscribers]`.
fn limits() -> subscriber_csv::Limits {
    let config = rundbrief::config::Subscribers::default();
    subscriber_csv::Limits {
        line_bytes: config.import_max_line_bytes,
        file_bytes: config.import_max_file_bytes,
    }
}
