### The command line's own messages: progress, summaries, questions.
### Was die Kommandozeile selbst sagt: Fortschritt, Zusammenfassungen, Rückfragen.

## Every command

verbose-workspace = workspace: { $path }
verbose-took = took: { $duration }
workspace-cannot-open = cannot open the workspace
store-busy = another process has held the subscriber database for over 10 s (a running import?); nothing was changed, try again when it is done
store-read-only = the subscriber database cannot be written; check the permissions of the file and its folder
store-open-read-only = the database or its folder is not writable, check the permissions
store-open-busy = another process holds the database locked, try again in a moment
key-created = new secret key in { $path }; back it up apart from the database (without it, unsubscribe links stop working)
report-counted = { $errors ->
        [one] { $errors } error
       *[other] { $errors } errors
    }, { $warnings ->
        [one] { $warnings } warning
       *[other] { $warnings } warnings
    }

## States as `subscribers list`, `subscribers stats`, `subscribers show` and
## `status` print them, by their code.

state-pending = pending
state-confirmed = confirmed
state-unsubscribed = unsubscribed
state-bounced = bounced
state-complained = complained
state-queued = queued
state-sent = sent
state-failed-temporarily = failed-temporarily
state-failed-permanently = failed-permanently
state-skipped = skipped

## What happened to a subscriber, and through which door (`subscribers show`).

event-requested = requested
event-confirmation-sent = confirmation-sent
event-confirmed = confirmed
event-consent-imported = consent-imported
event-unsubscribed = unsubscribed
event-bounced = bounced
event-complained = complained
event-resubscribed = resubscribed
event-preferences-changed = preferences-changed
event-address-change-requested = address-change-requested
event-address-changed = address-changed
event-link-renewed = link-renewed
source-form = form
source-import = import
source-cli = cli
source-link = link
source-one-click = one-click
source-smtp = smtp
source-mail = mail
source-page = page
erasure-pending-expired = unconfirmed, expired
erasure-forgotten = forgotten by staff
erasure-erased-by-reader = erased by the reader

## init, new, build, check, preview, serve, archive

init-done = Workspace created. Next: cd { $dir } && rundbrief check — it names each placeholder of the example issue still to replace.
init-ask-name = Name of the newsletter [{ $suggestion }]:
new-created = created: { $path }
build-not-built = { $issue } was not built; out/ is unchanged
build-email-size = email HTML ({ $edition }): { $size } (Gmail clips above 102 KB)
check-clean = { $issue }: no problems found
preview-listening = Preview at http://{ $address }/_preview/{ $issue } (Ctrl-C stops)
serve-listening = rundbrief serve on http://{ $address }/subscribe (Ctrl-C stops)
archive-written = { $out }: { $issues } issues, { $entries } entries, { $files } files
archive-serving = The archive at http://{ $address }/ from { $out } (Ctrl-C stops)
archive-has-errors = { $issue } has errors; the archive was not written, { $out } is unchanged

## send

send-has-errors = { $issue } has errors and is not sent; fix them (`rundbrief check { $issue }`)
send-deliverability = deliverability:
send-sample = sample message: { $path }
send-nobody = Nobody to send to.
send-frozen = { $count } recipients frozen into the delivery journal
send-stopping = Stopping once the messages in flight are through …
send-stopped = Stopped. `rundbrief send { $issue }` resumes the send; nobody gets anything twice.
send-paused =
    Send paused: { $reason }
    Fix the cause; `rundbrief send { $issue }` resumes.
send-as-fast-as-accepted = as fast as the server accepts
# $resuming: "yes" when an earlier send froze the recipients.
send-plan = { $issue }: { $count } recipients{ $languages }{ $resuming ->
        [yes] {" "}(resuming)
       *[no] {""}
    } via { $server }, { $connections } connection(s), rate { $rate }; about { $duration }
send-audience-everyone = Audience: everyone (no [audience] in issue.toml)
send-audience = Audience: languages { $languages }; interests { $interests }{ $narrowed ->
        [yes] {" "}and readers who chose no interest
       *[no] {""}
    }
send-audience-any = any
send-audience-frozen = Audience as frozen: { $audience }
send-needs-yes = not sending without confirmation and without a terminal; add --yes
send-confirm = Send now? [y/N]
send-not-sent = not sent
send-summary = { $issue }: { $sent } sent, { $failed_temporarily } failed temporarily, { $failed_permanently } failed permanently ({ $bounced } bounced), { $skipped } skipped; { $sent } in { $duration } ({ $rate }/s)
send-retry-hint = { $count ->
        [one] One recipient was
       *[other] { $count } recipients were
    } deferred by the server (4xx); `rundbrief send { $issue }` tries them again, the first from { $when } on (exit status 75).
