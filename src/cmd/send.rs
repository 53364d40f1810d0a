//! `rundbrief send ISSUE [--test ADDRESS…] [--dry-run] [--yes]`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use lettre::message::Mailbox;
use rundbrief::Workspace;
use rundbrief::address::Address;
use rundbrief::build::{Sample, sample_message};
use rundbrief::checks;
use rundbrief::config::Rate;
use rundbrief::content::IssueId;
use rundbrief::delivery::{self, Counters, Delivery, Ending, Options};
use rundbrief::locale::{Lang, ui};
use rundbrief::mail::Relay;
use rundbrief::mail::message::dkim_signer;
use rundbrief::store::DeliveryState;
use rundbrief::t;
use rundbrief::workspace::{self, Checked};

use super::{note, print_report};

pub struct Flags {
    pub test: Vec<String>,
    pub dry_run: bool,
    pub yes: bool,
    pub connections: Option<usize>,
    pub rate: Option<Rate>,
}

/// Exit status of a send that stopped on Ctrl-C, as shells expect.
const INTERRUPTED: u8 = 130;

pub fn run(ws: &Workspace, issue: Option<&str>, flags: Flags) -> anyhow::Result<ExitCode> {
    let id = ws.pick_issue(issue)?;
    let checked = match workspace::check_issue(ws, id) {
        Ok(checked) if checked.report.errors() == 0 => checked,
        Ok(Checked { report, .. }) | Err(report) => {
            print_report(&report);
            bail!(t!("send-has-errors", issue = id.to_string()));
        }
    };
    print_report(&checked.report);
    let deliverability = checks::deliverability(&ws.config, &checked.issue, &checked.rendered);
    if !deliverability.is_empty() && !super::quiet() {
        eprintln!("{}", t!("send-deliverability"));
        for finding in &deliverability {
            eprintln!("  {finding}");
        }
    }
    let mut options = Options::from_config(&ws.config.smtp);
    if let Some(connections) = flags.connections {
        options.connections = connections.max(1);
    }
    if let Some(rate) = flags.rate {
        options.rate = rate;
    }
    let relay = Relay::from_config(&ws.config.smtp, &ws.root);
    let dkim = match &ws.config.smtp.dkim {
        Some(dkim) => Some(Arc::new(dkim_signer(dkim, &ws.root)?)),
        None => None,
    };
    let sign = |message: &mut lettre::Message| {
        if let Some(dkim) = &dkim {
            message.sign(dkim);
        }
    };
    if !flags.test.is_empty() {
        return test_send(ws, id, &checked, &relay, &flags.test, &sign);
    }
    let mut store = super::open_store(ws)?;
    let key = super::load_key(ws)?;
    let issue = id.to_string();
    let frozen = store.frozen(&issue)?;
    let (count, per_language) = match frozen {
        Some(_) => {
            let report = store.send_report(&issue)?;
            let left = report.count(DeliveryState::Queued)
                + report.count(DeliveryState::FailedTemporarily);
            (left, None)
        }
        None => {
            let audience = store.audience()?;
            (audience.iter().map(|(_, n)| n).sum(), Some(audience))
        }
    };
    let plan = describe(
        id,
        count,
        per_language.as_deref(),
        frozen.is_some(),
        &relay,
        &options,
    );
    println!("{plan}");
    if flags.dry_run {
        let path = write_sample(ws, id, &checked, &sign)?;
        println!(
            "{}",
            t!("send-sample", path = ws.display(&path).to_string())
        );
        return Ok(ExitCode::SUCCESS);
    }
    if count == 0 {
        note!("{}", t!("send-nobody"));
        return Ok(ExitCode::SUCCESS);
    }
    if !flags.yes {
        confirm()?;
    }
    let runtime = tokio::runtime::Runtime::new()?;
    // Reach the relay before anything is marked, so that a wrong host or
    // password is found out with the journal untouched.
    runtime.block_on(async {
        relay.connect().await?.quit().await;
        Ok::<_, rundbrief::mail::SmtpError>(())
    })?;
    let frozen = store.freeze(
        &key,
        &issue,
        ws.config.sender.from.email.domain(),
        rundbrief::store::now(),
    )?;
    drop(store);
    if frozen.now {
        println!("{}", t!("send-frozen", count = frozen.recipients));
    }
    let counters = Arc::new(Counters::default());
    let stop = Arc::new(AtomicBool::new(false));
    let delivery = Delivery {
        ws: ws.clone(),
        issue: issue.clone(),
        rendered: Arc::new(checked.rendered),
        key,
        database: ws.root.join(&ws.config.paths.database),
        relay,
        dkim,
        options,
    };
    let started = Instant::now();
    let progress = Progress::start(counters.clone(), count);
    let ending = runtime.block_on(async {
        let stopper = stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\n{}", t!("send-stopping"));
                stopper.store(true, Ordering::SeqCst);
            }
        });
        delivery::deliver(delivery, counters.clone(), stop.clone()).await
    });
    progress.finish();
    let ending = ending?;
    summary(id, &counters, started.elapsed());
    Ok(match ending {
        Ending::Done => ExitCode::SUCCESS,
        Ending::Stopped => {
            eprintln!("{}", t!("send-stopped", issue = id.to_string()));
            ExitCode::from(INTERRUPTED)
        }
        Ending::Paused(reason) => {
            eprintln!(
                "{}",
                t!(
                    "send-paused",
                    reason = reason.to_string(),
                    issue = id.to_string()
                )
            );
            ExitCode::FAILURE
        }
    })
}

