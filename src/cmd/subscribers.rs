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
use rundbrief::store::{EventKind, Origin, Source, Status, Store, Unsubscribed};
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
        Subscribers::Export { status, out } => export(&store, status, out.as_deref()),
        Subscribers::List { status, json } => list(ws, &store, status, json),
        Subscribers::Show { address } => show(ws, &store, &address),
        Subscribers::Stats => stats(&store),
        Subscribers::Remove { address } => remove(&mut store, &address),
        Subscribers::Forget { address, yes } => forget(ws, &mut store, &address, yes),
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
    let mut parsed = subscriber_csv::read(file, limits)?;
    parsed.keep_languages(&ws.config.site.languages);
    let shown = file.display().to_string();
    for (line, reason) in &parsed.invalid {
        complain!(
            "{}",
            t!(
                "subscribers-invalid-row",
                file = shown.as_str(),
                line = *line,
                reason = reason.to_string()
            )
        );
    }
    if strict && !parsed.invalid.is_empty() {
        bail!(t!(
            "subscribers-strict-refused",
            count = parsed.invalid.len()
        ));
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
    let key = super::load_key(ws)?;
    let summary = store.import(
        &key,
        &parsed.rows,
        ws.config.site.default_lang(),
        consent,
        &optin::policy(&ws.config.subscribers),
        rundbrief::store::now(),
    )?;
    for (message, rows) in [
        ("subscribers-present-row", &summary.present),
        ("subscribers-suppressed-row", &summary.suppressed),
    ] {
        for (line, address) in rows {
            let args = rundbrief::locale::args([
                ("file", shown.clone()),
                ("line", line.to_string()),
                ("address", address.clone()),
            ]);
            complain!("{}", ui().format(message, &args));
        }
    }
    let to_confirm: Vec<_> = summary
        .added
        .iter()
        .filter_map(|(_, subscriber, token)| {
            token
                .as_ref()
                .map(|token| (subscriber.clone(), token.clone()))
        })
        .collect();
    let mut failed = 0;
    if no_mail {
        for (subscriber, token) in &to_confirm {
            note!(
                "{}\t{}",
                subscriber.address,
                confirm_url(ws.config.site.public_url(), token)
            );
        }
    } else if !to_confirm.is_empty() {
        let optin = OptIn::new(ws, key, std::sync::Arc::new(std::sync::Mutex::new(store)));
        let origin = Origin::new(Source::Import);
        let (failures, untried) = super::block_on(async {
            let mailed = optin.mail_each(to_confirm, &origin).await;
            optin.close().await;
            mailed
        })??;
        for (address, problem) in &failures {
            complain!("{address}: {problem}");
        }
        failed = failures.len() + untried;
    }
    note!(
        "{}",
        t!(
            "subscribers-import-summary",
            added = summary.added.len(),
            present = summary.present.len(),
            invalid = parsed.invalid.len(),
            suppressed = summary.suppressed.len()
        )
    );
    if failed > 0 {
        complain!(
            "{}",
            t!("subscribers-confirmations-failed", failed = failed)
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn export(
    store: &Store,
    status: Option<Status>,
    out: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    let mut count = 0u64;
    let mut write_all = |sink: &mut dyn Write| -> anyhow::Result<()> {
        let mut writer = subscriber_csv::writer(sink)?;
        store.each_subscriber(status, |subscriber| -> anyhow::Result<()> {
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
    json: bool,
) -> anyhow::Result<ExitCode> {
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
    store.each_subscriber(status, |s| -> anyhow::Result<()> {
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

fn show(ws: &Workspace, store: &Store, text: &str) -> anyhow::Result<ExitCode> {
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
    let token = store.unsubscribe_token(&super::load_key(ws)?, s.id)?;
    field(
        t!("subscribers-field-unsubscribe"),
        rundbrief::urls::unsubscribe_url(ws.config.site.public_url(), &token),
    );
    out!("{}", t!("subscribers-consent-history"));
    let kind_width = column(EventKind::ALL.iter().map(|k| word("event", k.as_str())), 18);
    let source_width = column(Source::ALL.iter().map(|s| word("source", s.as_str())), 10);
    let history = store.history(s.id)?;
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

fn stats(store: &Store) -> anyhow::Result<ExitCode> {
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
