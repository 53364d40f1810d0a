//! `rundbrief subscribers …`: the staff's side of the subscriber list.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};
use rundbrief::Workspace;
use rundbrief::address::Address;
use rundbrief::i18n::{Lang, UiLang, tr, ui};
use rundbrief::secret::SecretKey;
use rundbrief::store::{
    Origin, Policy, Request, Requested, Source, Status, Store, Subscriber, Unsubscribed,
};
use rundbrief::subscriber_csv;
use rundbrief::subscription::{self, ConfirmationMailer};

use super::note;
use crate::cli::Subscribers;

pub fn run(ws: &Workspace, command: Subscribers) -> anyhow::Result<ExitCode> {
    let mut store = super::open_store(ws)?;
    match command {
        Subscribers::Add {
            address,
            name,
            lang,
            no_mail,
        } => add(ws, &mut store, &address, name.as_deref(), lang, no_mail),
        Subscribers::Import {
            file,
            strict,
            consent,
            no_mail,
        } => import(ws, &mut store, &file, strict, consent.as_deref(), no_mail),
        Subscribers::Export { status, out } => export(&store, status, out.as_deref()),
        Subscribers::List { status, json } => list(&store, status, json),
        Subscribers::Show { address } => show(ws, &store, &address),
        Subscribers::Stats => stats(&store),
        Subscribers::Remove { address } => remove(&mut store, &address),
        Subscribers::Forget { address } => forget(ws, &mut store, &address),
    }
}

fn address(text: &str) -> anyhow::Result<Address> {
    Address::parse(text).with_context(|| format!("{text:?}"))
}

/// A point in time as the UI language writes it, in local time.
fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    ui().date_time(at.with_timezone(&chrono::Local).naive_local())
}

fn add(
    ws: &Workspace,
    store: &mut Store,
    text: &str,
    name: Option<&str>,
    lang: Option<Lang>,
    no_mail: bool,
) -> anyhow::Result<ExitCode> {
    let address = address(text)?;
    if let Some(name) = name {
        subscriber_csv::check_name(name).map_err(anyhow::Error::msg)?;
    }
    let key = super::load_key(ws)?;
    let origin = Origin::new(Source::Cli);
    let request = Request {
        address: &address,
        name,
        lang: lang.unwrap_or(ws.config.site.default_lang()),
        origin: &origin,
    };
    let policy = Policy::from_config(&ws.config.subscribers);
    let now = rundbrief::store::now();
    match store.request(&key, &request, &policy, now)? {
        Requested::Mail { subscriber, token } => {
            if no_mail {
                println!(
                    "{} {}",
                    tr("Bestätigungslink:", "confirmation link:"),
                    subscription::confirm_url(ws, &token)
                );
                return Ok(ExitCode::SUCCESS);
            }
            let mut mailer = ConfirmationMailer::new(ws);
            let sent = super::block_on(async {
                let message = mailer.message(&subscriber, &token, Source::Cli, None, now)?;
                let reply = mailer.send(&message).await;
                mailer.close().await;
                reply
            })?;
            match sent {
                Ok(reply) => {
                    store.confirmation_sent(
                        subscriber.id,
                        &origin,
                        &reply,
                        rundbrief::store::now(),
                    )?;
                    note!(
                        "{}",
                        match ui() {
                            UiLang::De => format!(
                                "{address}: wartet auf Bestätigung; die Bestätigungsmail ist verschickt"
                            ),
                            UiLang::En =>
                                format!("{address}: pending; the confirmation mail is sent"),
                        }
                    );
                }
                Err(e) => {
                    store.confirmation_failed(subscriber.id)?;
                    bail!(
                        "{e}\n{}",
                        match ui() {
                            UiLang::De => format!(
                                "{address} bleibt vorgemerkt (pending); `rundbrief subscribers add {address}` versucht es erneut"
                            ),
                            UiLang::En => format!(
                                "{address} stays pending; `rundbrief subscribers add {address}` tries again"
                            ),
                        }
                    );
                }
            }
        }
        Requested::CoolingDown(subscriber) => note!(
            "{}",
            match ui() {
                UiLang::De => format!(
                    "{address}: wartet auf Bestätigung; die letzte Bestätigungsmail ging am {} hinaus, eine weitere folgt frühestens {} Minuten danach",
                    subscriber
                        .confirmation_sent_at
                        .map(when)
                        .unwrap_or_default(),
                    ws.config.subscribers.cooldown_minutes
                ),
                UiLang::En => format!(
                    "{address}: pending; the last confirmation mail went out on {}, another follows {} minutes after that at the earliest",
                    subscriber
                        .confirmation_sent_at
                        .map(when)
                        .unwrap_or_default(),
                    ws.config.subscribers.cooldown_minutes
                ),
            }
        ),
        Requested::AlreadyConfirmed(_) => note!(
            "{}",
            match ui() {
                UiLang::De => format!("{address} ist bereits angemeldet und bestätigt; keine Mail"),
                UiLang::En => format!("{address} is subscribed and confirmed already; no mail"),
            }
        ),
        Requested::Suppressed => bail!(match ui() {
            UiLang::De => format!(
                "{address} wurde auf eigenen Wunsch gelöscht und steht auf der Sperrliste; nur die Person selbst kann sich über das Formular wieder anmelden"
            ),
            UiLang::En => format!(
                "{address} was erased at their request and is on the suppression list; only they themselves can subscribe again, through the form"
            ),
        }),
    }
    Ok(ExitCode::SUCCESS)
}

