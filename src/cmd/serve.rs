//! `rundbrief serve [--bind ADDR]`.

use std::net::SocketAddr;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::locale::Lang;
use rundbrief::t;
use rundbrief::web;

use super::{complain, out};

/// `--print-form [LANG]`: the sign-up form for the office's own website, in
/// `lang` or the site's first language.
pub(super) fn print_form(ws: &Workspace, lang: Option<Lang>) -> anyhow::Result<ExitCode> {
    let lang = lang.unwrap_or(ws.config.site.default_lang());
    let html = web::embeddable_form(ws, lang).map_err(|e| anyhow::anyhow!("{e:#}"))?;
    out!("{html}");
    complain!(
        "{}",
        t!(
            "serve-print-form-origins",
            url = ws.config.site.public_url().as_str()
        )
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run(ws: &Workspace, bind: Option<SocketAddr>) -> anyhow::Result<ExitCode> {
    let store = super::open_store(ws)?;
    let key = super::load_key(ws)?;
    let bind = bind.unwrap_or(ws.config.serve.bind);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|e| anyhow::anyhow!("{bind}: {e}"))?;
        let address = listener.local_addr()?;
        // The first round before the address is told: whoever waits for
        // serve to listen finds the expired sign-ups already gone.
        prune_pending(ws).await;
        out!("{}", t!("serve-listening", address = address.to_string()));
        if ws
            .config
            .subscribers
            .pending_cutoff(rundbrief::store::now())
            .is_some()
        {
            tokio::spawn(prune_hourly(ws.clone()));
        }
        if let Some(every) = ws.config.inbox.poll {
            tokio::spawn(poll_inbox(ws.clone(), key.clone(), every.0));
        }
        let (stop_schedules, stopping) = tokio::sync::watch::channel(false);
        let scheduler = tokio::spawn(schedules(ws.clone(), key.clone(), address, stopping));
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        web::serve(web::App::new(ws, store, key), listener, shutdown).await?;
        // A scheduled send under way ends with the messages in flight and
        // records that it stopped, rather than being dropped mid-message.
        let _ = stop_schedules.send(true);
        let _ = scheduler.await;
        Ok(ExitCode::SUCCESS)
    })
}

/// `[inbox] poll`: reads the return mailbox now and then every `every`,
/// as `rundbrief inbox` does, on a database connection of its own; a
/// failed round is said and tried again next time.
async fn poll_inbox(ws: Workspace, key: rundbrief::secret::SecretKey, every: std::time::Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let round = async {
            let mut store = super::open_store(&ws)?;
            let mut inbox = rundbrief::returns::open_inbox(&ws, None).await?;
            let summary =
                rundbrief::returns::process(&ws, &mut store, &key, &mut inbox, false, |_, _, _| {})
                    .await;
            inbox.close().await;
            anyhow::Ok(summary?)
        };
        match round.await {
            Ok(summary) if summary.read() > summary.already || summary.failed > 0 => complain!(
                "{}",
                t!(
                    "serve-inbox-read",
                    read = summary.read(),
                    changed = summary.changed,
                    failed = summary.failed
                )
            ),
            Ok(_) => {}
            Err(e) => complain!("{}", t!("serve-inbox-failed", error = format!("{e:#}"))),
        }
    }
}

/// Performs scheduled sends when due, every `[serve] schedule_poll`, as the
/// process at `address` (the name the claim records).
async fn schedules(
    ws: Workspace,
    key: rundbrief::secret::SecretKey,
    address: SocketAddr,
    shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let scheduler = rundbrief::schedule::Scheduler {
        me: format!("serve {address} (pid {})", std::process::id()),
        every: ws.config.serve.schedule_poll.0,
        grace: ws.config.serve.schedule_grace.0,
    };
    let told = ws.clone();
    rundbrief::schedule::run(ws, key, scheduler, shutdown, move |event| {
        super::schedule::tell(&told, event);
    })
    .await;
}

/// `[subscribers] pending_days`: erases the sign-ups left unconfirmed too
/// long, on a database connection of its own; a failure is said and the
/// next round tries again.
async fn prune_pending(ws: &Workspace) {
    let days = ws.config.subscribers.pending_days;
    let ws = ws.clone();
    let pruned = tokio::task::spawn_blocking(move || {
        let now = rundbrief::store::now();
        let Some(cutoff) = ws.config.subscribers.pending_cutoff(now) else {
            return anyhow::Ok(0);
        };
        let mut store = super::open_store(&ws)?;
        Ok(store.prune_pending(cutoff, now)?)
    })
    .await;
    match pruned {
        Ok(Ok(0)) => {}
        Ok(Ok(count)) => complain!("{}", t!("serve-pruned", count = count, days = days)),
        Ok(Err(e)) => complain!("{}", t!("serve-prune-failed", error = format!("{e:#}"))),
        Err(e) => complain!("{}", t!("serve-prune-failed", error = e.to_string())),
    }
}

/// Every hour after the first round: an hour past the period is soon enough.
async fn prune_hourly(ws: Workspace) {
    let every = std::time::Duration::from_secs(60 * 60);
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        prune_pending(&ws).await;
    }
}
