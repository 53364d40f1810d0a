### Vorgemerkte Versände (`send --at`, `send --cancel`, `status`, `serve`)
### und Zeiten in der Zeitzone des Arbeitsordners.

## Zeiten in einer Zone: wie Zeit und Zone zusammengehen, und die Namen der
## Zonen, wie die Sprache sie sagt (format-zone-<Abkürzung klein>).

format-zoned = { $time } ({ $zone })
format-zone-cet = MEZ
format-zone-cest = MESZ

time-unreadable = „{ $text }“ ist keine Zeitangabe; schreiben Sie sie als 2027-02-25 09:00 (Datum, dann Stunden und Minuten)
time-ambiguous = { $text } gibt es in { $zone } zweimal (in der Nacht wird die Uhr zurückgestellt); wählen Sie eine Stunde früher oder später
time-nonexistent = { $text } gibt es in { $zone } nicht (in der Nacht wird die Uhr vorgestellt); wählen Sie eine Stunde später

config-bad-timezone = „{ $text }“ ist keine Zeitzone; schreiben Sie ihren IANA-Namen, zum Beispiel "Europe/Berlin" oder "America/New_York"

## send --at und --cancel

schedule-in-past = { $when } ist vorbei (jetzt ist { $now }); wählen Sie eine Zeit in der Zukunft
schedule-booked = { $issue } wird am { $when } verschickt
schedule-replaced = Das ersetzt die frühere Vormerkung ({ $state }).
schedule-needs-serve = Ein laufendes `rundbrief serve` verschickt, mit RUNDBRIEF_SMTP_PASSWORD in seiner Umgebung; es prüft die Ausgabe vorher erneut. `rundbrief send AUSGABE --cancel` streicht den Versand.
schedule-refused = { $issue } ist { $state }; die Vormerkung bleibt, wie sie ist
schedule-cancel-done = Der Versand von { $issue } am { $when } ist gestrichen.
schedule-cancel-running = { $issue } wird gerade von `serve` verschickt; wer dieses `serve` anhält (Strg-C), hält den Versand an, `rundbrief send { $issue }` setzt ihn fort
schedule-cancel-nothing = Für { $issue } ist kein Versand vorgemerkt, der gestrichen werden könnte
schedule-settled = Die Vormerkung von { $issue } ist erledigt: von Hand verschickt.

## Wie eine Vormerkung steht

schedule-state-scheduled = vorgemerkt
schedule-state-running = wird verschickt
schedule-state-sent = verschickt
schedule-state-failed = fehlgeschlagen
schedule-state-cancelled = gestrichen
schedule-state-waiting-for-staff = wartet auf die Redaktion

## Warum ein vorgemerkter Versand nicht hinausging (bei der Vormerkung gespeichert)

schedule-check-failed = { $issue } besteht `rundbrief check` nicht mehr: { $errors }
schedule-stopped = mit `serve` angehalten (Strg-C), nach den Nachrichten unterwegs; `rundbrief send { $issue }` setzt fort
schedule-left = { $left ->
        [one] eine Nachricht vom Server zurückgestellt
       *[other] { $left } Nachrichten vom Server zurückgestellt
    }; `rundbrief send` versucht es erneut

## status

status-schedules = Vorgemerkte Versände:
schedule-what-now = Er war fällig, als kein `rundbrief serve` lief, und ist länger als [serve] schedule_grace überfällig: `rundbrief send { $issue }` verschickt ihn jetzt, `rundbrief send { $issue } --at ZEIT` merkt ihn neu vor, `--cancel` streicht ihn.

## serve

serve-schedule-waiting = Vorgemerkter Versand von { $issue } am { $when } ist länger als [serve] schedule_grace überfällig; nicht verschickt, wartet auf die Redaktion (`rundbrief status`).
serve-schedule-started = Vorgemerkter Versand von { $issue } (fällig { $when }) beginnt.
serve-schedule-sent = Vorgemerkter Versand von { $issue } fertig: { $sent } verschickt{ $left ->
        [0] {""}
       *[other] , { $left } bleiben für ein späteres `rundbrief send`
    }.
serve-schedule-failed = Vorgemerkter Versand von { $issue } fehlgeschlagen: { $reason }
serve-schedule-round-failed = Vorgemerkte Versände nicht angesehen: { $problem }; nächster Versuch beim nächsten [serve] schedule_poll.
