### Scheduled sends (`send --at`, `send --cancel`, `status`, `serve`) and
### times in the workspace's zone. Every message here exists in de too.

## Times in a zone: how a time and its zone go together, and zone names
## as the language says them (format-zone-<abbreviation in lower case>).

format-zoned = { $time } { $zone }
format-zone-cet = CET
format-zone-cest = CEST

time-unreadable = "{ $text }" is not a time; write it as 2027-02-25 09:00 (date, then hours and minutes)
time-ambiguous = { $text } happens twice in { $zone } (the clocks go back that night); choose a time an hour earlier or later
time-nonexistent = { $text } does not happen in { $zone } (the clocks go forward that night); choose a time an hour later

config-bad-timezone = "{ $text }" is not a time zone; write its IANA name, for example "Europe/Berlin" or "America/New_York"

## send --at and --cancel

schedule-in-past = { $when } is past (it is { $now }); choose a time ahead
schedule-booked = { $issue } will be sent on { $when }
schedule-replaced = This replaces the earlier schedule ({ $state }).
schedule-needs-serve = A running `rundbrief serve` performs the send, with RUNDBRIEF_SMTP_PASSWORD in its environment; it checks the issue again first. `rundbrief send ISSUE --cancel` cancels it.
schedule-refused = { $issue } is { $state }; its schedule stays as it is
schedule-cancel-done = The send of { $issue } on { $when } is cancelled.
schedule-cancel-running = { $issue } is being sent by `serve` right now; stopping that `serve` (Ctrl-C) stops the send, `rundbrief send { $issue }` resumes it
schedule-cancel-nothing = { $issue } has no send waiting to be cancelled
schedule-settled = The schedule of { $issue } is settled: sent by hand.

## What a schedule is

schedule-state-scheduled = scheduled
schedule-state-running = being sent
schedule-state-sent = sent
schedule-state-failed = failed
schedule-state-cancelled = cancelled
schedule-state-waiting-for-staff = waiting for staff

## Why a scheduled send did not go out (kept with the schedule)

schedule-check-failed = { $issue } no longer passes `rundbrief check`: { $errors }
schedule-stopped = stopped with `serve` (Ctrl-C) after the messages in flight; `rundbrief send { $issue }` resumes
schedule-left = { $left ->
        [one] one message deferred by the server
       *[other] { $left } messages deferred by the server
    }; `rundbrief send` retries

## status

status-schedules = Scheduled sends:
schedule-what-now = It was due while no `rundbrief serve` ran and is late beyond [serve] schedule_grace: `rundbrief send { $issue }` sends it now, `rundbrief send { $issue } --at TIME` books it anew, `--cancel` drops it.

## serve

serve-schedule-waiting = Scheduled send of { $issue } on { $when } is late beyond [serve] schedule_grace; not sent, waiting for staff (`rundbrief status`).
serve-schedule-started = Scheduled send of { $issue } (due { $when }) starts.
serve-schedule-sent = Scheduled send of { $issue } done: { $sent } sent{ $left ->
        [0] {""}
       *[other] , { $left } left for a later `rundbrief send`
    }.
serve-schedule-failed = Scheduled send of { $issue } failed: { $reason }
serve-schedule-round-failed = Scheduled sends not looked at: { $problem }; trying again at the next [serve] schedule_poll.
