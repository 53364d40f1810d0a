//! `rundbrief subscribers …`: the staff's side of the subscriber list.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};
use rundbrief::Workspace;
use rundbrief::address::Address;
use rundbrief::locale::{Lang, ui};
use rundbrief::name::escape_controls;
use rundbrief::optin::{self, OptIn, OptInError, Outcome};
use rundbrief::secret::SecretKey;
use rundbrief::store::{
    ErasureReason, ImportOptions, Imported, Origin, Source, Status, Store, Unsubscribed,
};
use rundbrief::subscriber_csv;
use rundbrief::t;
use rundbrief::urls::confirm_url;

use super::{column, complain, note, out, state, word, zoned};
use crate::cli::Subscribers;

pub(super) fn run(ws: &Workspace, command: Subscribers) -> anyhow::Result<ExitCode> {
    let mut store = super::open_store(ws)?;
    match command {
        Subscribers::Add {
            address,
            name,
            lang,
            no_mail,
        } => add(ws, store, &address, name.as_deref(), lang, no_mail),
        Subscribers::Import {
            file,
            strict,
            consent,
            no_mail,
        } => import(ws, store, &file, strict, consent.as_deref(), no_mail),
        Subscribers::Export { status, out, excel } => {
            export(ws, &store, status, out.as_deref(), excel)
        }
        Subscribers::List {
            status,
            interest,
            json,
        } => list(ws, &store, status, interest.as_deref(), json),
        Subscribers::Show { address, new_link } => show(ws, &mut store, &address, new_link),
        Subscribers::Stats => stats(ws, &store),
        Subscribers::Remove { address } => remove(&mut store, &address),
        Subscribers::Forget { address, yes } => forget(ws, &mut store, &address, yes),
        Subscribers::Prune { dry_run } => prune(ws, &mut store, dry_run),
        Subscribers::Resume => resume(ws, store),
    }
}

fn address(text: &str) -> anyhow::Result<Address> {
    Address::parse(text).with_context(|| format!("{text:?}"))
}

fn add(
    ws: &Workspace,
    store: Store,
    text: &str,
    name: Option<&str>,
    lang: Option<Lang>,
    no_mail: bool,
) -> anyhow::Result<ExitCode> {
    let address = address(text)?;
    if let Some(name) = name {
        subscriber_csv::check_name(name)?;
    }
    let key = super::load_key(ws)?;
    let optin = OptIn::new(ws, key, std::sync::Arc::new(std::sync::Mutex::new(store)));
    let lang = lang.unwrap_or(ws.config.site.default_lang());
    let origin = Origin::new(Source::Cli);
    let outcome = super::block_on(async {
        let outcome = optin
            .subscribe(&address, name, lang, &origin, !no_mail)
            .await;
        optin.close().await;
        outcome
    })?;
    let address = address.to_string();
    match outcome {
        Ok(Outcome::NotMailed { confirm_url, .. }) => {
            out!("{}", t!("subscribers-confirm-link", url = confirm_url));
        }
        Ok(Outcome::Mailed { .. }) => {
            note!("{}", t!("subscribers-pending-mailed", address = address));
        }
        Ok(Outcome::CoolingDown(subscriber)) => note!(
            "{}",
            t!(
                "subscribers-cooling-down",
                address = address,
                when = subscriber
                    .confirmation_sent_at
                    .map(|at| zoned(ws, at))
                    .unwrap_or_default(),
                minutes = ws.config.subscribers.cooldown_minutes
            )
        ),
        Ok(Outcome::AlreadyConfirmed(_)) => {
            note!("{}", t!("subscribers-already-confirmed", address = address));
        }
        Ok(Outcome::Suppressed) => bail!(t!("subscribers-suppressed", address = address)),
        Err(e @ OptInError::NotSent { .. }) => {
            bail!("{e}\n{}", t!("subscribers-mail-failed", address = address))
        }
        Err(OptInError::Store(e)) => return Err(e.into()),
    }
    Ok(ExitCode::SUCCESS)
}

