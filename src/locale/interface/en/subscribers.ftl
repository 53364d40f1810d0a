### The subscribers' side: addresses, the database, CSV lists, SMTP, serve.

## Subscriber lists (CSV)

csv-unspoken-lang = the language "{ $lang }" is not one of the workspace's languages ({ $spoken }); add it to [site] languages in rundbrief.toml or correct the row
csv-not-utf8 = { $file }:{ $line }: the file is not UTF-8 (perhaps Windows-1252 or ISO-8859-1, as older Excel versions save); save it as "CSV UTF-8" and import again
csv-no-email-column = { $file }:1: no column with email addresses; the header names { $found }, expected one of: email, E-Mail, Email Address, E-Mail-Adresse
csv-empty = { $file }: the file is empty
csv-line-too-long = { $file }:{ $line }: the line is longer than { $max } bytes; [subscribers] import_max_line_bytes sets the limit
csv-file-too-large = { $file }: the file is larger than { $max } bytes; [subscribers] import_max_file_bytes sets the limit
csv-name-line-break = the name contains a line break
csv-name-too-long = the name is longer than { $max } characters
name-control = the name contains the control character { $char }
# $quoted: the address in double quotes, escaped; $address: as written.
csv-address-invalid = { $quoted } is not a valid email address ({ $reason })
csv-address-empty = the address is empty
csv-address-line-break = the address contains a line break
csv-address-too-long = the address is longer than { $max } characters
csv-bad-time = { $column }: "{ $value }" is not a time rundbrief reads (2023-04-05 10:11:12, 05.04.2023 10:11 or seconds since 1970, in UTC)
csv-bad-ip = { $column }: "{ $value }" is not an IP address
csv-left = { $column }: the export says the address left on { $value }; it is not imported

## The database

store-too-new = { $path }: the database has schema version { $found }, newer than this rundbrief knows ({ $known }); update rundbrief
store-sql = the database: { $problem }
store-backup = backup to { $path }: { $reason }
# A stored or typed code that is not one of its kind's: $kind is the type (Status, DeliveryState …), $value the code in quotes.
store-unknown-value = unknown { $kind } { $value }; known are: { $known }


## The secret key

secret-malformed = { $source } must hold 64 hexadecimal characters (32 bytes); `openssl rand -hex 32` makes one
secret-nowhere = no secret key: set { $env }, or [paths] secret_key in rundbrief.toml to a file outside the repository (HOME is not set either)

## Messages and their delivery

# $quoted: the value in double quotes, escaped; $value: as written.
mail-bad-mailbox = { $field } { $quoted } is not a valid mailbox ({ $reason }); write it as `Name <address@example.org>`
mail-line-break = { $field } contains a line break; a header must be one line
mail-build = the message cannot be built: { $problem }
mail-dkim-bad-key = { $path }: not a { $algorithm } private key ({ $problem }); RSA keys are PKCS#1 PEM (BEGIN RSA PRIVATE KEY), Ed25519 keys base64
mail-journal-gone = the delivery journal stopped answering; nothing more was sent
mail-failures-in-a-row = { $count ->
        [one] { $count } failure in a row
       *[other] { $count } failures in a row
    }; the last: { $error }
mail-relay-refuses-everyone = the SMTP server refused { $count } recipients in a row, at as many domains, with the same words: { $reply }; that is the relay refusing everyone, not the readers' mailboxes: nobody was marked bounced, and they stay queued

## The SMTP relay

smtp-no-password = [smtp] user is "{ $user }", but { $env } is not set: nothing was sent. Set { $env } to the relay's password, or remove user from [smtp] if the relay needs no login
smtp-unreachable = cannot reach the SMTP server { $host }:{ $port }: { $reason }; check [smtp] host and port in rundbrief.toml and that the server runs
smtp-greeting = the SMTP server { $host }:{ $port } took the connection, but { $reason }; check [smtp] port and tls (port 465 wants tls = "tls", ports 587 and 25 "starttls")
smtp-bad-greeting = its greeting could not be read ({ $problem })
smtp-refused-connection = the SMTP server refused the connection with { $code }: { $message }
smtp-login-after-starttls = the SMTP server { $host }:{ $port } offers a login (AUTH) only after STARTTLS, and [smtp] tls is "none": set tls = "starttls" in rundbrief.toml
smtp-no-login = the SMTP server { $host }:{ $port } offers no login rundbrief speaks (AUTH PLAIN or LOGIN), though [smtp] user is set; check [smtp] tls and port, or remove user if the relay needs no login
smtp-needs-smtputf8 = { $address } has a non-ASCII local part, which needs SMTPUTF8, and the relay does not offer it; this one address was skipped for good
smtp-login = the SMTP server { $host }:{ $port } refused the login of { $user }: { $reason }; check [smtp] user and { $env }
smtp-tls-untrusted = TLS with the SMTP server { $host }:{ $port } failed: { $reason }; the relay's certificate is signed by a CA the public roots do not know: give its CA certificate (PEM) as [smtp] ca_file
smtp-tls = TLS with the SMTP server { $host }:{ $port } failed: { $reason }; check [smtp] tls (none, starttls or tls) and port
smtp-rejected = the SMTP server answered { $code } to { $stage }: { $message }
smtp-dropped = the connection to the SMTP server broke: { $reason }
smtp-timeout = the SMTP server stopped answering ([smtp] timeout); the connection was dropped and the message stays for another try
smtp-no-answer = no answer within { $seconds } s
smtp-no-greeting = sent no greeting within { $seconds } s ([smtp] timeout)
smtp-not-pem = { $file }: not a PEM certificate ({ $problem })

## rundbrief serve (its log)

serve-template-failed = template { $name }: { $problem }
serve-confirmation-failed = confirmation mail to subscriber #{ $id }: { $problem }
serve-confirmation-not-logged = could not log the confirmation mail of subscriber #{ $id }
serve-welcome-failed = welcome mail to subscriber #{ $id }: { $problem }; the subscription stays confirmed
