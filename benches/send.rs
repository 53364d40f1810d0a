//! Sending an issue to 100,000 confirmed subscribers through postfix's
//! `smtp-sink` on loopback (it accepts and discards), with the real
//! `rundbrief send`, journal included; beside it, the ceiling of a bare
//! client sending one prebuilt message over the same number of connections.
//! Needs `smtp-sink` (Debian: `apt-get install postfix`).
//! Run with `cargo bench --bench send`.

use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rundbrief::Workspace;
use rundbrief::address::Address;
use rundbrief::locale::Lang;
use rundbrief::mail::{Outgoing, Relay, build_message};
use rundbrief::secret::SecretKey;
use rundbrief::store::{ImportRow, Store};

const CONNECTIONS: usize = 4;
const KEY: &str = "4242424242424242424242424242424242424242424242424242424242424242";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for item in std::fs::read_dir(from).unwrap() {
        let item = item.unwrap();
        if item.file_type().unwrap().is_dir() {
            copy_dir(&item.path(), &to.join(item.file_name()));
        } else {
            std::fs::copy(item.path(), to.join(item.file_name())).unwrap();
        }
    }
}

/// The sample workspace in `root`, sending to `port` as fast as it can.
fn workspace(root: &Path, port: u16) -> Workspace {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&sample.join("issues"), &root.join("issues"));
    copy_dir(&sample.join("templates"), &root.join("templates"));
    let config = std::fs::read_to_string(sample.join("rundbrief.toml"))
        .unwrap()
        .replace("host = \"localhost\"", "host = \"127.0.0.1\"")
        .replace("port = 587", &format!("port = {port}"))
        .replace("tls = \"starttls\"", "tls = \"none\"")
        .replace("rate = \"10/s\"", "rate = \"unlimited\"");
    std::fs::write(root.join("rundbrief.toml"), config).unwrap();
    Workspace::open(root).unwrap()
}

fn subscribers(ws: &Workspace, count: usize) {
    let rows: Vec<ImportRow> = (0..count)
        .map(|n| ImportRow {
            line: n as u64 + 2,
            address: Address::parse(&format!("leserin{n}@verein-{}.example.org", n % 89)).unwrap(),
            name: (n % 3 == 0).then(|| format!("Leserin {n}")),
            name_parts: None,
            lang: Some(if n % 5 == 0 { Lang::EN } else { Lang::DE }),
            proof: None,
        })
        .collect();
    let mut store = Store::open(&ws.root.join(&ws.config.paths.database)).unwrap();
    let key = SecretKey::from_hex(KEY, "bench").unwrap();
    let policy = rundbrief::optin::policy(&ws.config.subscribers);
    store
        .import(
            &key,
            &rows,
            Lang::DE,
            Some("bench"),
            &policy,
            rundbrief::store::now(),
        )
        .unwrap();
}

/// Runs `rundbrief send` as a child; returns its time and peak memory (kB).
fn send(ws: &Workspace) -> (Duration, u64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_rundbrief"))
        .current_dir(&ws.root)
        .env("RUNDBRIEF_SECRET_KEY", KEY)
        .env("RUNDBRIEF_LANG", "en")
        // Measures the send, not the DNS pre-flight (nor a resolver's timeout).
        .env("RUNDBRIEF_DNS_SERVER", "off")
        .args([
            "send",
            "2026-Q4",
            "--yes",
            "--connections",
            &CONNECTIONS.to_string(),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
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
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains(" sent, 0 failed temporarily, 0 failed permanently"),
        "{stdout}"
    );
    (took, peak)
}

/// The ceiling: one prebuilt message, `count` times over `CONNECTIONS`
/// nodelay connections, no journal, no building.
fn bare(ws: &Workspace, count: usize) -> Duration {
    let checked = rundbrief::workspace::check_issue(ws, &"2026-Q4".parse().unwrap())
        .unwrap_or_else(|_| panic!("the sample issue checks"));
    let outgoing = Outgoing {
        to: "Leserin <leserin@example.org>".parse().unwrap(),
        unsubscribe_url: "https://www.example.org/rundbrief/unsubscribe/x",
        preferences_url: "https://www.example.org/rundbrief/preferences/x",
        way_back: rundbrief::mail::message::WayBack::of(&ws.config, None),
        message_id: "bench@example.org".into(),
        subject_prefix: "",
    };
    let message =
        Arc::new(build_message(&ws.config, checked.rendered.email(Lang::DE), &outgoing).unwrap());
    let relay = Relay::from_config(
        &ws.config.smtp,
        ws.config.sender.from.email.domain(),
        &ws.root,
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let start = Instant::now();
        let tasks: Vec<_> = (0..CONNECTIONS)
            .map(|_| {
                let (relay, message) = (relay.clone(), message.clone());
                tokio::spawn(async move {
                    let mut connection = relay.connect().await.unwrap();
                    for _ in 0..count / CONNECTIONS {
                        connection.send(&message).await.unwrap();
                    }
                    connection.quit().await;
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap();
        }
        start.elapsed()
    })
}

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let sizes: &[usize] = if quick { &[500] } else { &[20_000, 100_000] };
    if Command::new("smtp-sink").arg("-V").output().is_err()
        && !Path::new("/usr/sbin/smtp-sink").exists()
    {
        eprintln!(
            "smtp-sink not found; install it with `apt-get install postfix` (Debian) to run this benchmark"
        );
        std::process::exit(i32::from(!quick));
    }
    let port = free_port();
    let mut sink = Command::new("/usr/sbin/smtp-sink")
        .args(["-u", "nobody", &format!("127.0.0.1:{port}"), "256"])
        .spawn()
        .expect("smtp-sink starts");
    std::thread::sleep(Duration::from_millis(300));
    for &count in sizes {
        let dir = tempfile::tempdir().unwrap();
        let ws = workspace(dir.path(), port);
        subscribers(&ws, count);
        let (took, peak) = send(&ws);
        let ceiling = bare(&ws, count);
        println!(
            "{count:>7} recipients, {CONNECTIONS} connections: rundbrief send {:>7.0} msg/s ({:.1} s, peak {} MB)   bare client {:>7.0} msg/s ({:.0} % of it)",
            count as f64 / took.as_secs_f64(),
            took.as_secs_f64(),
            peak / 1024,
            count as f64 / ceiling.as_secs_f64(),
            100.0 * ceiling.as_secs_f64() / took.as_secs_f64()
        );
    }
    let _ = sink.kill();
    let _ = sink.wait();
}