fn import(
    ws: &Workspace,
    store: &mut Store,
    file: &std::path::Path,
    strict: bool,
    consent: Option<&str>,
    no_mail: bool,
) -> anyhow::Result<ExitCode> {
    let mut parsed = subscriber_csv::read(file)?;
    parsed.keep_languages(&ws.config.site.languages);
    let shown = file.display();
    for (line, reason) in &parsed.invalid {
        eprintln!("{shown}:{line}: {}: {reason}", tr("ungültig", "invalid"));
    }
    if strict && !parsed.invalid.is_empty() {
        bail!(match ui() {
            UiLang::De => format!(
                "{} ungültige Zeile(n); mit --strict wurde nichts importiert. Korrigieren Sie die Zeilen oder importieren Sie ohne --strict",
                parsed.invalid.len()
            ),
            UiLang::En => format!(
                "{} invalid row(s); with --strict nothing was imported. Fix the rows, or import without --strict",
                parsed.invalid.len()
            ),
        });
    }
    if let Some(consent) = consent
        && consent.trim().is_empty()
    {
        bail!(tr(
            "--consent braucht einen Text: wie und wann die Einwilligung eingeholt wurde",
            "--consent needs a text: how and when consent was obtained"
        ));
    }
    let key = super::load_key(ws)?;
    let policy = Policy::from_config(&ws.config.subscribers);
    let now = rundbrief::store::now();
    let summary = store.import(
        &key,
        &parsed.rows,
        ws.config.site.default_lang(),
        consent,
        &policy,
        now,
    )?;
    for (line, address) in &summary.present {
        eprintln!(
            "{shown}:{line}: {address}: {}",
            tr("schon vorhanden, übersprungen", "already present, skipped")
        );
    }
    for (line, address) in &summary.suppressed {
        eprintln!(
            "{shown}:{line}: {address}: {}",
            tr(
                "auf der Sperrliste (auf eigenen Wunsch gelöscht), abgelehnt",
                "on the suppression list (erased at their request), refused"
            )
        );
    }
    let to_confirm: Vec<_> = summary
        .added
        .iter()
        .filter_map(|(_, subscriber, token)| token.as_ref().map(|token| (subscriber, token)))
        .collect();
    let mut failed = 0;
    if no_mail {
        for (subscriber, token) in &to_confirm {
            note!(
                "{}\t{}",
                subscriber.address,
                subscription::confirm_url(ws, token)
            );
        }
    } else if !to_confirm.is_empty() {
        failed = mail_confirmations(ws, store, &to_confirm, now)?;
    }
    note!(
        "{}",
        match ui() {
            UiLang::De => format!(
                "neu: {}, schon vorhanden: {}, ungültig: {}, gesperrt: {}",
                summary.added.len(),
                summary.present.len(),
                parsed.invalid.len(),
                summary.suppressed.len()
            ),
            UiLang::En => format!(
                "added: {}, already present: {}, invalid: {}, suppressed: {}",
                summary.added.len(),
                summary.present.len(),
                parsed.invalid.len(),
                summary.suppressed.len()
            ),
        }
    );
    if failed > 0 {
        eprintln!(
            "{}",
            match ui() {
                UiLang::De => format!(
                    "{failed} Bestätigungsmail(s) konnten nicht verschickt werden; die Adressen bleiben vorgemerkt, `rundbrief subscribers add ADRESSE` versucht es erneut"
                ),
                UiLang::En => format!(
                    "{failed} confirmation mail(s) could not be sent; the addresses stay pending, `rundbrief subscribers add ADDRESS` tries again"
                ),
            }
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Mails the confirmation of each imported address over one connection;
/// returns how many could not be sent. An unreachable server stops at once.
fn mail_confirmations(
    ws: &Workspace,
    store: &Store,
    pending: &[(&Subscriber, &rundbrief::store::Token)],
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<usize> {
    let origin = Origin::new(Source::Import);
    let mut mailer = ConfirmationMailer::new(ws);
    super::block_on(async {
        let mut failed = 0;
        for (index, (subscriber, token)) in pending.iter().enumerate() {
            let message = mailer.message(subscriber, token, Source::Import, None, now)?;
            match mailer.send(&message).await {
                Ok(reply) => store.confirmation_sent(
                    subscriber.id,
                    &origin,
                    &reply,
                    rundbrief::store::now(),
                )?,
                Err(e) => {
                    eprintln!("{}: {e}", subscriber.address);
                    store.confirmation_failed(subscriber.id)?;
                    failed += 1;
                    if matches!(&e, subscription::MailError::Smtp(smtp) if smtp.is_fatal()) {
                        for (rest, _) in &pending[index + 1..] {
                            store.confirmation_failed(rest.id)?;
                        }
                        failed += pending.len() - index - 1;
                        break;
                    }
                }
            }
        }
        mailer.close().await;
        Ok(failed)
    })?
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
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let mut staged =
                tempfile::NamedTempFile::new_in(dir).with_context(|| dir.display().to_string())?;
            write_all(&mut std::io::BufWriter::new(staged.as_file_mut()))?;
            staged
                .persist(path)
                .with_context(|| path.display().to_string())?;
            eprintln!("{}: {count} {}", path.display(), tr("Zeilen", "rows"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn list(store: &Store, status: Option<Status>, json: bool) -> anyhow::Result<ExitCode> {
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
                "{:<40} {:<13} {}  {}  {}",
                s.address,
                s.status,
                s.lang,
                when(s.created_at),
                s.name.as_deref().unwrap_or("")
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
        bail!(match ui() {
            UiLang::De => format!("{address} ist nicht in der Liste"),
            UiLang::En => format!("{address} is not on the list"),
        });
    };
    let german = ui() == UiLang::De;
    println!("{}", s.address);
    let field = |de: &str, en: &str, value: String| {
        println!("  {:<14} {value}", if german { de } else { en });
    };
    if let Some(name) = &s.name {
        field("Name:", "name:", name.clone());
    }
    field("Status:", "status:", s.status.to_string());
    field("Sprache:", "language:", s.lang.to_string());
    field("angelegt:", "created:", when(s.created_at));
    if let Some(at) = s.confirmed_at {
        field("bestätigt:", "confirmed:", when(at));
    }
    if let Some(at) = s.unsubscribed_at {
        field("abgemeldet:", "unsubscribed:", when(at));
    }
    let token = store.unsubscribe_token(&super::load_key(ws)?, s.id)?;
    field(
        "Abmeldelink:",
        "unsubscribe:",
        subscription::unsubscribe_url(ws, &token),
    );
    println!("{}", tr("Einwilligungsprotokoll:", "consent history:"));
    for event in store.history(s.id)? {
        let mut line = format!(
            "  {}  {:<18} {:<10}",
            when(event.at),
            event.kind,
            event.source
        );
        if let Some(ip) = &event.ip {
            line.push_str(&format!(" IP {ip}"));
        }
        if let Some(version) = &event.consent_version {
            line.push_str(&format!(
                " {} {version}",
                tr("Einwilligungstext", "consent text")
            ));
        }
        if let Some(ua) = &event.user_agent {
            line.push_str(&format!(" \"{ua}\""));
        }
        if let Some(detail) = &event.detail {
            line.push_str(&format!(" — {detail}"));
        }
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(store: &Store) -> anyhow::Result<ExitCode> {
    let stats = store.stats()?;
    for status in Status::ALL {
        let per_lang: Vec<String> = stats
            .rows
            .iter()
            .filter(|(s, _, _)| s == status)
            .map(|(_, lang, n)| format!("{lang} {n}"))
            .collect();
        println!(
            "{:<13} {:>8}   {}",
            status.as_str(),
            stats.count(*status),
            per_lang.join(", ")
        );
    }
    println!("{:<13} {:>8}", tr("gesamt", "total"), stats.total());
    Ok(ExitCode::SUCCESS)
}

fn remove(store: &mut Store, text: &str) -> anyhow::Result<ExitCode> {
    let address = address(text)?;
    match store.unsubscribe(&address, &Origin::new(Source::Cli), rundbrief::store::now())? {
        Unsubscribed::Now(_) => note!(
            "{}",
            match ui() {
                UiLang::De => format!("{address} ist abgemeldet"),
                UiLang::En => format!("{address} is unsubscribed"),
            }
        ),
        Unsubscribed::Already(_) => note!(
            "{}",
            match ui() {
                UiLang::De => format!("{address} war schon abgemeldet"),
                UiLang::En => format!("{address} was unsubscribed already"),
            }
        ),
        Unsubscribed::Unknown => bail!(match ui() {
            UiLang::De => format!("{address} ist nicht in der Liste"),
            UiLang::En => format!("{address} is not on the list"),
        }),
    }
    Ok(ExitCode::SUCCESS)
}

fn forget(ws: &Workspace, store: &mut Store, text: &str) -> anyhow::Result<ExitCode> {
    let address = address(text)?;
    let key: SecretKey = super::load_key(ws)?;
    let found = store.forget(&key, &address, rundbrief::store::now())?;
    note!(
        "{}",
        match (ui(), found) {
            (UiLang::De, true) => format!(
                "{address} ist mit allen Daten und dem Protokoll gelöscht; ein Schlüssel-Hash auf der Sperrliste verhindert einen erneuten Import"
            ),
            (UiLang::En, true) => format!(
                "{address} is erased with all its data and history; a keyed hash on the suppression list keeps any import from bringing it back"
            ),
            (UiLang::De, false) => format!(
                "{address} war nicht in der Liste; die Adresse steht nun auf der Sperrliste"
            ),
            (UiLang::En, false) =>
                format!("{address} was not on the list; it is on the suppression list now"),
        }
    );
    Ok(ExitCode::SUCCESS)
}
