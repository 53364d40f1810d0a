//! Sending the sample issue 2026-Q4 to N recipients over 4 connections, rate
//! unlimited, through one postfix `smtp-sink` on loopback (it accepts and
//! discards), by four contenders taking turns in every round:
//!
//! - `rundbrief send --yes --connections 4`, the real command (journal
//!   included), on a fresh copy of a workspace with N confirmed subscribers;
//! - the same with `[smtp.dkim]` on, signing with an RSA 2048 key
//!   (tests/fixtures/dkim/rsa-a.pem), as most offices' DKIM keys are;
//! - the bare lettre client: one prebuilt message N times over 4 nodelay
//!   connections with lettre's own `AsyncSmtpConnection::send`, no
//!   building, no journal (rundbrief's client is lettre's, but stuffs the
//!   message itself, faster than lettre's codec);
//! - nodemailer with a pooled transport of 4 connections sending the same
//!   message bytes N times (what a user would script instead), installed
//!   with npm under target/bench-node/ on the first run; skipped with a
//!   message where `node` or `npm` is missing.
//!
//! For each it prints the medians over the rounds of the rate, the CPU time
//! per message and the peak memory, and the ratios between them. The rate of
//! a command is the recipients over its whole run (start, freeze and quit
//! included); that of the bare client over its sending alone.
//!
//! Needs `smtp-sink` (Debian: `apt-get install postfix`).
//! `cargo bench --bench send` (cargo passes `--bench`) is the full run:
//! 100,000 recipients, 3 rounds (about 16 minutes on the project's 2 cores;
//! `cargo bench --bench send -- --recipients 50000` halves it;
//! `-- --only rundbrief,bare` runs only those of rundbrief, dkim, bare and
//! nodemailer). Without `--bench` (`cargo test --bench send`, or the bench
//! binary run by hand) it is a quick check: 500 recipients, 1 round.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use lettre::transport::smtp::client::AsyncSmtpConnection;
use lettre::transport::smtp::extension::ClientId;
use rundbrief::Workspace;
use rundbrief::address::Address;
use rundbrief::locale::Lang;
use rundbrief::mail::{Outgoing, Sealed, build_message};
use rundbrief::secret::SecretKey;
use rundbrief::store::{ImportRow, Store};

const CONNECTIONS: usize = 4;
const KEY: &str = "4242424242424242424242424242424242424242424242424242424242424242";
/// The full run: recipients and rounds.
const RECIPIENTS: usize = 100_000;
const ROUNDS: usize = 3;
const QUICK_RECIPIENTS: usize = 500;
/// The major version npm installs; the run prints the exact one.
const NODEMAILER: &str = "nodemailer@10";
/// The envelope of the prebuilt message, for the bare client and nodemailer.
const RECIPIENT: &str = "leserin@example.org";
const RETURN_PATH: &str = "bounces@example.org";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Contender {
    Rundbrief,
    RundbriefDkim,
    Bare,
    Nodemailer,
}

impl Contender {
    const ALL: [Contender; 4] = [
        Contender::Rundbrief,
        Contender::RundbriefDkim,
        Contender::Bare,
        Contender::Nodemailer,
    ];

    fn label(self) -> &'static str {
        match self {
            Contender::Rundbrief => "rundbrief send",
            Contender::RundbriefDkim => "rundbrief send, DKIM RSA 2048",
            Contender::Bare => "bare lettre client",
            Contender::Nodemailer => "nodemailer, pooled",
        }
    }

    /// Its name for `--only`.
    fn key(self) -> &'static str {
        match self {
            Contender::Rundbrief => "rundbrief",
            Contender::RundbriefDkim => "dkim",
            Contender::Bare => "bare",
            Contender::Nodemailer => "nodemailer",
        }
    }
}

/// One contender's round.
struct Measure {
    /// Messages per second.
    rate: f64,
    cpu_per_message: Duration,
    /// Peak resident memory (`VmHWM`) in kB, for a child process.
    peak: Option<u64>,
}

impl Measure {
    fn of(count: usize, took: Duration, cpu: Duration, peak: Option<u64>) -> Measure {
        Measure {
            rate: count as f64 / took.as_secs_f64(),
            cpu_per_message: cpu / count as u32,
            peak,
        }
    }
}