send-not-due = { $count ->
        [one] One deferred recipient was
       *[other] { $count } deferred recipients were
    } not tried: the next try is not due yet
# $reply: the relay's refusal; $working of $asked connections go on.
send-fewer-connections = the SMTP server takes no more connections ({ $reply }); the send goes on with { $working } of { $asked }

## status

status-not-sent = { $issue } has not been sent yet; `rundbrief send { $issue } --dry-run` shows what would happen
status-frozen = { $issue }: { $count } recipients, frozen on { $when }
status-rate = rate achieved: { $rate }/s
status-replies = most common server replies:
status-failed-permanently = failed permanently:
status-left = { $left } to go; `rundbrief send { $issue }` resumes

## subscribers

subscribers-confirm-link = confirmation link: { $url }
subscribers-pending-mailed = { $address }: pending; the confirmation mail is sent
subscribers-mail-failed = { $address } stays pending; `rundbrief subscribers add { $address }` tries again
subscribers-cooling-down = { $address }: pending; the last confirmation mail went out on { $when }, another follows { $minutes } minutes after that at the earliest
subscribers-already-confirmed = { $address } is subscribed and confirmed already; no mail
subscribers-suppressed = { $address } was erased at their request and is on the suppression list; only they themselves can subscribe again, through the form
subscribers-invalid-row = { $file }:{ $line }: invalid: { $reason }
subscribers-strict-refused = { $count } invalid row(s); with --strict nothing was imported. Fix the rows, or import without --strict
subscribers-consent-empty = --consent needs a text: how and when consent was obtained
subscribers-consent-control = the consent text (--consent) contains the control character { $char }
subscribers-present-row = { $file }:{ $line }: { $address }: already present, skipped
subscribers-suppressed-row = { $file }:{ $line }: { $address }: on the suppression list (erased at their request), refused
subscribers-import-summary = added: { $added }, already present: { $present }, invalid: { $invalid }, suppressed: { $suppressed }
subscribers-mailing-confirmations = confirmation mails
subscribers-confirmation-bounced = { $address }: refused ({ $reply }); marked bounced
subscribers-confirmation-left = { $address }: not sent for now ({ $reason })
subscribers-confirmations-summary = Confirmation mails: { $sent } sent, { $bounced } refused, { $due } still due, in { $duration }
subscribers-confirmations-resume = { $count } confirmation mail(s) are still due; `rundbrief subscribers resume` sends them once the mail server can be reached (exit status 75)
subscribers-exported = { $file }: { $count } rows
subscribers-not-on-list = { $address } is not on the list
subscribers-field-name = name:
subscribers-field-status = status:
subscribers-field-language = language:
subscribers-field-created = created:
subscribers-field-confirmed = confirmed:
subscribers-field-unsubscribed = unsubscribed:
subscribers-field-unsubscribe = unsubscribe:
subscribers-field-interests = interests:
subscribers-field-preferences = preferences:
subscribers-interests-everything = everything (none chosen)
subscribers-by-interest = Confirmed by interest:
subscribers-unknown-interest = unknown interest "{ $interest }"; known are: { $known } ([vocabulary] in rundbrief.toml)
subscribers-consent-history = consent history:
subscribers-consent-text = consent text { $version }
subscribers-total = total
subscribers-removed = { $address } is unsubscribed
subscribers-removed-already = { $address } was unsubscribed already
subscribers-forgotten = { $address } is erased with all its data and history; a keyed hash on the suppression list keeps any import from bringing it back
subscribers-forgotten-unknown = { $address } was not on the list; it is on the suppression list now
subscribers-forget-confirm = Erase { $address } with all its data and history for good? [y/N]
subscribers-forget-needs-yes = not erasing without confirmation and without a terminal; add --yes
subscribers-not-forgotten = { $address } was not erased
subscribers-erasures = erased (only the number is kept):
subscribers-prune-off = [subscribers] pending_days is 0: unconfirmed sign-ups are kept
subscribers-prune-would = { $count ->
        [one] { $count } sign-up would be erased
       *[other] { $count } sign-ups would be erased
    } (unconfirmed for more than { $days } days)
