## `rundbrief inbox`: what came back to the return mailbox.

inbox-nowhere = no return mailbox to read: set [inbox] url = "imaps://user@host/INBOX" (or [inbox] maildir) in rundbrief.toml, or give --maildir DIR
inbox-reading = Reading { $inbox } …
inbox-changed = { $from } → { $to }
inbox-counted = counted ({ $sends ->
        [one] one send
       *[other] { $sends } sends
    } so far)
inbox-already = processed before
inbox-unchanged = no change
inbox-left-alone = left in the mailbox for you
inbox-dry = would be recorded
inbox-would = → { $to } (dry run)
inbox-summary = { $read ->
        [one] One mail read
       *[other] { $read } mails read
    }: { $changed } subscribers changed; { $bounces } bounces, { $soft } temporary failures, { $complaints } complaints, { $unsubscribes } unsubscribes by mail, { $replies } auto-replies and delays, { $unmatched } naming nobody on the list, { $personal } left for you to read, { $already } processed before.
inbox-failed = { $count ->
        [one] One mail
       *[other] { $count } mails
    } could not be read or filed; they stay for the next run.
inbox-dry-run = Dry run: neither the list nor the mailbox was changed.

verdict-bounce = bounce
verdict-soft-bounce = temporary failure
verdict-complaint = complaint
verdict-unsubscribe = unsubscribe by mail
verdict-auto-reply = auto-reply
verdict-delay = delay notice
verdict-unmatched = report naming nobody
verdict-not-understood = not a report

status-returns = What came back:
status-returns-none = Nothing came back so far (`rundbrief inbox` reads the return mailbox).

serve-inbox-read = Return mailbox: { $read } mails read, { $changed } subscribers changed, { $failed } could not be read or filed.
serve-inbox-failed = Return mailbox not read: { $error }; trying again at the next [inbox] poll.