/// What every round shares: the sink's port, a workspace ready to send, and
/// the prebuilt message for the bare client and nodemailer.
struct Bench {
    port: u16,
    count: usize,
    prepared: PathBuf,
    message: Arc<Sealed>,
    eml: PathBuf,
    /// nodemailer's node_modules, when it could be installed.
    node_modules: Option<PathBuf>,
}

impl Bench {
    fn run(&self, contender: Contender) -> Option<Measure> {
        match contender {
            Contender::Rundbrief => Some(self.rundbrief(false)),
            Contender::RundbriefDkim => Some(self.rundbrief(true)),
            Contender::Bare => Some(self.bare()),
            Contender::Nodemailer => self.node_modules.as_deref().map(|m| self.nodemailer(m)),
        }
    }

    /// `rundbrief send` as a child, on a fresh copy of the prepared
    /// workspace: its database, with an empty send journal, is copied anew.
    fn rundbrief(&self, dkim: bool) -> Measure {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&self.prepared, dir.path());
        if dkim {
            sign_with_dkim(dir.path());
        }
        let mut command = Command::new(env!("CARGO_BIN_EXE_rundbrief"));
        command
            .current_dir(dir.path())
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
            ]);
        let run = run_child(command);
        assert!(
            run.stdout
                .contains(" sent, 0 failed temporarily, 0 failed permanently"),
            "{}",
            run.stdout
        );
        assert_eq!(sent(&run.stdout), self.count, "{}", run.stdout);
        Measure::of(self.count, run.took, run.cpu, Some(run.peak))
    }

    /// lettre alone: the prebuilt message `count` times over `CONNECTIONS`
    /// nodelay connections, in this process.
    fn bare(&self) -> Measure {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let cpu = cpu_times().own;
        let start = Instant::now();
        runtime.block_on(async {
            let tasks: Vec<_> = (0..CONNECTIONS)
                .map(|task| {
                    let (port, message) = (self.port, self.message.clone());
                    let share = (self.count + CONNECTIONS - 1 - task) / CONNECTIONS;
                    tokio::spawn(async move {
                        // As rundbrief connects (lettre leaves Nagle's
                        // algorithm on, ~40 ms a message), then lettre's
                        // own `send`: MAIL, RCPT, DATA, its codec.
                        let stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
                            .await
                            .unwrap();
                        stream.set_nodelay(true).unwrap();
                        let mut connection = AsyncSmtpConnection::connect_with_transport(
                            Box::new(stream),
                            &ClientId::Domain("example.org".into()),
                        )
                        .await
                        .unwrap();
                        for _ in 0..share {
                            connection
                                .send(message.envelope(), message.formatted())
                                .await
                                .unwrap();
                        }
                        connection.quit().await.unwrap();
                    })
                })
                .collect();
            for task in tasks {
                task.await.unwrap();
            }
        });
        let took = start.elapsed();
        Measure::of(self.count, took, cpu_times().own.saturating_sub(cpu), None)
    }

    /// nodemailer as a child, sending the bare client's message.
    fn nodemailer(&self, node_modules: &Path) -> Measure {
        let mut command = Command::new("node");
        command
            .env("NODE_PATH", node_modules)
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/nodemailer/send.js"))
            .args([&self.port.to_string(), &self.count.to_string()])
            .arg(CONNECTIONS.to_string())
            .arg(&self.eml)
            .args([RETURN_PATH, RECIPIENT]);
        let run = run_child(command);
        assert_eq!(run.stdout.trim(), self.count.to_string(), "{}", run.stdout);
        Measure::of(self.count, run.took, run.cpu, Some(run.peak))
    }
}

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

