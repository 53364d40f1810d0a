//! `rundbrief status [ISSUE]`: how the send of an issue stands.

use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::i18n::{UiLang, tr, ui};
use rundbrief::store::DeliveryState;

pub fn run(ws: &Workspace, issue: Option<&str>) -> anyhow::Result<ExitCode> {
    let id = ws.pick_issue(issue)?;
    let store = super::open_store(ws)?;
    let report = store.send_report(&id.to_string())?;
    let lang = ui();
    let Some(frozen_at) = report.frozen_at else {
        println!(
            "{}",
            match lang {
                UiLang::De => format!(
                    "{id} wurde noch nicht verschickt; `rundbrief send {id} --dry-run` zeigt, was geschähe"
                ),
                UiLang::En => format!(
                    "{id} has not been sent yet; `rundbrief send {id} --dry-run` shows what would happen"
                ),
            }
        );
        return Ok(ExitCode::SUCCESS);
    };
    let when = lang.date_time(frozen_at.with_timezone(&chrono::Local).naive_local());
    println!(
        "{}",
        match lang {
            UiLang::De => format!("{id}: {} Empfänger, festgehalten am {when}", report.total()),
            UiLang::En => format!("{id}: {} recipients, frozen on {when}", report.total()),
        }
    );
    for state in DeliveryState::ALL {
        println!("  {:<20} {:>8}", state.as_str(), report.count(*state));
    }
    if let Some(rate) = report.rate() {
        println!(
            "{} {}/s",
            tr("erreichte Rate:", "rate achieved:"),
            lang.decimal(rate)
        );
    }
    if !report.replies.is_empty() {
        println!(
            "{}",
            tr(
                "häufigste Antworten des Servers:",
                "most common server replies:"
            )
        );
        for (reply, count) in &report.replies {
            println!("  {count:>6}  {reply}");
        }
    }
    if !report.permanent.is_empty() {
        println!("{}", tr("endgültig fehlgeschlagen:", "failed permanently:"));
        for (address, reply) in &report.permanent {
            println!("  {address}  {reply}");
        }
    }
    let left = report.count(DeliveryState::Queued) + report.count(DeliveryState::FailedTemporarily);
    if left > 0 {
        println!(
            "{}",
            match lang {
                UiLang::De => format!("{left} offen; `rundbrief send {id}` setzt fort"),
                UiLang::En => format!("{left} to go; `rundbrief send {id}` resumes"),
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