subscribers-pruned = { $count ->
        [one] { $count } sign-up erased
       *[other] { $count } sign-ups erased
    } (unconfirmed for more than { $days } days); the log keeps only their number
serve-prune-failed = erasing expired sign-ups failed: { $error }
serve-pruned = { $count ->
        [one] { $count } sign-up unconfirmed for more than { $days } days erased
       *[other] { $count } sign-ups unconfirmed for more than { $days } days erased
    }

## --help: what each command is for (`help-COMMAND`, its first sentence is
## the line in the list of commands), more about it (`help-COMMAND-details`),
## examples (`help-examples-COMMAND`, one a line) and each argument
## (`help-COMMAND-arg-ARGUMENT`; `help-arg-ARGUMENT` for those of every
## command). COMMAND is the path of subcommands: `subscribers-add`.

help-rundbrief = A quarterly newsletter with an integrated blog: Markdown in, MJML email, double opt-in, batched SMTP sends, static archive.
help-rundbrief-after =
    Exit status: 0 success, 1 failure or errors found, 2 wrong usage.
    Messages follow RUNDBRIEF_LANG (de|en), else the locale.
help-heading-usage = Usage
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options
help-flag-help = Print help
help-flag-help-short = Print help (see more with '--help')
help-flag-help-long = Print help (see a summary with '-h')
help-flag-version = Print version
help-command-help = Print this message or the help of the given subcommand(s)

help-arg-workspace = The workspace folder (the one holding rundbrief.toml)
help-arg-quiet = Print only errors and what was asked for (lists, exports, status)
help-arg-verbose = Also say which workspace and database are used, and how long it took

help-init = Create a fresh workspace with configuration, templates and one example issue.
help-init-arg-dir = The folder to create the workspace in; created when missing
help-examples-init =
    Example:
      rundbrief init rundbrief-verein

help-new = Scaffold a quarterly issue or a mailing, or an entry in one.
help-new-arg-issue = The issue, named by year and quarter (2027-Q1) or, for a mailing, by month and short name (2027-03-einladung-tag)
help-new-arg-mailing = Scaffold a one-off mailing beside the quarterly issues (an invitation, a call), named by year, month and short name
help-new-arg-entry = Create an entry with this title instead of the issue
help-examples-new =
    Examples:
      rundbrief new 2027-Q1
      rundbrief new 2027-Q1 --entry "Jugendaustausch mit Polen"
      rundbrief new --mailing 2027-03-einladung-tag

help-build = Check an issue and write its email (HTML, text, .eml) and entry pages to out/.
help-build-arg-issue = The issue to build; the newest when omitted
help-build-arg-mjml = Also write the MJML of each edition after templating (out/ISSUE/email.LANG.mjml), for adjusting templates
help-examples-build =
    Example:
      rundbrief build 2026-Q4

help-check = Check an issue: errors and warnings, each with file and line.
help-check-details = Exit status 1 on errors; with --strict on warnings too. With --dns also the sender's DNS: SPF, the DKIM key, DMARC and an MX for bounces (the system's resolver, or the server RUNDBRIEF_DNS_SERVER names).
help-check-arg-issue = The issue to check; the newest when omitted
help-check-arg-strict = Fail on warnings too
help-check-arg-dns = Also look up the sender's SPF, DKIM key, DMARC and MX records in DNS
help-check-arg-links = Also try every external link (HEAD, else GET; redirects followed) and report those that fail
help-examples-check =
    Examples:
      rundbrief check --strict 2026-Q4
      rundbrief check --dns

help-preview = Serve a live preview of an issue on loopback, re-rendered on every request.
help-preview-arg-issue = The issue to open; the newest when omitted
help-preview-arg-bind = Where to listen; keep it on loopback
help-examples-preview =
    Example:
      rundbrief preview --bind 127.0.0.1:8000

help-subscribers = Manage subscribers: add, import, export, list, show, remove, forget, prune.
help-examples-subscribers =
    Example:
      rundbrief subscribers import anmeldungen.csv

