//! `rundbrief send ISSUE [--test ADDRESS…] [--dry-run] [--yes] [--at TIME] [--cancel]`.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{DateTime, Utc};
use rundbrief::Workspace;
use rundbrief::address::Address;
use rundbrief::checks;
use rundbrief::config::Rate;
use rundbrief::content::{Audience, IssueId};
use rundbrief::delivery::{self, Counters, Delivery, Ending, Options, Outlook, Route};
use rundbrief::diagnostic::{Diagnostic, Kind, Severity};
use rundbrief::dns_check::{self, Nameserver};
use rundbrief::locale::{Lang, ui};
use rundbrief::mail::Relay;
use rundbrief::t;
use rundbrief::workspace::{self, Checked};

use super::{complain, note, out, print_report};

pub(super) struct Flags {
    pub test: Vec<String>,
    pub dry_run: bool,
    pub yes: bool,
    pub connections: Option<usize>,
    pub rate: Option<Rate>,
    /// `--at`: book the send for this time instead (see `schedule`).
    pub at: Option<String>,
    pub cancel: bool,
}

/// Exit status of a send that stopped on Ctrl-C, as shells expect.
const INTERRUPTED: u8 = 130;
/// Exit status of a send that went through the list but left rows the
/// server deferred (4xx): sysexits' EX_TEMPFAIL, "try again later".
const DEFERRED: u8 = 75;

pub(super) fn run(ws: &Workspace, issue: Option<&str>, flags: &Flags) -> anyhow::Result<ExitCode> {
    let id = &ws.pick_issue(issue)?;
    if flags.cancel {
        return super::schedule::cancel(ws, id);
    }
    // Read before the checks: a mistyped time is told at once.
    let due_at = flags
        .at
        .as_deref()
        .map(|at| super::schedule::due_at(ws, at))
        .transpose()?;
    // A test copy is how an editor sees a half-written issue in a real
    // mail program: texts still as `init` wrote them do not stop it, and
    // its `[TEST]` subject keeps it from passing for the issue.
    let blocking = |report: &rundbrief::diagnostic::Report| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .filter(|d| flags.test.is_empty() || d.kind != Kind::Placeholder)
            .count()
    };
    let checked = match workspace::check_issue(ws, id) {
        Ok(checked) if blocking(&checked.report) == 0 => checked,
        Ok(Checked { report, .. }) | Err(report) => {
            print_report(&report);
            bail!(t!("send-has-errors", issue = id.to_string()));
        }
    };
    print_report(&checked.report);
    let mut deliverability = checks::deliverability(&ws.config, &checked.issue, &checked.rendered);
    // The sender's DNS, before anything goes out (a test copy, a dry run
    // too): warnings here, whatever `check --dns` calls them, since the
    // staff may know better (a relay that signs on its own).
    let server = Nameserver::from_env()?;
    if server != Nameserver::Off {
        let findings = super::block_on(dns_check::check(&ws.config, &ws.root, server))?;
        deliverability.extend(findings.into_iter().map(|finding| Diagnostic {
            severity: Severity::Warning,
            ..finding
        }));
    }
    if !deliverability.is_empty() && !super::quiet() {
        complain!("{}", t!("send-deliverability"));
        for finding in &deliverability {
            complain!("  {finding}");
        }
    }
    let options = Options::from_config(&ws.config.smtp).overridden(flags.connections, flags.rate);
    let mut route = Route::from_config(ws)?;
    if let Some(due_at) = due_at {
        return super::schedule::book(ws, id, due_at);
    }
    if !flags.test.is_empty() {
        return test_send(ws, &checked, &route, &flags.test);
    }
    let mut store = super::open_store(ws)?;
    let key = super::load_key(ws)?;
    // One moment for what is due: the plan shown and the send agree.
    let as_of = rundbrief::store::now();
    let outlook = delivery::outlook(&store, &checked.issue, &options, as_of)?;
    out!("{}", describe(id, &outlook, &route.relay, &options));
    out!("{}", audience(ws, &checked.issue.audience, &outlook));
    if flags.dry_run {
        if !outlook.resuming {
            list_audience(&store, &checked.issue.audience)?;
        }
        let path = delivery::write_sample(ws, &checked, &route)?;
        out!(
            "{}",
            t!("send-sample", path = ws.display(&path).to_string())
        );
        return Ok(ExitCode::SUCCESS);
    }
    if outlook.count == 0 && outlook.waiting > 0 {
        note!("{}", t!("send-not-due", count = outlook.waiting));
        retry_hint(ws, id, outlook.waiting, outlook.next_due);
        return Ok(ExitCode::from(DEFERRED));
    }
    if outlook.count == 0 {
        note!("{}", t!("send-nobody"));
        return Ok(ExitCode::SUCCESS);
    }
    if !flags.yes {
        super::confirm(
            &t!("send-confirm"),
            &t!("send-needs-yes"),
            &t!("send-not-sent"),
        )?;
    }
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(route.reach())?;
    let frozen = delivery::freeze(ws, &mut store, &key, &checked.issue)?;
    drop(store);
    if frozen.now {
        out!("{}", t!("send-frozen", count = frozen.recipients));
    }
    let counters = Arc::new(Counters::default());
    let stop = Arc::new(AtomicBool::new(false));
    let connections = options.connections;
    let delivery = Delivery::new(ws, id, checked.rendered, key, route, options, as_of);
    let started = Instant::now();
    let progress = Progress::start(counters.clone(), outlook.count, connections);
    let ending = runtime.block_on(async {
        let stopper = stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                complain!("\n{}", t!("send-stopping"));
                stopper.store(true, Ordering::SeqCst);
            }
        });
        delivery::deliver(delivery, counters.clone(), stop.clone()).await
    });
    progress.finish();
    let ending = ending?;
    summary(ws, id, &counters, started.elapsed());
    if ending == Ending::Done && counters.deferred() == 0 {
        super::schedule::settle(ws, id)?;
    }
    Ok(match ending {
        Ending::Done if counters.deferred() > 0 => ExitCode::from(DEFERRED),
        Ending::Done => ExitCode::SUCCESS,
        Ending::Stopped => {
            complain!("{}", t!("send-stopped", issue = id.to_string()));
            ExitCode::from(INTERRUPTED)
        }
        Ending::Paused(reason) => {
            complain!(
                "{}",
                t!(
                    "send-paused",
                    reason = reason.clone(),
                    issue = id.to_string()
                )
            );
            ExitCode::FAILURE
        }
    })
}

