//! `rundbrief inbox [--maildir DIR] [--dry-run]`: reads the return mailbox
//! once, acts on the bounces, complaints and mailed unsubscribes in it, and
//! says what each mail was.

use std::path::Path;
use std::process::ExitCode;

use rundbrief::Workspace;
use rundbrief::mail::inbox::Letter;
use rundbrief::returns::{self, Judgement, Summary, Verdict};
use rundbrief::store::Effect;
use rundbrief::t;

use super::{note, out, state, word};

/// Some mails could not be read or filed: run again later.
const TEMPFAIL: u8 = 75;

pub(super) fn run(
    ws: &Workspace,
    maildir: Option<&Path>,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    let key = super::load_key(ws)?;
    let mut store = super::open_store(ws)?;
    let summary = super::block_on(async {
        let mut inbox = returns::open_inbox(ws, maildir).await?;
        note!("{}", t!("inbox-reading", inbox = inbox.to_string()));
        let summary = returns::process(
            ws,
            &mut store,
            &key,
            &mut inbox,
            dry_run,
            |letter, judgement, effect| {
                note!("{}", line(letter, judgement, effect, dry_run));
            },
        )
        .await;
        inbox.close().await;
        anyhow::Ok(summary?)
    })??;
    print_summary(&summary, dry_run);
    Ok(if summary.failed > 0 {
        ExitCode::from(TEMPFAIL)
    } else {
        ExitCode::SUCCESS
    })
}

/// One mail: what it was, whom it names, and what became of it.
fn line(letter: &Letter, judgement: &Judgement, effect: Option<&Effect>, dry_run: bool) -> String {
    let verdict = word("verdict", judgement.verdict.code());
    let who = judgement.address.as_deref().unwrap_or("—");
    let status = judgement
        .returned
        .as_ref()
        .and_then(|r| r.status.as_deref())
        .map(|s| format!(" {s}"))
        .unwrap_or_default();
    let outcome = match (effect, &judgement.returned) {
        (Some(Effect::Changed { from, to }), _) => t!(
            "inbox-changed",
            from = state(from.as_str()),
            to = state(to.as_str())
        ),
        (Some(Effect::Counted { sends }), _) => t!("inbox-counted", sends = *sends),
        (Some(Effect::Recorded), _) => t!("inbox-unchanged"),
        (None, None) => t!("inbox-left-alone"),
        (None, Some(returned)) if dry_run => match returned.kind.target() {
            Some(to) => t!("inbox-would", to = state(to.as_str())),
            None => t!("inbox-dry"),
        },
        // Judged in an earlier run: `process` does not act twice.
        (Some(Effect::AlreadyProcessed), _) | (None, Some(_)) => t!("inbox-already"),
    };
    format!(
        "  {letter_id}  {verdict}{status}  {who}  {outcome}",
        letter_id = letter.id
    )
}

fn print_summary(summary: &Summary, dry_run: bool) {
    let count = |verdict| summary.count(verdict);
    out!(
        "{}",
        t!(
            "inbox-summary",
            read = summary.read(),
            changed = summary.changed,
            bounces = count(Verdict::Bounce),
            soft = count(Verdict::SoftBounce),
            complaints = count(Verdict::Complaint),
            unsubscribes = count(Verdict::Unsubscribe),
            replies = count(Verdict::AutoReply) + count(Verdict::Delay),
            unmatched = count(Verdict::Unmatched),
            personal = count(Verdict::NotUnderstood),
            already = summary.already,
        )
    );
    if summary.failed > 0 {
        out!("{}", t!("inbox-failed", count = summary.failed));
    }
    if dry_run {
        out!("{}", t!("inbox-dry-run"));
    }
}