/// The sample workspace in `root`, sending to `port` as fast as it can. The
/// sink offers no AUTH, so the sample's SMTP user goes.
fn workspace(root: &Path, port: u16) -> Workspace {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"));
    for folder in ["issues", "templates", "locales", "assets"] {
        if sample.join(folder).is_dir() {
            copy_dir(&sample.join(folder), &root.join(folder));
        }
    }
    let config = std::fs::read_to_string(sample.join("rundbrief.toml"))
        .unwrap()
        .replace("host = \"localhost\"", "host = \"127.0.0.1\"")
        .replace("port = 587", &format!("port = {port}"))
        .replace("tls = \"starttls\"", "tls = \"none\"")
        .replace("user = \"rundbrief@example.org\"\n", "")
        .replace("rate = \"10/s\"", "rate = \"unlimited\"");
    std::fs::write(root.join("rundbrief.toml"), config).unwrap();
    Workspace::open(root).unwrap()
}

/// `[smtp.dkim]` on in the workspace at `root`, with the test suite's RSA
/// 2048 key.
fn sign_with_dkim(root: &Path) {
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dkim/rsa-a.pem"),
        root.join("dkim.pem"),
    )
    .unwrap();
    let mut config = std::fs::read_to_string(root.join("rundbrief.toml")).unwrap();
    config.push_str(
        "\n[smtp.dkim]\nselector = \"rundbrief\"\ndomain = \"example.org\"\nkey_file = \"dkim.pem\"\n",
    );
    std::fs::write(root.join("rundbrief.toml"), config).unwrap();
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

/// The message of the bare client and nodemailer: the German edition of the
/// sample issue for one reader, built once.
fn prebuilt(ws: &Workspace) -> Sealed {
    let checked = rundbrief::workspace::check_issue(ws, &"2026-Q4".parse().unwrap())
        .unwrap_or_else(|_| panic!("the sample issue checks"));
    let outgoing = Outgoing {
        to: format!("Leserin <{RECIPIENT}>").parse().unwrap(),
        unsubscribe_url: "https://www.example.org/rundbrief/unsubscribe/x",
        preferences_url: "https://www.example.org/rundbrief/preferences/x",
        way_back: rundbrief::mail::message::WayBack::of(&ws.config, None),
        message_id: "bench@example.org".into(),
        subject_prefix: "",
    };
    build_message(&ws.config, checked.rendered.email(Lang::DE), &outgoing).unwrap()
}

/// CPU time (user + system) of this process and of its waited-for children,
/// from /proc/self/stat.
struct CpuTimes {
    own: Duration,
    children: Duration,
}

fn cpu_times() -> CpuTimes {
    static TICK: OnceLock<Duration> = OnceLock::new();
    let tick = *TICK.get_or_init(|| {
        let hertz = Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100);
        Duration::from_secs(1) / hertz
    });
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap();
    // After the command name in parentheses: field 3 (state) onwards, so
    // utime, stime, cutime, cstime (fields 14 to 17) are at 11 to 14.
    let fields: Vec<u32> = stat[stat.rfind(')').unwrap() + 1..]
        .split_whitespace()
        .skip(11)
        .take(4)
        .map(|f| f.parse().unwrap())
        .collect();
    CpuTimes {
        own: tick * (fields[0] + fields[1]),
        children: tick * (fields[2] + fields[3]),
    }
}

struct ChildRun {
    took: Duration,
    cpu: Duration,
    /// `VmHWM` in kB.
    peak: u64,
    stdout: String,
}

