## `rundbrief inbox`: was ins Rückläufer-Postfach zurückkam.

inbox-nowhere = kein Rückläufer-Postfach zum Lesen: tragen Sie [inbox] url = "imaps://benutzer@host/INBOX" (oder [inbox] maildir) in rundbrief.toml ein, oder geben Sie --maildir ORDNER an
inbox-reading = Lese { $inbox } …
inbox-changed = { $from } → { $to }
inbox-counted = gezählt ({ $sends ->
        [one] ein Versand
       *[other] { $sends } Versände
    } bisher)
inbox-already = schon verarbeitet
inbox-unchanged = keine Änderung
inbox-left-alone = bleibt für Sie im Postfach
inbox-dry = würde vermerkt
inbox-would = → { $to } (Probelauf)
inbox-summary = { $read ->
        [one] Eine E-Mail gelesen
       *[other] { $read } E-Mails gelesen
    }: { $changed } Abonnenten geändert; { $bounces } Unzustellbare, { $soft } vorübergehende Fehler, { $complaints } Beschwerden, { $unsubscribes } Abmeldungen per E-Mail, { $replies } automatische Antworten und Verzögerungen, { $unmatched } ohne Empfänger auf der Liste, { $personal } für Sie zum Lesen, { $already } schon verarbeitet.
inbox-failed = { $count ->
        [one] Eine E-Mail konnte
       *[other] { $count } E-Mails konnten
    } nicht gelesen oder abgelegt werden; sie bleiben für den nächsten Lauf.
inbox-dry-run = Probelauf: weder die Liste noch das Postfach wurden geändert.

verdict-bounce = unzustellbar
verdict-soft-bounce = vorübergehender Fehler
verdict-complaint = Beschwerde
verdict-unsubscribe = Abmeldung per E-Mail
verdict-auto-reply = automatische Antwort
verdict-delay = Verzögerungsnachricht
verdict-unmatched = Bericht ohne Empfänger auf der Liste
verdict-not-understood = kein Bericht

status-returns = Was zurückkam:
status-returns-none = Bisher kam nichts zurück (`rundbrief inbox` liest das Rückläufer-Postfach).

serve-inbox-read = Rückläufer-Postfach: { $read } E-Mails gelesen, { $changed } Abonnenten geändert, { $failed } nicht lesbar oder ablegbar.
serve-inbox-failed = Rückläufer-Postfach nicht gelesen: { $error }; nächster Versuch beim nächsten [inbox] poll.