fn describe(
    id: IssueId,
    count: u64,
    per_language: Option<&[(Lang, u64)]>,
    resuming: bool,
    relay: &Relay,
    options: &Options,
) -> String {
    let catalog = ui();
    let languages = per_language
        .map(|list| {
            let parts: Vec<String> = list.iter().map(|(l, n)| format!("{l} {n}")).collect();
            format!(" ({})", parts.join(", "))
        })
        .unwrap_or_default();
    let duration = match options.rate.per_second() {
        Some(per_second) => catalog.duration(Duration::from_secs_f64(count as f64 / per_second)),
        None => t!("send-as-fast-as-accepted"),
    };
    t!(
        "send-plan",
        issue = id.to_string(),
        count = count,
        languages = languages,
        resuming = if resuming { "yes" } else { "no" },
        server = format!("{}:{}", relay.host, relay.port),
        connections = options.connections,
        rate = options.rate.to_string(),
        duration = duration
    )
}

fn confirm() -> anyhow::Result<()> {
    if !std::io::stdin().is_terminal() {
        bail!(t!("send-needs-yes"));
    }
    print!("{} ", t!("send-confirm"));
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    if !matches!(
        answer.trim().to_lowercase().as_str(),
        "j" | "ja" | "y" | "yes"
    ) {
        bail!(t!("send-not-sent"));
    }
    Ok(())
}

fn test_send(
    ws: &Workspace,
    id: IssueId,
    checked: &Checked,
    relay: &Relay,
    addresses: &[String],
    sign: &dyn Fn(&mut lettre::Message),
) -> anyhow::Result<ExitCode> {
    let store = super::open_store(ws)?;
    let mut messages = Vec::new();
    for text in addresses {
        let address = Address::parse(text).with_context(|| format!("{text:?}"))?;
        // A subscriber gets the edition of their language; anyone else the issue's own.
        let lang = store
            .find(address.canonical())?
            .map_or(checked.issue.lang, |s| s.lang);
        let email = checked.rendered.email(lang);
        let to = Mailbox::new(None, address.as_str().parse()?);
        let mut message = sample_message(ws, id, email, Sample::Test { to }).message()?;
        sign(&mut message);
        messages.push((address, message));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let mut connection = relay.connect().await?;
        for (address, message) in &messages {
            let reply = connection
                .send(message)
                .await
                .with_context(|| address.to_string())?;
            println!("{address}: {reply}");
        }
        connection.quit().await;
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The sample message of `--dry-run`, written as `out/<issue>/sample.eml`.
fn write_sample(
    ws: &Workspace,
    id: IssueId,
    checked: &Checked,
    sign: &dyn Fn(&mut lettre::Message),
) -> anyhow::Result<std::path::PathBuf> {
    let email = checked.rendered.email(checked.issue.lang);
    let mut message = sample_message(ws, id, email, Sample::Record).message()?;
    sign(&mut message);
    let dir = ws.out_dir().join(id.to_string());
    std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
    let path = dir.join("sample.eml");
    rundbrief::fsx::write_atomically(&path, |out| out.write_all(&message.formatted()))?;
    Ok(path)
}

fn summary(id: IssueId, counters: &Counters, elapsed: Duration) {
    let get = |n: &std::sync::atomic::AtomicU64| n.load(Ordering::Relaxed);
    let sent = get(&counters.sent);
    let rate = sent as f64 / elapsed.as_secs_f64().max(0.001);
    let catalog = ui();
    note!(
        "{}",
        t!(
            "send-summary",
            issue = id.to_string(),
            sent = sent,
            failed_temporarily = get(&counters.failed_temporarily),
            failed_permanently = get(&counters.failed_permanently),
            bounced = get(&counters.bounced),
            skipped = get(&counters.skipped),
            duration = catalog.duration(elapsed),
            rate = catalog.decimal(rate)
        )
    );
    if get(&counters.failed_temporarily) > 0 {
        note!("{}", t!("send-retry-hint", issue = id.to_string()));
    }
}

/// A progress bar on a terminal, a line every few seconds otherwise.
struct Progress {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

/// The progress bar: rate and time left as the staff's language writes
/// them (indicatif's own `{per_sec}` and `{eta}` speak English with a '.').
fn style() -> indicatif::ProgressStyle {
    indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len}  {rate}  {left}")
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .with_key(
            "rate",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}/s", ui().decimal(state.per_sec()));
            },
        )
        .with_key(
            "left",
            |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                let _ = write!(w, "{}", ui().duration(state.eta()));
            },
        )
}

impl Progress {
    fn start(counters: Arc<Counters>, total: u64) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        let finished = done.clone();
        let terminal = std::io::stderr().is_terminal();
        let thread = std::thread::spawn(move || {
            let bar = terminal.then(|| {
                let bar = indicatif::ProgressBar::new(total);
                bar.set_style(style());
                bar
            });
            let started = Instant::now();
            let mut last_line = Instant::now();
            while !finished.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(200));
                let done = counters.done();
                match &bar {
                    Some(bar) => bar.set_position(done),
                    None if last_line.elapsed() >= Duration::from_secs(5) => {
                        last_line = Instant::now();
                        let rate = done as f64 / started.elapsed().as_secs_f64();
                        eprintln!("{done}/{total}  {}/s", ui().decimal(rate));
                    }
                    None => {}
                }
            }
            if let Some(bar) = bar {
                bar.set_position(counters.done());
                bar.finish();
            }
        });
        Progress {
            done,
            thread: Some(thread),
        }
    }

    fn finish(mut self) {
        self.done.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