/// Runs `command` to its end while a thread samples its peak memory.
fn run_child(mut command: Command) -> ChildRun {
    let output = tempfile::tempdir().unwrap();
    let (out, err) = (output.path().join("out"), output.path().join("err"));
    command
        .stdin(Stdio::null())
        .stdout(File::create(&out).unwrap())
        .stderr(File::create(&err).unwrap());
    let cpu = cpu_times().children;
    let start = Instant::now();
    let mut child = command.spawn().unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let sampler = {
        let (done, status) = (done.clone(), format!("/proc/{}/status", child.id()));
        std::thread::spawn(move || {
            let mut peak = 0;
            while !done.load(Ordering::Relaxed) {
                if let Ok(status) = std::fs::read_to_string(&status)
                    && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
                {
                    let kb = line
                        .split_whitespace()
                        .nth(1)
                        .and_then(|kb| kb.parse().ok());
                    peak = peak.max(kb.unwrap_or(0));
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            peak
        })
    };
    let status = child.wait().unwrap();
    let took = start.elapsed();
    // Read after `wait`: a child's times count once it has been reaped.
    let cpu = cpu_times().children.saturating_sub(cpu);
    done.store(true, Ordering::Relaxed);
    let peak = sampler.join().unwrap();
    let stdout = std::fs::read_to_string(&out).unwrap();
    assert!(
        status.success(),
        "{command:?}: {status}\n{stdout}\n{}",
        std::fs::read_to_string(&err).unwrap()
    );
    ChildRun {
        took,
        cpu,
        peak,
        stdout,
    }
}

/// The number sent in `rundbrief send`'s summary ("2026-Q4: 100,000 sent, …").
fn sent(summary: &str) -> usize {
    let line = summary.lines().find(|l| l.contains(" sent, ")).unwrap();
    let number = &line[..line.find(" sent, ").unwrap()];
    let number = number.rsplit(' ').next().unwrap();
    number
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap()
}

/// nodemailer's node_modules under `target`, installed with npm when absent;
/// `None`, said in one line, when Node or the install is missing.
fn install_nodemailer(target: &Path) -> Option<PathBuf> {
    let runs = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !runs("node") || !runs("npm") {
        println!(
            "nodemailer: skipped, `node` or `npm` not found (Debian: apt-get install nodejs npm)"
        );
        return None;
    }
    let dir = target.join("bench-node");
    let modules = dir.join("node_modules");
    if !modules.join("nodemailer/package.json").exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let installed = Command::new("npm")
            .arg("install")
            .arg("--prefix")
            .arg(&dir)
            .args(["--no-audit", "--no-fund", "--silent", NODEMAILER])
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            println!(
                "nodemailer: skipped, `npm install --prefix {} {NODEMAILER}` failed",
                dir.display()
            );
            return None;
        }
    }
    Some(modules)
}