fn describe(id: &IssueId, outlook: &Outlook, relay: &Relay, options: &Options) -> String {
    let catalog = ui();
    let languages = outlook
        .per_language
        .as_ref()
        .map(|list| {
            let parts: Vec<String> = list.iter().map(|(l, n)| format!("{l} {n}")).collect();
            format!(" ({})", parts.join(", "))
        })
        .unwrap_or_default();
    let count = outlook.count;
    let duration = match options.rate.per_second() {
        Some(per_second) => catalog.duration(Duration::from_secs_f64(count as f64 / per_second)),
        None => t!("send-as-fast-as-accepted"),
    };
    t!(
        "send-plan",
        issue = id.to_string(),
        count = count,
        languages = languages,
        resuming = if outlook.resuming { "yes" } else { "no" },
        server = format!("{}:{}", relay.host, relay.port),
        connections = options.connections,
        rate = options.rate.to_string(),
        duration = duration
    )
}

/// Who the send is meant for, in words: everyone, or the languages and
/// interests of `[audience]` (and those who chose no interest).
fn audience(ws: &Workspace, audience: &Audience, outlook: &Outlook) -> String {
    if outlook.resuming {
        return t!("send-audience-frozen", audience = outlook.audience.clone());
    }
    if audience.is_everyone() {
        return t!("send-audience-everyone");
    }
    let any = t!("send-audience-any");
    let languages = if audience.languages.is_empty() {
        any.clone()
    } else {
        let codes: Vec<&str> = audience.languages.iter().map(Lang::code).collect();
        codes.join(", ")
    };
    let interests = if audience.interests.is_empty() {
        any
    } else {
        let labels: Vec<&str> = audience
            .interests
            .iter()
            .map(|i| ws.config.vocabulary.label(i))
            .collect();
        labels.join(", ")
    };
    t!(
        "send-audience",
        languages = languages,
        interests = interests,
        narrowed = if audience.interests.is_empty() {
            "no"
        } else {
            "yes"
        }
    )
}

