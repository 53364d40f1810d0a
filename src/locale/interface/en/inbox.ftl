## The return mailbox ([inbox]): bounces, complaints and mailed unsubscribes

inbox-url-scheme = [inbox] url { $url } starts with { $scheme }://; rundbrief reads returned mail over imaps:// (TLS, port 993) or imap:// (STARTTLS, port 143), never unencrypted
inbox-url-host = [inbox] url { $url } names no server; write it as imaps://user@host/INBOX
inbox-url-user = [inbox] url { $url } names no user; write it as imaps://user@host/INBOX (an @ in the user name as %40)
inbox-url-password = [inbox] url { $url } carries a password; take it out of the url (it would sit in rundbrief.toml) and set { $env } instead
inbox-unreachable = cannot reach the IMAP server { $host }:{ $port }: { $reason }; check host and port in [inbox] url and that the server runs
inbox-no-answer = no answer within { $seconds } s
inbox-tls-untrusted = the IMAP server { $host }:{ $port } shows a certificate that no known authority vouches for ({ $reason }); if it is self-signed or from your own CA, give that certificate (PEM) as [inbox] ca_file
inbox-tls = TLS with the IMAP server { $host }:{ $port } failed: { $reason }; check the host name and port in [inbox] url (imaps:// speaks TLS from the first byte, usually on port 993; imap:// uses STARTTLS on port 143)
inbox-ca-file = [inbox] ca_file { $file } cannot be used: { $reason }
inbox-ca-file-empty = it holds no certificate (expected PEM: -----BEGIN CERTIFICATE-----)
inbox-no-starttls = the IMAP server { $host }:{ $port } refused STARTTLS ({ $reason }), and rundbrief sends no password unencrypted; use imaps:// (port 993) in [inbox] url
inbox-login = the IMAP server { $host }:{ $port } refused the login of { $user }: { $reason }; check the user in [inbox] url and the password in { $env }
inbox-no-mailbox = the IMAP server has no mailbox { $mailbox } for this user ({ $reason }); check the folder at the end of [inbox] url (INBOX when none is given)
inbox-timeout = the IMAP server stopped answering at { $stage } ([inbox] timeout, { $seconds } s); nothing was lost, try again later
inbox-dropped = the connection to the IMAP server broke at { $stage }: { $reason }; nothing was lost, try again later
inbox-closed = the server closed the connection
inbox-refused = the IMAP server refused { $stage }: { $reason }
inbox-no-keywords = the mailbox { $mailbox } keeps no keywords such as { $keyword }, so processed mails cannot be marked there; have them moved to a folder or deleted instead
inbox-stale-id = the mail { $id } is not from this inbox as it is now (the mailbox was replaced meanwhile); read the unprocessed mails again
inbox-gone = the mail { $id } is no longer in the inbox; another program has moved or deleted it
inbox-not-maildir = { $path } is not a Maildir folder: it has no { $missing }/ inside
inbox-folder-name = "{ $name }" cannot be a Maildir folder for processed mail; use a plain name without "/" and not starting or ending with "."
inbox-keywords-full = { $path } already holds 26 keywords, all a Maildir has room for, so { $keyword } cannot be added; have processed mails moved to a folder or deleted instead
inbox-file = { $path }: { $reason }
inbox-replaced = the mailbox { $mailbox } was replaced while rundbrief read it (its UIDVALIDITY changed); run again
inbox-no-password = [inbox] url names the user { $user }, but { $env } is not set; set it to the mailbox's password (no login was tried)