help-send = Send an issue to every confirmed subscriber, or a test copy.
help-send-details = The recipients are frozen into the delivery journal first; running send again resumes: nobody gets a second copy, nobody is skipped.
help-send-arg-issue = The issue to send; the newest when omitted
help-send-arg-test = Send one copy, marked [TEST], to each address; nothing is journaled
help-send-arg-dry-run = Show recipients, server and duration, and write one sample message; send nothing
help-send-arg-yes = Do not ask for confirmation (needed without a terminal)
help-send-arg-connections = SMTP connections to keep open; [smtp] connections when omitted
help-send-arg-rate = Messages per second, minute or hour (10/s, 600/min, 20000/h, unlimited)
help-send-arg-at = Book the send for this time instead of sending now ("2027-02-25 09:00", in the zone of [site] timezone); a running `rundbrief serve` then sends it
help-send-arg-cancel = Cancel the issue's booked send
help-examples-send =
    Examples:
      rundbrief send 2026-Q4 --test redaktion@example.org
      rundbrief send 2026-Q4 --dry-run
      rundbrief send 2026-Q4 --yes --rate 600/min
      rundbrief send 2026-Q4 --at "2026-12-03 09:00"

help-status = Show how the send of an issue stands: counts, rate, replies, failures.
help-status-arg-issue = The issue; the newest when omitted
help-inbox = Read the return mailbox once: bounces, complaints and mailed unsubscribes change the list, each with a consent event citing the report.
help-inbox-details = Reads the IMAP mailbox of [inbox] url (password from RUNDBRIEF_IMAP_PASSWORD), or a local Maildir. A processed mail is flagged (or moved, or deleted, as [inbox] says) so a second run changes nothing; a mail that is not a report is left for you to read. `serve` does the same every [inbox] poll.
help-inbox-arg-maildir = Read this Maildir folder (with cur/, new/, tmp/) instead of the IMAP mailbox
help-inbox-arg-dry-run = Say what each mail is and what would change, and change nothing
help-examples-status =
    Example:
      rundbrief status 2026-Q4

help-examples-inbox =
    Examples:
      rundbrief inbox --dry-run
      rundbrief inbox
      rundbrief inbox --maildir /var/mail/bounces

help-archive = Write the archive: every issue and entry as a static site with a feed.
help-archive-arg-out = The folder to write; [paths] public (public/) when omitted. It is replaced whole, and only when the whole site built
help-archive-arg-drafts = Include issues and entries marked as drafts
help-archive-arg-serve = Afterwards, serve the written site on loopback to browse it before uploading; links under base_url lead to the local copy
help-archive-arg-bind = Where --serve listens; keep it on loopback
help-examples-archive =
    Examples:
      rundbrief archive --out public/
      rundbrief archive --serve

help-backup = Copy the subscriber database consistently, even while `serve` runs.
help-backup-details = Uses SQLite's online backup; the copy is a complete database.
help-backup-arg-file = The file to write; replaced whole when it exists
help-examples-backup =
    Example:
      rundbrief backup /var/backups/rundbrief-$(date +%F).sqlite3

help-completions = Print a shell completion script.
help-completions-arg-shell = The shell to write the script for
help-examples-completions =
    Example:
      rundbrief completions bash > /etc/bash_completion.d/rundbrief

help-man = Print the manual page (roff).
help-examples-man =
    Example:
      rundbrief man > /usr/local/share/man/man1/rundbrief.1

help-serve = Serve the subscribe, confirm and unsubscribe pages over HTTP.
help-serve-details = Put it behind a reverse proxy that terminates TLS; see the README.
help-serve-arg-bind = Where to listen; [serve] bind in rundbrief.toml when omitted
help-serve-arg-lang = With --print-form: the language of the form
help-serve-arg-print-form = Print the sign-up form as a snippet of HTML for your own website and start nothing
serve-print-form-origins = The form posts to { $url }/subscribe. Add your website's origin (such as "https://www.example.org") to [serve] form_origins, or serve refuses its sign-ups.
help-examples-serve =
    Example:
      rundbrief serve --bind 127.0.0.1:8080

help-subscribers-add = Add an address as pending and send it the confirmation mail.
help-subscribers-add-arg-address = The email address
help-subscribers-add-arg-name = The name used in the greeting
help-subscribers-add-arg-lang = The language of the mails: de or en; the site's default when omitted
help-subscribers-add-arg-no-mail = Print the confirmation link instead of mailing it
help-examples-subscribers-add =
    Example:
      rundbrief subscribers add anna@example.org --name "Anna Schmidt" --lang de

help-subscribers-import = Import a CSV file (comma, semicolon or tab; UTF-8) in one transaction.
help-subscribers-import-details = New addresses become pending and get the confirmation mail, unless --consent records that consent was obtained elsewhere.
help-subscribers-import-arg-file = The CSV file to import
help-subscribers-import-arg-strict = Import nothing at all when any row is invalid
help-subscribers-import-arg-consent = How consent was obtained; imported addresses become confirmed
help-subscribers-import-arg-no-mail = Print the confirmation links instead of mailing them
help-examples-subscribers-import =
    Example:
      rundbrief subscribers import teilnehmende.csv --consent "Anmeldeliste Tag der Städtepartnerschaften 2026, unterschrieben"