fn nodemailer_version(node_modules: &Path) -> String {
    Command::new("node")
        .env("NODE_PATH", node_modules)
        .args(["-p", "require('nodemailer/package.json').version"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    if values.len().is_multiple_of(2) {
        f64::midpoint(values[middle - 1], values[middle])
    } else {
        values[middle]
    }
}

/// A row of the table: the medians of one contender's rounds.
struct Row {
    rate: f64,
    cpu_ms: f64,
    peak_mb: Option<f64>,
}

fn row(measures: &[Measure]) -> Option<Row> {
    if measures.is_empty() {
        return None;
    }
    let peaks: Vec<f64> = measures
        .iter()
        .filter_map(|m| m.peak.map(|kb| kb as f64 / 1024.0))
        .collect();
    Some(Row {
        rate: median(measures.iter().map(|m| m.rate).collect()),
        cpu_ms: median(
            measures
                .iter()
                .map(|m| m.cpu_per_message.as_secs_f64() * 1000.0)
                .collect(),
        ),
        peak_mb: (!peaks.is_empty()).then(|| median(peaks)),
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = !args.iter().any(|a| a == "--bench");
    let (count, rounds) = if quick {
        (QUICK_RECIPIENTS, 1)
    } else {
        (RECIPIENTS, ROUNDS)
    };
    // `-- --recipients 50000` for a shorter full run.
    let count = args
        .iter()
        .position(|a| a == "--recipients")
        .map_or(count, |i| args[i + 1].parse().expect("--recipients N"));
    // `-- --only rundbrief,bare` for a quicker comparison of two.
    let only: Option<Vec<String>> = args
        .iter()
        .position(|a| a == "--only")
        .map(|i| args[i + 1].split(',').map(str::to_string).collect());
    let runs = |contender: Contender| {
        only.as_ref()
            .is_none_or(|only| only.iter().any(|k| k == contender.key()))
    };
    if Command::new("smtp-sink").arg("-V").output().is_err()
        && !Path::new("/usr/sbin/smtp-sink").exists()
    {
        eprintln!(
            "smtp-sink not found; install it with `apt-get install postfix` (Debian) to run this benchmark"
        );
        std::process::exit(i32::from(!quick));
    }
    // The bench binary lives in target/PROFILE/deps/.
    let target = std::env::current_exe()
        .unwrap()
        .ancestors()
        .nth(3)
        .unwrap()
        .to_path_buf();
    let node_modules = runs(Contender::Nodemailer)
        .then(|| install_nodemailer(&target))
        .flatten();
    let node_label = node_modules
        .as_deref()
        .map(|m| format!("nodemailer {}, pooled", nodemailer_version(m)));

    let port = free_port();
    let mut sink = Command::new("/usr/sbin/smtp-sink")
        .args(["-u", "nobody", &format!("127.0.0.1:{port}"), "256"])
        .spawn()
        .expect("smtp-sink starts");
    std::thread::sleep(Duration::from_millis(300));

    let prepared = tempfile::tempdir().unwrap();
    let ws = workspace(prepared.path(), port);
    subscribers(&ws, count);
    let message = prebuilt(&ws);
    // Kept after the run, for a look at what went over the wire.
    std::fs::create_dir_all(target.join("bench-node")).unwrap();
    let eml = target.join("bench-node/message.eml");
    std::fs::write(&eml, message.formatted()).unwrap();
    let bench = Bench {
        port,
        count,
        prepared: prepared.path().to_path_buf(),
        message: Arc::new(message),
        eml,
        node_modules,
    };
    drop(ws);

    println!(
        "2026-Q4 to {count} recipients, {CONNECTIONS} connections, rate unlimited, one smtp-sink, {rounds} round(s){}",
        if quick {
            " (quick: `cargo bench --bench send` is the full run)"
        } else {
            ""
        }
    );
    if cfg!(debug_assertions) {
        println!("an unoptimised build (`cargo test`): the figures say nothing of speed");
    }
    let mut measures: Vec<Vec<Measure>> = Contender::ALL.iter().map(|_| Vec::new()).collect();
    for round in 1..=rounds {
        for (i, &contender) in Contender::ALL.iter().enumerate() {
            if !runs(contender) {
                continue;
            }
            if let Some(measure) = bench.run(contender) {
                println!(
                    "round {round}: {:<32} {:>6.0} msg/s {:>6.3} ms CPU/msg",
                    contender.label(),
                    measure.rate,
                    measure.cpu_per_message.as_secs_f64() * 1000.0
                );
                measures[i].push(measure);
            }
        }
    }
    let _ = sink.kill();
    let _ = sink.wait();

    println!(
        "\n{:<32} {:>8} {:>12} {:>10}",
        "medians", "msg/s", "CPU/msg", "peak"
    );
    let rows: Vec<Option<Row>> = measures.iter().map(|m| row(m)).collect();
    for (&contender, row) in Contender::ALL.iter().zip(&rows) {
        let label = match (contender, &node_label) {
            (Contender::Nodemailer, Some(label)) => label.as_str(),
            _ => contender.label(),
        };
        match row {
            Some(row) => println!(
                "{label:<32} {:>8.0} {:>9.3} ms {:>10}",
                row.rate,
                row.cpu_ms,
                row.peak_mb
                    .map_or_else(|| "-".to_string(), |mb| format!("{mb:.0} MB"))
            ),
            None => println!("{label:<32} {:>8}", "skipped"),
        }
    }
    let of = |contender: Contender| rows[contender as usize].as_ref();
    let ratio = |name: &str, a: Contender, b: Contender| {
        if let (Some(a), Some(b)) = (of(a), of(b)) {
            println!(
                "{name:<40} rate {:>5.2} ×   CPU/msg {:>5.2} ×",
                a.rate / b.rate,
                a.cpu_ms / b.cpu_ms
            );
        }
    };
    println!();
    ratio(
        "rundbrief / bare client",
        Contender::Rundbrief,
        Contender::Bare,
    );
    ratio(
        "rundbrief with DKIM / bare client",
        Contender::RundbriefDkim,
        Contender::Bare,
    );
    ratio(
        "rundbrief / nodemailer",
        Contender::Rundbrief,
        Contender::Nodemailer,
    );
    ratio(
        "rundbrief with DKIM / rundbrief",
        Contender::RundbriefDkim,
        Contender::Rundbrief,
    );
}
