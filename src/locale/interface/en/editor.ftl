### The editor's side: loading and checking issues, the configuration, templates, the preview, the archive.

## check: the severity word and what each check finds

check-severity-error = error
check-severity-warning = warning
check-line-break = { $key } ({ $lang }) contains a line break; write it on one line
check-long-subject = the subject ({ $lang }) has { $chars } characters; mail clients cut it at about { $max }
check-missing-preheader = no preheader ({ $lang }): mail clients then preview the email's first text; set preheader = "…"
check-draft = draft (draft = true): this entry is not sent
check-email-clipped = the email ({ $lang }) is { $size }; Gmail clips above 102 KB and hides the unsubscribe link. Shorten entries to a summary (summary = "…")
check-email-large = the email ({ $lang }) is { $size }; Gmail clips above 102 KB
check-insecure-link = { $url } is unencrypted (http://); use https:// if the site offers it
check-missing-alt = the image { $src } has no alt text; screen readers and mail clients that block images show nothing (image_alt = "…" or ![description](…))
# $key: what still holds the example text: subject, preheader, editorial, body, summary, text, cta.url, events.link
check-placeholder = { $key } is still the example text `rundbrief init` or `rundbrief new` wrote; write your own before this goes out
check-entry-after-issue = the entry is dated { $date }, after its issue ({ $issue_date }); is one of the two dates wrong?
check-entry-too-old = the entry is dated { $date }, more than a year before its issue ({ $issue_date }); is the year wrong?
check-event-past = the event "{ $title }" on { $date } lies before the issue's date ({ $issue_date }): readers learn of it when it is over
check-empty-link = a link without a target, as in [text](); write where it should lead
check-unknown-scheme = { $url }: "{ $scheme }:" is no scheme a reader's program opens; a typo for https:?
check-missing-anchor = { $url }: this page has no anchor "{ $anchor }"; the link leads nowhere
check-dead-link = { $url } does not answer as it should: { $problem }
check-no-dkim = messages are not DKIM-signed; Gmail, Yahoo and others require it of bulk senders. Add [smtp.dkim] (or have your relay sign)
check-dkim-alignment = the DKIM domain { $domain } does not match the sender's domain { $from }; DMARC needs the sender's domain to be it or a subdomain of it
# $keys: the missing keys of [site], "privacy_url, imprint_url".
check-no-legal-notice = [site] { $keys } { $count ->
        [one] is
       *[other] are
    } not set: the signup form and every mail should link the privacy policy and the legal notice (Impressum); set privacy_url = "https://…" and imprint_url = "https://…"
check-insecure-unsubscribe = public_url is not https://; one-click unsubscribe (RFC 8058) must use https, or mail clients show no unsubscribe button
check-spammy-subject = the subject ({ $lang }) shouts (capitals, !!): spam filters count against it
check-short-link = { $url } is a shortened link; spam filters distrust them because nobody can see where they lead. Link the page itself

## Issues and entries

content-unreadable = cannot be read: { $error }
content-not-utf8 = the file is not UTF-8; save it as UTF-8 in your editor
content-no-issue = issue { $id } does not exist; `rundbrief new { $id }` creates it
content-no-entries = { $dir } holds no entries (*.md); `rundbrief new { $id } --entry "Title"` creates one
content-duplicate-slug = the slug "{ $slug }" already belongs to { $other }; change the title or set `slug = "…"`
content-edition-own-lang = [editions.{ $code }] repeats the issue's own language; remove the section
content-cta-not-in-issue = only a mailing (issues/2027-03-einladung-tag) has a button ([cta]); a quarterly issue links in its editorial or its entries
content-cta-label = [cta] label is missing or empty; write what the button does, like label = "Register now"
content-cta-url = [cta] url is empty; write the address the button leads to, or a file in the mailing's folder
content-unknown-tag = unknown tag "{ $tag }" in { $key }; known are: { $known } (the vocabulary is in rundbrief.toml under [vocabulary])
content-audience-language = the audience names the language "{ $code }", which the workspace does not have; possible are: { $known } ([site] languages in rundbrief.toml)
content-front-matter-not-opened = the file must start with a +++ line, then the front matter (title = "…"), then another +++ line
content-front-matter-not-closed = the front matter opened with +++ is never closed; add a +++ line after its last key
slug-invalid = a slug is lower-case letters, digits and single hyphens
slug-from-title = no URL name can be made from this title; set `slug = "…"`
issue-id-invalid = "{ $name }" is not an issue name; quarterly issues are named by year and quarter, like 2026-Q4, mailings by year, month and a short name, like 2027-03-einladung-tag
mailing-slug-invalid = "{ $name }" is not a mailing name: { $reason }; mailings are named by year, month and a short name, like 2027-03-einladung-tag
mailing-slug-shape = it begins with the year in four and the month in two digits, then a dash and the short name
mailing-slug-month = there is no such month (01 to 12)
mailing-slug-empty = the short name after the month is missing
mailing-slug-too-long = the short name after the month is longer than { $max } characters
mailing-slug-characters = the short name holds only lowercase letters a-z, digits and dashes
mailing-slug-dashes = the short name neither begins nor ends with a dash and has no two in a row
workspace-no-issue = { $dir } holds no issue yet; `rundbrief new { $id }` creates one

## rundbrief.toml

config-missing = no rundbrief.toml in { $dir }; is this a rundbrief workspace? `rundbrief init DIR` creates one, `--workspace` picks another
config-language-twice = the language "{ $lang }" is listed twice in site.languages; list each once
config-salutation-language = [salutation.{ $lang }] is for a language not in site.languages ({ $known })
config-no-languages = site.languages is empty; list at least one, for example ["de"]
config-bad-mailbox = "{ $text }" is not a mailbox ({ $reason }); write it as Name <address@example.org> or address@example.org
config-bad-imap-url = "{ $text }" is not a mailbox URL; write it as imaps://user@mail.example.org/INBOX (the password comes from RUNDBRIEF_IMAP_PASSWORD)
config-bad-rate = "{ $text }" is not a rate; write it as 10/s, 600/min, 20000/h or unlimited
config-bad-interval = "{ $text }" is not a time span; write it as 500ms, 2s, 5min or 1h
config-bad-origin = "{ $text }" is not a web origin; write it like https://www.example.org
config-not-a-url = "{ $text }" is not a URL: { $reason }
config-url-reason = { $original }
config-url-not-http = "{ $text }" must be an http(s) URL with a host

## Email addresses

address-empty = the address is empty
address-line-break = the address contains a line break
address-too-long = the address is longer than { $max } characters
address-invalid = "{ $address }" is not a valid email address ({ $reason })
address-reason = { $original }

## TOML files: issue.toml, an entry's front matter, rundbrief.toml

toml-unknown-key = unknown key `{ $key }`; check its spelling or remove it{ $known ->
        [none] {""}
       *[other] {""} (known keys: { $known })
    }
toml-unknown-key-suggestion = unknown key `{ $key }`; did you mean `{ $suggestion }`?
toml-missing-field = missing field `{ $key }`; { $file ->
        [config] add it (the rundbrief.toml of `rundbrief init` shows every key)
       *[other] add the key (`rundbrief new` shows every field)
    }
toml-wrong-type = expected { $expected }, found { $found }
toml-found-value = { $found } ({ $value })
toml-invalid-value = the value { $value } is not possible here; expected { $expected }
toml-unknown-variant = unknown value `{ $value }`; possible are { $known }
toml-unknown-variant-suggestion = unknown value `{ $value }`; did you mean `{ $suggestion }`? (possible are { $known })
toml-number-too-large = the number is too large
toml-invalid = the value is not valid ({ $original })
toml-date = not a valid date; write the date as YYYY-MM-DD (for example 2026-11-25), with a time as 2026-11-25T15:00:00
toml-duplicate-key = the key `{ $key }` appears twice; remove one of them
toml-syntax = TOML syntax error at column { $column }: { $problem }
toml-syntax-problem = { $kind ->
        [quote] a string is not closed properly; check that every " (or ''' for several lines) is closed again
        [unquoted] text values must be quoted: key = "text" (here it says { $text })
        [missing-value] a key needs = and a value: key = "text"
        [table] a section header is malformed; write it as [name] or [[name]]
        [array] a list is malformed; write it as ["a", "b"], with commas between the items
        [inline-table] a table in braces is malformed; write it as {"{"} key = "text", other = 1 {"}"} on one line
        [number] not a valid number
        [key] not a valid key; keys are letters, digits, - and _, or quoted
        [comment] not a valid comment; a comment starts with # and runs to the end of the line
        [escape] not a valid escape in a string; write \\ for a backslash, or use '…' instead of "…"
        [line-end] something follows the value; every key stands on a line of its own
        [carriage-return] a lone carriage return; save the file with ordinary line endings
       *[other] the line is not valid TOML ({ $original })
    }
toml-type = { $kind ->
        [string] a quoted string
        [integer] a whole number
        [unsigned] a whole number from 0
        [float] a decimal number
        [boolean] true or false
        [datetime] a date
        [array] a list in square brackets
        [table] a table (a [section])
        [socket-address] an address with a port, like 127.0.0.1:8080
        [ip-address] an IP address, like 192.0.2.1
       *[other] { $original }
    }
toml-found = { $kind ->
        [string] a string
        [integer] a number
        [float] a decimal number
        [boolean] a boolean
        [datetime] a date
        [array] a list
        [table] a table
       *[other] { $original }
    }