help-subscribers-export = Export subscribers as CSV that spreadsheet programs open safely.
help-subscribers-export-arg-status = Only subscribers in this state: pending, confirmed, unsubscribed, bounced, complained
help-subscribers-export-arg-out = The file to write; standard output when omitted
help-subscribers-export-arg-excel = For German Excel: semicolons, UTF-8 with BOM, CRLF line ends, first and last name in their own columns
help-examples-subscribers-export =
    Example:
      rundbrief subscribers export --status confirmed --out bestaetigt.csv

help-subscribers-list = List subscribers.
help-subscribers-list-arg-status = Only subscribers in this state: pending, confirmed, unsubscribed, bounced, complained
help-subscribers-list-arg-interest = Only those who chose this interest (who chose none gets everything and is not listed)
help-subscribers-list-arg-json = One JSON object per line
help-examples-subscribers-list =
    Example:
      rundbrief subscribers list --status pending

help-subscribers-show = Show a subscriber's state and whole consent history (the proof of opt-in).
help-subscribers-show-arg-address = The email address
help-subscribers-show-arg-new-link = Print a new link to the preferences page; the old one stops working
help-examples-subscribers-show =
    Example:
      rundbrief subscribers show anna@example.org

help-subscribers-stats = Count subscribers per state and language.
help-examples-subscribers-stats =
    Example:
      rundbrief subscribers stats

help-subscribers-remove = Unsubscribe an address (logged as done by staff).
help-subscribers-remove-arg-address = The email address
help-examples-subscribers-remove =
    Example:
      rundbrief subscribers remove anna@example.org

help-subscribers-forget = Erase an address with its history; only a keyed hash stays, so no later import can bring it back (a data-subject erasure request).
help-subscribers-forget-arg-address = The email address
help-subscribers-forget-arg-yes = Do not ask for confirmation (needed without a terminal)
help-examples-subscribers-forget =
    Example:
      rundbrief subscribers forget anna@example.org --yes

help-subscribers-resume = Send the confirmation mails that an interrupted import (or a failed sign-up mail) left due.
help-subscribers-prune = Erase sign-ups left unconfirmed longer than [subscribers] pending_days (30 by default); serve does it every hour.
help-subscribers-prune-details = The addresses go with their tokens and consent events; the log keeps only when and how many.
help-subscribers-prune-arg-dry-run = Only say how many would be erased
help-examples-subscribers-resume =
    Example:
      rundbrief subscribers resume
help-examples-subscribers-prune =
    Example:
      rundbrief subscribers prune --dry-run

## templates list, templates copy

templates-built-in = built-in
templates-overridden = your own in { $folder }/{ $how ->
        [older] ; the built-in one has changed since you copied it: compare, or copy it again with --force
        [unchanged] ; still the same as the built-in one: you can delete it
        [unknown] ; not made by `templates copy`, so whether the built-in changed since cannot be told
       *[current] {""}
    }
templates-copied = { $path }: the built-in template, to edit here; rundbrief uses it instead of its own
templates-unknown = there is no built-in template "{ $name }"; there are: { $known }
help-templates = List the built-in templates and which the workspace replaces, or copy one to adapt it.
help-templates-list = List the built-in templates: used as they are, or replaced by the workspace's own (and whether that is older than the built-in).
help-templates-copy = Copy a built-in template into the workspace's templates folder to adapt it.
help-templates-copy-arg-name = The template, as `templates list` names it (email.mjml, web/subscribe.html, …)
help-templates-copy-arg-force = Overwrite the workspace's own copy
help-examples-templates =
    Example:
      rundbrief templates list
help-examples-templates-list =
    Example:
      rundbrief templates list
help-examples-templates-copy =
    Example:
      rundbrief templates copy email.mjml
scaffold-templates-readme =
    # Templates
    
    rundbrief brings its own templates for the email, the text part, the archive
    and the pages of `rundbrief serve`, and improves them with each version. A file
    here with the name of a built-in template replaces it in this workspace.
    
    `rundbrief templates list` shows every built-in template and which you replace;
    `rundbrief templates copy email.mjml` copies one here to adapt it.