fn import(
    ws: &Workspace,
    mut store: Store,
    file: &std::path::Path,
    strict: bool,
    consent: Option<&str>,
    no_mail: bool,
) -> anyhow::Result<ExitCode> {
    let limits = subscriber_csv::Limits {
        line_bytes: ws.config.subscribers.import_max_line_bytes,
        file_bytes: ws.config.subscribers.import_max_file_bytes,
    };
    // The whole file is checked (limits, encoding, header) before a row is
    // read; then its rows are read and written a slice at a time, so a
    // list of millions takes no more memory than one of hundreds.
    let list = subscriber_csv::open(file, limits)?;
    let spoken = &ws.config.site.languages;
    let shown = file.display().to_string();
    let invalid = std::cell::Cell::new(0u64);
    let report = |line: u64, reason: &subscriber_csv::BadRow| {
        invalid.set(invalid.get() + 1);
        complain!(
            "{}",
            t!(
                "subscribers-invalid-row",
                file = shown.as_str(),
                line = line,
                reason = reason.to_string()
            )
        );
    };
    if strict {
        // All or nothing: every row is read and checked before one is written.
        for line in list.rows()?.keep_languages(spoken) {
            if let Err((line, reason)) = line? {
                report(line, &reason);
            }
        }
        if invalid.get() > 0 {
            bail!(t!("subscribers-strict-refused", count = invalid.get()));
        }
    }
    if let Some(consent) = consent
        && consent.trim().is_empty()
    {
        bail!(t!("subscribers-consent-empty"));
    }
    // The consent text is logged with every row and shown by `show`.
    if let Some(c) = consent.and_then(rundbrief::name::first_control) {
        bail!(t!(
            "subscribers-consent-control",
            char = format!("U+{:04X}", u32::from(c))
        ));
    }
    let rows = list
        .rows()?
        .keep_languages(spoken)
        .filter_map(|line| match line {
            Ok(Ok(row)) => Some(Ok(row)),
            Ok(Err((line, reason))) => {
                report(line, &reason);
                // The file changed since it was checked row by row.
                strict.then(|| {
                    Err(anyhow::anyhow!(t!(
                        "subscribers-strict-refused",
                        count = invalid.get()
                    )))
                })
            }
            Err(e) => Some(Err(e.into())),
        });
    let key = super::load_key(ws)?;
    let options = ImportOptions {
        default_lang: ws.config.site.default_lang(),
        consent,
        policy: &optin::policy(&ws.config.subscribers),
        now: rundbrief::store::now(),
        handed_out: no_mail,
    };
    let public_url = ws.config.site.public_url();
    let counts = store.import_each(&key, rows, &options, |imported| {
        let (message, line, address) = match imported {
            Imported::Added {
                subscriber,
                token: Some(token),
                ..
            } if no_mail => {
                note!(
                    "{}\t{}",
                    subscriber.address,
                    confirm_url(public_url, &token)
                );
                return Ok(());
            }
            Imported::Added { .. } => return Ok(()),
            Imported::Present { line, address } => ("subscribers-present-row", line, address),
            Imported::Suppressed { line, address } => ("subscribers-suppressed-row", line, address),
        };
        let args = rundbrief::locale::args([
            ("file", shown.clone()),
            ("line", line.to_string()),
            ("address", address.to_string()),
        ]);
        complain!("{}", ui().format(message, &args));
        anyhow::Ok(())
    })?;
    note!(
        "{}",
        t!(
            "subscribers-import-summary",
            added = counts.added,
            present = counts.present,
            invalid = invalid.get(),
            suppressed = counts.suppressed
        )
    );
    if no_mail {
        return Ok(ExitCode::SUCCESS);
    }
    let mailed = mail_due(ws, store, key)?;
    Ok(due_exit(&mailed))
}

/// `subscribers resume`: mails the confirmations an import (or a failed
/// sign-up mail) left due.
fn resume(ws: &Workspace, store: Store) -> anyhow::Result<ExitCode> {
    let key: SecretKey = super::load_key(ws)?;
    let summary = mail_due(ws, store, key)?;
    Ok(due_exit(&summary))
}

/// Done when every due confirmation went out or bounced (bounces are
/// reported, and the rows stored); mails left for later exit 75
/// (EX_TEMPFAIL), as a send with deferred rows does.
fn due_exit(summary: &optin::DueSummary) -> ExitCode {
    if summary.still_due() > 0 {
        ExitCode::from(75)
    } else {
        ExitCode::SUCCESS
    }
}