/// `send --dry-run`: each reader the send would reach, one per line.
fn list_audience(store: &rundbrief::store::Store, audience: &Audience) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    store.each_in_audience(audience, |s| -> anyhow::Result<()> {
        use std::io::Write;
        writeln!(out, "  {}  {}", s.lang, s.address)?;
        Ok(())
    })?;
    std::io::Write::flush(&mut out)?;
    Ok(())
}

fn test_send(
    ws: &Workspace,
    checked: &Checked,
    route: &Route,
    addresses: &[String],
) -> anyhow::Result<ExitCode> {
    let store = super::open_store(ws)?;
    let addresses = addresses
        .iter()
        .map(|text| Address::parse(text).with_context(|| format!("{text:?}")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    super::block_on(delivery::send_tests(
        ws,
        checked,
        route,
        &store,
        &addresses,
        |address, reply| out!("{address}: {reply}"),
    ))??;
    Ok(ExitCode::SUCCESS)
}

fn summary(ws: &Workspace, id: &IssueId, counters: &Counters, elapsed: Duration) {
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
    if get(&counters.waiting) > 0 {
        note!("{}", t!("send-not-due", count = get(&counters.waiting)));
    }
    if counters.deferred() > 0 {
        retry_hint(ws, id, counters.deferred(), counters.next_due());
    }
}

/// How many rows wait for a later send, and from when it finds one due.
fn retry_hint(ws: &Workspace, id: &IssueId, count: u64, next_due: Option<DateTime<Utc>>) {
    let due = next_due.unwrap_or_else(rundbrief::store::now);
    let when = super::zoned(ws, due);
    note!(
        "{}",
        t!(
            "send-retry-hint",
            issue = id.to_string(),
            count = count,
            when = when
        )
    );
}

/// A progress bar on a terminal, a line every few seconds otherwise; on
/// both, a line when the relay turns connections away.
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

/// Says so when the relay refused more connections since `told`.
fn tell_refused_connections(
    counters: &Counters,
    connections: usize,
    told: &mut u64,
    bar: Option<&indicatif::ProgressBar>,
) {
    let refused = counters.refused_connections.load(Ordering::Relaxed);
    if refused == *told {
        return;
    }
    *told = refused;
    let line = t!(
        "send-fewer-connections",
        reply = counters.busy_reply().unwrap_or_default(),
        working = (connections as u64).saturating_sub(refused),
        asked = connections
    );
    match bar {
        Some(bar) => bar.println(line),
        None => complain!("{line}"),
    }
}

impl Progress {
    fn start(counters: Arc<Counters>, total: u64, connections: usize) -> Progress {
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
            let mut told = 0;
            while !finished.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(200));
                tell_refused_connections(&counters, connections, &mut told, bar.as_ref());
                let done = counters.done();
                match &bar {
                    Some(bar) => bar.set_position(done),
                    None if last_line.elapsed() >= Duration::from_secs(5) => {
                        last_line = Instant::now();
                        let rate = done as f64 / started.elapsed().as_secs_f64();
                        complain!("{done}/{total}  {}/s", ui().decimal(rate));
                    }
                    None => {}
                }
            }
            tell_refused_connections(&counters, connections, &mut told, bar.as_ref());
            if let Some(bar) = bar {
                // Where the send really got to: `finish` would fill the
                // bar after a Ctrl-C, a pause or rows left for later.
                bar.set_position(counters.done());
                bar.abandon();
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