/// Mails every due confirmation over the pooled, throttled path, with a
/// progress bar on a terminal, and says how it went.
fn mail_due(ws: &Workspace, store: Store, key: SecretKey) -> anyhow::Result<optin::DueSummary> {
    use std::io::IsTerminal;
    let optin = std::sync::Arc::new(OptIn::new(
        ws,
        key,
        std::sync::Arc::new(std::sync::Mutex::new(store)),
    ));
    let bar = (std::io::stderr().is_terminal() && !super::quiet()).then(|| {
        // Its length comes with the first mail: how many are due is
        // read once, by the mailing itself.
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len}  {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar.set_message(t!("subscribers-mailing-confirmations"));
        bar
    });
    let shown = bar.clone();
    let started = std::time::Instant::now();
    let summary = super::block_on(async move {
        let origin = Origin::new(Source::Import);
        let summary = optin
            .mail_due(&origin, move |progress| {
                if let Some(bar) = &shown {
                    bar.set_length(progress.total as u64);
                    bar.set_position(progress.done as u64);
                }
            })
            .await;
        optin.close().await;
        summary
    })??;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if summary.nothing_was_due() {
        return Ok(summary);
    }
    if let Some(reason) = &summary.unreachable {
        complain!("{reason}");
    }
    for (address, reply) in &summary.bounced {
        complain!(
            "{}",
            t!(
                "subscribers-confirmation-bounced",
                address = address.as_str(),
                reply = reply.as_str()
            )
        );
    }
    for (address, reason) in &summary.left {
        complain!(
            "{}",
            t!(
                "subscribers-confirmation-left",
                address = address.as_str(),
                reason = reason.as_str()
            )
        );
    }
    note!(
        "{}",
        t!(
            "subscribers-confirmations-summary",
            sent = summary.sent,
            bounced = summary.bounced.len(),
            due = summary.still_due(),
            duration = ui().duration(started.elapsed())
        )
    );
    if summary.still_due() > 0 {
        complain!(
            "{}",
            t!(
                "subscribers-confirmations-resume",
                count = summary.still_due()
            )
        );
    }
    Ok(summary)
}

fn export(
    ws: &Workspace,
    store: &Store,
    status: Option<Status>,
    out: Option<&std::path::Path>,
    excel: bool,
) -> anyhow::Result<ExitCode> {
    let mut count = 0u64;
    let mut write_all = |sink: &mut dyn Write| -> anyhow::Result<()> {
        if excel {
            let mut writer = subscriber_csv::excel_writer(sink)?;
            store.each_subscriber(status, None, |subscriber| -> anyhow::Result<()> {
                let parts = store.name_parts(&subscriber)?;
                subscriber_csv::write_excel_row(
                    &mut writer,
                    &subscriber,
                    parts.as_ref(),
                    ws.config.site.timezone,
                )?;
                count += 1;
                Ok(())
            })?;
            writer.flush()?;
            return Ok(());
        }
        let mut writer = subscriber_csv::writer(sink)?;
        store.each_subscriber(status, None, |subscriber| -> anyhow::Result<()> {
            subscriber_csv::write_row(&mut writer, &subscriber)?;
            count += 1;
            Ok(())
        })?;
        writer.flush()?;
        Ok(())
    };
    match out {
        None => write_all(&mut std::io::stdout().lock())?,
        Some(path) => {
            // Written aside and renamed: a failed export leaves no half file.
            rundbrief::fsx::write_atomically(path, write_all)?;
            complain!(
                "{}",
                t!(
                    "subscribers-exported",
                    file = path.display().to_string(),
                    count = count
                )
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(
    ws: &Workspace,
    store: &Store,
    status: Option<Status>,
    interest: Option<&str>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    if let Some(interest) = interest
        && !ws
            .config
            .vocabulary
            .interests()
            .any(|known| known == interest)
    {
        let known: Vec<&str> = ws.config.vocabulary.interests().collect();
        bail!(t!(
            "subscribers-unknown-interest",
            interest = interest,
            known = known.join(", ")
        ));
    }
    let words: Vec<(Status, String)> = Status::ALL
        .iter()
        .map(|s| (*s, state(s.as_str())))
        .collect();
    let word = |status: Status| {
        words
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(status.as_str(), |(_, word)| word.as_str())
    };
    let width = column(words.iter().map(|(_, word)| word.clone()), 13);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    store.each_subscriber(status, interest, |s| -> anyhow::Result<()> {
        let line = if json {
            serde_json::json!({
                "email": s.address,
                "name": s.name,
                "language": s.lang.code(),
                "status": s.status.as_str(),
                "created": s.created_at.to_rfc3339(),
                "confirmed": s.confirmed_at.map(|at| at.to_rfc3339()),
                "unsubscribed": s.unsubscribed_at.map(|at| at.to_rfc3339()),
            })
            .to_string()
        } else {
            format!(
                "{:<40} {:<width$} {}  {}  {}",
                s.address,
                word(s.status),
                s.lang,
                zoned(ws, s.created_at),
                escape_controls(s.name.as_deref().unwrap_or(""))
            )
        };
        writeln!(out, "{line}")?;
        Ok(())
    })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn show(ws: &Workspace, store: &mut Store, text: &str, new_link: bool) -> anyhow::Result<ExitCode> {
    let address = address(text)?;
    let Some(s) = store.find(address.canonical())? else {
        bail!(t!("subscribers-not-on-list", address = address.to_string()));
    };
    out!("{}", s.address);
    let field = |label: String, value: String| {
        out!("  {label:<14} {value}");
    };
    if let Some(name) = &s.name {
        field(
            t!("subscribers-field-name"),
            escape_controls(name).into_owned(),
        );
    }
    field(t!("subscribers-field-status"), state(s.status.as_str()));
    field(t!("subscribers-field-language"), s.lang.to_string());
    field(t!("subscribers-field-created"), zoned(ws, s.created_at));
    if let Some(at) = s.confirmed_at {
        field(t!("subscribers-field-confirmed"), zoned(ws, at));
    }
    if let Some(at) = s.unsubscribed_at {
        field(t!("subscribers-field-unsubscribed"), zoned(ws, at));
    }
    let interests = store.interests(s.id)?;
    field(
        t!("subscribers-field-interests"),
        if interests.is_empty() {
            t!("subscribers-interests-everything")
        } else {
            interests.join(", ")
        },
    );
    let key = super::load_key(ws)?;
    let token = store.unsubscribe_token(&key, s.id)?;
    field(
        t!("subscribers-field-unsubscribe"),
        rundbrief::urls::unsubscribe_url(ws.config.site.public_url(), &token),
    );
    // A reader who lost the link, or whose link went where it should not,
    // gets a new one by phone or mail: the old one stops working.
    let token = if new_link {
        store.renew_preferences_token(
            &key,
            s.id,
            &Origin::new(Source::Cli),
            rundbrief::store::now(),
        )?
    } else {
        store.preferences_token(&key, s.id)?
    };
    field(
        t!("subscribers-field-preferences"),
        rundbrief::urls::preferences_url(ws.config.site.public_url(), &token),
    );
    out!("{}", t!("subscribers-consent-history"));
    let history = store.history(s.id)?;
    let kind_width = column(history.iter().map(|e| word("event", e.kind.as_str())), 18);
    let source_width = column(
        history.iter().map(|e| word("source", e.source.as_str())),
        10,
    );
    // Summer and winter time name their zones with words of different length.
    let when_width = column(history.iter().map(|event| zoned(ws, event.at)), 0);
    for event in history {
        let mut line = format!(
            "  {:<when_width$} {:<kind_width$} {:<source_width$}",
            zoned(ws, event.at),
            word("event", event.kind.as_str()),
            word("source", event.source.as_str())
        );
        if let Some(ip) = &event.ip {
            line.push_str(&format!(" IP {ip}"));
        }
        if let Some(version) = &event.consent_version {
            line.push_str(&format!(
                " {}",
                t!("subscribers-consent-text", version = version.clone())
            ));
        }
        if let Some(ua) = &event.user_agent {
            line.push_str(&format!(" \"{}\"", escape_controls(ua)));
        }
        if let Some(detail) = &event.detail {
            line.push_str(&format!(" — {}", escape_controls(detail)));
        }
        out!("{line}");
    }
    // Temporary failures and auto-replies change no state, so the consent
    // history does not show them; the staff sees them here.
    let returns = store.returns_of_subscriber(s.id)?;
    if !returns.is_empty() {
        out!("{}", t!("status-returns"));
        for row in returns {
            out!(
                "  {}  {}  {}  {}",
                zoned(ws, row.at),
                word("verdict", row.kind.as_str()),
                escape_controls(row.mail.as_deref().unwrap_or("")),
                escape_controls(row.detail.as_deref().unwrap_or(""))
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(ws: &Workspace, store: &Store) -> anyhow::Result<ExitCode> {
    let stats = store.stats()?;
    let width = column(
        Status::ALL
            .iter()
            .map(|s| state(s.as_str()))
            .chain([t!("subscribers-total")]),
        13,
    );
    for status in Status::ALL {
        let per_lang: Vec<String> = stats
            .rows
            .iter()
            .filter(|(s, _, _)| s == status)
            .map(|(_, lang, n)| format!("{lang} {n}"))
            .collect();
        out!(
            "{:<width$} {:>8}   {}",
            state(status.as_str()),
            stats.count(*status),
            per_lang.join(", ")
        );
    }
    out!("{:<width$} {:>8}", t!("subscribers-total"), stats.total());
    // Who chose what, among the confirmed: how large an audience would be.
    let counts = store.interest_counts()?;
    if counts.iter().any(|(interest, _)| interest.is_some()) {
        out!("{}", t!("subscribers-by-interest"));
        let vocabulary = &ws.config.vocabulary;
        let width = column(
            vocabulary
                .interests()
                .map(|i| vocabulary.label(i).to_string())
                .chain([t!("subscribers-interests-everything")]),
            13,
        );
        for (interest, n) in counts {
            let label = match &interest {
                Some(interest) => vocabulary.label(interest).to_string(),
                None => t!("subscribers-interests-everything"),
            };
            out!("  {label:<width$} {n:>8}");
        }
    }
    // Who was erased is gone; that it happened, and how often, is not.
    let mut erased: std::collections::BTreeMap<ErasureReason, u64> =
        std::collections::BTreeMap::new();
    for erasure in store.erasures()? {
        *erased.entry(erasure.reason).or_default() += erasure.count;
    }
    if !erased.is_empty() {
        out!("{}", t!("subscribers-erasures"));
        for (reason, count) in erased {
            out!(
                "  {:<width$} {:>8}",
                word("erasure", reason.as_str()),
                count
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn remove(store: &mut Store, text: &str) -> anyhow::Result<ExitCode> {
    let address = address(text)?;
    match store.unsubscribe(&address, &Origin::new(Source::Cli), rundbrief::store::now())? {
        Unsubscribed::Now(_) => note!(
            "{}",
            t!("subscribers-removed", address = address.to_string())
        ),
        Unsubscribed::Already(_) => note!(
            "{}",
            t!("subscribers-removed-already", address = address.to_string())
        ),
        Unsubscribed::Unknown => {
            bail!(t!("subscribers-not-on-list", address = address.to_string()))
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn forget(ws: &Workspace, store: &mut Store, text: &str, yes: bool) -> anyhow::Result<ExitCode> {
    let address = address(text)?;
    if !yes {
        let shown = address.to_string();
        super::confirm(
            &t!("subscribers-forget-confirm", address = shown.as_str()),
            &t!("subscribers-forget-needs-yes"),
            &t!("subscribers-not-forgotten", address = shown.as_str()),
        )?;
    }
    let key: SecretKey = super::load_key(ws)?;
    let found = store.forget(&key, &address, rundbrief::store::now())?;
    let address = address.to_string();
    note!(
        "{}",
        if found {
            t!("subscribers-forgotten", address = address)
        } else {
            t!("subscribers-forgotten-unknown", address = address)
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// Erases the sign-ups left unconfirmed longer than `[subscribers]
/// pending_days`, as `serve` does every hour.
fn prune(ws: &Workspace, store: &mut Store, dry_run: bool) -> anyhow::Result<ExitCode> {
    let days = ws.config.subscribers.pending_days;
    let now = rundbrief::store::now();
    let Some(cutoff) = ws.config.subscribers.pending_cutoff(now) else {
        note!("{}", t!("subscribers-prune-off"));
        return Ok(ExitCode::SUCCESS);
    };
    if dry_run {
        let count = store.count_expired_pending(cutoff)?;
        out!(
            "{}",
            t!("subscribers-prune-would", count = count, days = days)
        );
    } else {
        let count = store.prune_pending(cutoff, now)?;
        note!("{}", t!("subscribers-pruned", count = count, days = days));
    }
    Ok(ExitCode::SUCCESS)
}
