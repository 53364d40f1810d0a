### The command line's own messages: progress, summaries, questions.
### Was die Kommandozeile selbst sagt: Fortschritt, Zusammenfassungen, Rückfragen.

## Alle Befehle

verbose-workspace = Arbeitsordner: { $path }
verbose-took = Dauer: { $duration }
workspace-cannot-open = der Arbeitsordner lässt sich nicht öffnen
store-busy = ein anderer Prozess hält die Abonnentendatenbank länger als 10 s gesperrt (ein laufender Import?); nichts wurde geändert, versuchen Sie es danach erneut
store-read-only = die Abonnentendatenbank ist nicht beschreibbar; prüfen Sie die Rechte der Datei und ihres Ordners
store-open-read-only = die Datenbank oder ihr Ordner ist nicht beschreibbar, prüfen Sie die Rechte
store-open-busy = ein anderer Prozess hält die Datenbank gesperrt, versuchen Sie es gleich noch einmal
key-created = neuer geheimer Schlüssel in { $path }; sichern Sie ihn getrennt von der Datenbank (ohne ihn werden Abmeldelinks ungültig)
report-counted = { $errors } Fehler, { $warnings ->
        [one] { $warnings } Warnung
       *[other] { $warnings } Warnungen
    }

## Zustände, wie `subscribers list`, `subscribers stats`, `subscribers show`
## und `status` sie ausgeben, nach ihrem Code.

state-pending = ausstehend
state-confirmed = bestätigt
state-unsubscribed = abgemeldet
state-bounced = unzustellbar
state-complained = beschwert
state-queued = wartend
state-sent = verschickt
state-failed-temporarily = vorläufig fehlgeschlagen
state-failed-permanently = endgültig fehlgeschlagen
state-skipped = übersprungen

## Was mit einem Abonnenten geschah, und auf welchem Weg (`subscribers show`).

event-requested = angefragt
event-confirmation-sent = Bestätigung verschickt
event-confirmed = bestätigt
event-consent-imported = Einwilligung importiert
event-unsubscribed = abgemeldet
event-bounced = unzustellbar
event-complained = beschwert
event-resubscribed = erneut angemeldet
event-preferences-changed = Einstellungen geändert
event-address-change-requested = Adresswechsel angefragt
event-address-changed = Adresse gewechselt
event-link-renewed = Link erneuert
source-form = Formular
source-import = Import
source-cli = Kommandozeile
source-link = Link
source-one-click = Ein-Klick
source-smtp = SMTP
source-mail = E-Mail
source-page = Einstellungsseite
erasure-pending-expired = unbestätigt, abgelaufen
erasure-forgotten = vom Team gelöscht
erasure-erased-by-reader = von der Person selbst gelöscht

## init, new, build, check, preview, serve, archive

init-done = Arbeitsordner angelegt. Weiter mit: cd { $dir } && rundbrief check — es nennt jeden Platzhalter der Beispielausgabe, den Sie noch ersetzen müssen.
init-ask-name = Name des Rundbriefs [{ $suggestion }]:
new-created = angelegt: { $path }
build-not-built = { $issue } wurde nicht gebaut; out/ ist unverändert
build-email-size = E-Mail-HTML ({ $edition }): { $size } (Gmail kürzt ab 102 KB)
check-clean = { $issue }: keine Beanstandungen
preview-listening = Vorschau auf http://{ $address }/_preview/{ $issue } (Strg-C beendet)
serve-listening = rundbrief serve auf http://{ $address }/subscribe (Strg-C beendet)
archive-written = { $out }: { $issues } Ausgaben, { $entries } Beiträge, { $files } Dateien
archive-serving = Das Archiv auf http://{ $address }/ aus { $out } (Strg-C beendet)
archive-has-errors = { $issue } hat Fehler; das Archiv wurde nicht geschrieben, { $out } ist unverändert

## send

send-has-errors = { $issue } hat Fehler und wird nicht verschickt; beheben Sie sie (`rundbrief check { $issue }`)
send-deliverability = Zustellbarkeit:
send-sample = Beispielnachricht: { $path }
send-nobody = Niemand zu beliefern.
send-frozen = { $count } Empfänger im Versandprotokoll festgehalten
send-stopping = Halte an, sobald die Nachrichten unterwegs angekommen sind …
send-stopped = Angehalten. `rundbrief send { $issue }` setzt den Versand fort; niemand erhält etwas doppelt.
send-paused =
    Versand pausiert: { $reason }
    Beheben Sie die Ursache; `rundbrief send { $issue }` setzt fort.
send-as-fast-as-accepted = so schnell der Server annimmt
# $resuming: „yes“, wenn ein früheres send die Empfänger festgehalten hat.
send-plan = { $issue }: { $count } Empfänger{ $languages }{ $resuming ->
        [yes] {" "}(Fortsetzung)
       *[no] {""}
    } über { $server }, { $connections } Verbindung(en), Rate { $rate }; Dauer etwa { $duration }
send-audience-everyone = Zielgruppe: alle (kein [audience] in issue.toml)
send-audience = Zielgruppe: Sprachen { $languages }; Interessen { $interests }{ $narrowed ->
        [yes] {" "}und wer kein Interesse gewählt hat
       *[no] {""}
    }
send-audience-any = alle
send-audience-frozen = Zielgruppe beim Einfrieren: { $audience }
send-needs-yes = ohne Terminal wird nicht ohne Bestätigung verschickt; fügen Sie --yes hinzu
send-confirm = Jetzt verschicken? [j/N]
send-not-sent = nicht verschickt
send-summary = { $issue }: { $sent } verschickt, { $failed_temporarily } vorläufig fehlgeschlagen, { $failed_permanently } endgültig fehlgeschlagen ({ $bounced } unzustellbar), { $skipped } übersprungen; { $sent } in { $duration } ({ $rate }/s)
send-retry-hint = { $count ->
        [one] Ein Empfänger wurde
       *[other] { $count } Empfänger wurden
    } vom Server zurückgestellt (4xx); `rundbrief send { $issue }` versucht sie erneut, den ersten ab { $when } (Exit-Status 75).
send-not-due = { $count ->
        [one] Ein zurückgestellter Empfänger wurde
       *[other] { $count } zurückgestellte Empfänger wurden
    } nicht versucht: der nächste Versuch ist noch nicht fällig
# $reply: die Ablehnung des Relays; $working von $asked Verbindungen machen weiter.
send-fewer-connections = der SMTP-Server nimmt keine weiteren Verbindungen an ({ $reply }); der Versand geht mit { $working } von { $asked } weiter

## status

status-not-sent = { $issue } wurde noch nicht verschickt; `rundbrief send { $issue } --dry-run` zeigt, was geschähe
status-frozen = { $issue }: { $count } Empfänger, festgehalten am { $when }
status-rate = erreichte Rate: { $rate }/s
status-replies = häufigste Antworten des Servers:
status-failed-permanently = endgültig fehlgeschlagen:
status-left = { $left } offen; `rundbrief send { $issue }` setzt fort

## subscribers

subscribers-confirm-link = Bestätigungslink: { $url }
subscribers-pending-mailed = { $address }: wartet auf Bestätigung; die Bestätigungsmail ist verschickt
subscribers-mail-failed = { $address } bleibt vorgemerkt (pending); `rundbrief subscribers add { $address }` versucht es erneut
subscribers-cooling-down = { $address }: wartet auf Bestätigung; die letzte Bestätigungsmail ging am { $when } hinaus, eine weitere folgt frühestens { $minutes } Minuten danach
subscribers-already-confirmed = { $address } ist bereits angemeldet und bestätigt; keine Mail
subscribers-suppressed = { $address } wurde auf eigenen Wunsch gelöscht und steht auf der Sperrliste; nur die Person selbst kann sich über das Formular wieder anmelden
subscribers-invalid-row = { $file }:{ $line }: ungültig: { $reason }
subscribers-strict-refused = { $count } ungültige Zeile(n); mit --strict wurde nichts importiert. Korrigieren Sie die Zeilen oder importieren Sie ohne --strict
subscribers-consent-empty = --consent braucht einen Text: wie und wann die Einwilligung eingeholt wurde
subscribers-consent-control = der Einwilligungstext (--consent) enthält das Steuerzeichen { $char }
subscribers-present-row = { $file }:{ $line }: { $address }: schon vorhanden, übersprungen
subscribers-suppressed-row = { $file }:{ $line }: { $address }: auf der Sperrliste (auf eigenen Wunsch gelöscht), abgelehnt
subscribers-import-summary = neu: { $added }, schon vorhanden: { $present }, ungültig: { $invalid }, gesperrt: { $suppressed }
subscribers-mailing-confirmations = Bestätigungsmails
subscribers-confirmation-bounced = { $address }: abgewiesen ({ $reply }); als unzustellbar vermerkt
subscribers-confirmation-left = { $address }: vorerst nicht verschickt ({ $reason })
subscribers-confirmations-summary = Bestätigungsmails: { $sent } verschickt, { $bounced } abgewiesen, { $due } noch offen, in { $duration }
subscribers-confirmations-resume = { $count } Bestätigungsmail(s) sind noch offen; `rundbrief subscribers resume` verschickt sie, sobald der Mailserver wieder erreichbar ist (Exit-Status 75)
subscribers-exported = { $file }: { $count } Zeilen
subscribers-not-on-list = { $address } ist nicht in der Liste
subscribers-field-name = Name:
subscribers-field-status = Status:
subscribers-field-language = Sprache:
subscribers-field-created = angelegt:
subscribers-field-confirmed = bestätigt:
subscribers-field-unsubscribed = abgemeldet:
subscribers-field-unsubscribe = Abmeldelink:
subscribers-field-interests = Interessen:
subscribers-field-preferences = Einstellungen:
subscribers-interests-everything = alles (keine Auswahl)
subscribers-by-interest = Bestätigte nach Interesse:
subscribers-unknown-interest = unbekanntes Interesse "{ $interest }"; bekannt sind: { $known } ([vocabulary] in rundbrief.toml)
subscribers-consent-history = Einwilligungsprotokoll:
subscribers-consent-text = Einwilligungstext { $version }
subscribers-total = gesamt
subscribers-removed = { $address } ist abgemeldet
subscribers-removed-already = { $address } war schon abgemeldet
subscribers-forgotten = { $address } ist mit allen Daten und dem Protokoll gelöscht; ein Schlüssel-Hash auf der Sperrliste verhindert einen erneuten Import
subscribers-forgotten-unknown = { $address } war nicht in der Liste; die Adresse steht nun auf der Sperrliste
subscribers-forget-confirm = { $address } mit allen Daten und dem Protokoll unwiderruflich löschen? [j/N]
subscribers-forget-needs-yes = ohne Terminal wird nichts ohne Bestätigung gelöscht; fügen Sie --yes hinzu
subscribers-not-forgotten = { $address } ist nicht gelöscht
subscribers-erasures = gelöscht (nur die Anzahl bleibt):
subscribers-prune-off = [subscribers] pending_days ist 0: unbestätigte Anmeldungen bleiben
subscribers-prune-would = { $count ->
        [one] { $count } Anmeldung würde gelöscht
       *[other] { $count } Anmeldungen würden gelöscht
    } (länger als { $days } Tage unbestätigt)
subscribers-pruned = { $count ->
        [one] { $count } Anmeldung gelöscht
       *[other] { $count } Anmeldungen gelöscht
    } (länger als { $days } Tage unbestätigt); das Protokoll behält nur ihre Anzahl
serve-prune-failed = das Löschen abgelaufener Anmeldungen ist fehlgeschlagen: { $error }
serve-pruned = { $count ->
        [one] { $count } Anmeldung, länger als { $days } Tage unbestätigt, gelöscht
       *[other] { $count } Anmeldungen, länger als { $days } Tage unbestätigt, gelöscht
    }

## --help: wofür ein Befehl da ist (`help-BEFEHL`, sein erster Satz ist die
## Zeile in der Befehlsliste), mehr dazu (`help-BEFEHL-details`), Beispiele
## (`help-examples-BEFEHL`, eines pro Zeile) und jedes Argument
## (`help-BEFEHL-arg-ARGUMENT`; `help-arg-ARGUMENT` für die aller Befehle).
## BEFEHL ist der Pfad der Unterbefehle: `subscribers-add`.

help-rundbrief = Ein vierteljährlicher Rundbrief mit integriertem Blog: Markdown hinein, MJML-E-Mail, Double-Opt-in, gebündelter SMTP-Versand, statisches Archiv.
help-rundbrief-after =
    Rückgabewert: 0 Erfolg, 1 Fehlschlag oder Fehler gefunden, 2 falscher Aufruf.
    Meldungen richten sich nach RUNDBRIEF_LANG (de|en), sonst nach der Locale.
help-heading-usage = Aufruf
help-heading-commands = Befehle
help-heading-arguments = Argumente
help-heading-options = Optionen
help-flag-help = Hilfe anzeigen
help-flag-help-short = Hilfe anzeigen (mehr mit '--help')
help-flag-help-long = Hilfe anzeigen (Kurzfassung mit '-h')
help-flag-version = Version anzeigen
help-command-help = Diese Hilfe oder die Hilfe der angegebenen Unterbefehle anzeigen

help-arg-workspace = Der Arbeitsordner (der mit der rundbrief.toml)
help-arg-quiet = Nur Fehler und das Erfragte ausgeben (Listen, Exporte, Status)
help-arg-verbose = Auch sagen, welcher Arbeitsordner und welche Datenbank verwendet werden und wie lange es dauerte

help-init = Legt einen neuen Arbeitsordner mit Konfiguration, Vorlagen und einer Beispielausgabe an.
help-init-arg-dir = Der Ordner für den Arbeitsordner; wird angelegt, falls er fehlt
help-examples-init =
    Beispiel:
      rundbrief init rundbrief-verein

help-new = Legt eine Quartalsausgabe oder eine Aussendung an, oder einen Beitrag darin.
help-new-arg-issue = Die Ausgabe, benannt nach Jahr und Quartal (2027-Q1) oder, als Aussendung, nach Monat und Kurzname (2027-03-einladung-tag)
help-new-arg-mailing = Eine Aussendung neben den Quartalsausgaben anlegen (Einladung, Aufruf), benannt nach Jahr, Monat und Kurzname
help-new-arg-entry = Statt der Ausgabe einen Beitrag mit diesem Titel anlegen
help-examples-new =
    Beispiele:
      rundbrief new 2027-Q1
      rundbrief new 2027-Q1 --entry "Jugendaustausch mit Polen"
      rundbrief new --mailing 2027-03-einladung-tag

help-build = Prüft eine Ausgabe und schreibt ihre E-Mail (HTML, Text, .eml) und ihre Beitragsseiten nach out/.
help-build-arg-issue = Die zu bauende Ausgabe; ohne Angabe die neueste
help-build-arg-mjml = Auch das MJML jeder Ausgabe nach den Vorlagen schreiben (out/AUSGABE/email.SPRACHE.mjml), zum Anpassen der Vorlagen
help-examples-build =
    Beispiel:
      rundbrief build 2026-Q4

help-check = Prüft eine Ausgabe: Fehler und Warnungen, jeweils mit Datei und Zeile.
help-check-details = Rückgabewert 1 bei Fehlern; mit --strict auch bei Warnungen. Mit --dns auch das DNS des Absenders: SPF, der DKIM-Schlüssel, DMARC und ein MX für Rückläufer (über den Resolver des Systems, oder den Server, den RUNDBRIEF_DNS_SERVER nennt).
help-check-arg-issue = Die zu prüfende Ausgabe; ohne Angabe die neueste
help-check-arg-strict = Auch bei Warnungen fehlschlagen
help-check-arg-dns = Auch SPF, DKIM-Schlüssel, DMARC und MX des Absenders im DNS nachsehen
help-check-arg-links = Auch jeden externen Link aufrufen (HEAD, sonst GET; Weiterleitungen gefolgt) und die melden, die scheitern
help-examples-check =
    Beispiele:
      rundbrief check --strict 2026-Q4
      rundbrief check --dns

help-preview = Zeigt eine Live-Vorschau einer Ausgabe auf Loopback, bei jedem Abruf neu gerendert.
help-preview-arg-issue = Die zu öffnende Ausgabe; ohne Angabe die neueste
help-preview-arg-bind = Die Adresse, auf der gelauscht wird; bleiben Sie auf Loopback
help-examples-preview =
    Beispiel:
      rundbrief preview --bind 127.0.0.1:8000

help-subscribers = Verwaltet die Abonnenten: add, import, export, list, show, remove, forget, prune.
help-examples-subscribers =
    Beispiel:
      rundbrief subscribers import anmeldungen.csv

help-send = Verschickt eine Ausgabe an alle bestätigten Abonnenten, oder eine Testkopie.
help-send-details = Die Empfänger werden zuerst im Versandprotokoll festgehalten; ein erneutes send setzt fort: niemand erhält eine zweite Kopie, niemand wird übergangen.
help-send-arg-issue = Die zu verschickende Ausgabe; ohne Angabe die neueste
help-send-arg-test = Eine Kopie, mit [TEST] markiert, an jede Adresse schicken; nichts wird protokolliert
help-send-arg-dry-run = Empfänger, Server und Dauer zeigen und eine Beispielnachricht schreiben; nichts verschicken
help-send-arg-yes = Nicht nach Bestätigung fragen (nötig ohne Terminal)
help-send-arg-connections = Wie viele SMTP-Verbindungen offen bleiben; ohne Angabe [smtp] connections
help-send-arg-rate = Nachrichten pro Sekunde, Minute oder Stunde (10/s, 600/min, 20000/h, unlimited)
help-send-arg-at = Den Versand für diese Zeit vormerken statt jetzt zu senden ("2027-02-25 09:00", in der Zeitzone aus [site] timezone); ein laufendes `rundbrief serve` verschickt ihn dann
help-send-arg-cancel = Den vorgemerkten Versand der Ausgabe streichen
help-examples-send =
    Beispiele:
      rundbrief send 2026-Q4 --test redaktion@example.org
      rundbrief send 2026-Q4 --dry-run
      rundbrief send 2026-Q4 --yes --rate 600/min
      rundbrief send 2026-Q4 --at "2026-12-03 09:00"

help-status = Zeigt, wie der Versand einer Ausgabe steht: Zahlen, Rate, Antworten, Fehlschläge.
help-status-arg-issue = Die Ausgabe; ohne Angabe die neueste
help-inbox = Liest das Rückläufer-Postfach einmal: Unzustellbare, Beschwerden und Abmeldungen per E-Mail ändern die Liste, jeweils mit einem Einwilligungs-Ereignis, das den Bericht nennt.
help-inbox-details = Liest das IMAP-Postfach aus [inbox] url (Passwort aus RUNDBRIEF_IMAP_PASSWORD) oder einen lokalen Maildir-Ordner. Eine verarbeitete E-Mail wird markiert (oder verschoben oder gelöscht, wie [inbox] sagt), sodass ein zweiter Lauf nichts ändert; eine E-Mail, die kein Bericht ist, bleibt für Sie zum Lesen. `serve` tut dasselbe alle [inbox] poll.
help-inbox-arg-maildir = Diesen Maildir-Ordner (mit cur/, new/, tmp/) statt des IMAP-Postfachs lesen
help-inbox-arg-dry-run = Sagen, was jede E-Mail ist und was sich ändern würde, und nichts ändern
help-examples-status =
    Beispiel:
      rundbrief status 2026-Q4

help-examples-inbox =
    Beispiele:
      rundbrief inbox --dry-run
      rundbrief inbox
      rundbrief inbox --maildir /var/mail/bounces

help-archive = Schreibt das Archiv: alle Ausgaben und Beiträge als statische Website mit Feed.
help-archive-arg-out = Der zu schreibende Ordner; ohne Angabe [paths] public (public/). Er wird als Ganzes ersetzt, und nur, wenn die ganze Website gebaut werden konnte
help-archive-arg-drafts = Auch Ausgaben und Beiträge, die als Entwurf markiert sind
help-archive-arg-serve = Die geschriebene Website danach auf Loopback ausliefern, um sie vor dem Hochladen anzusehen; Links unter base_url führen zur lokalen Kopie
help-archive-arg-bind = Die Adresse, auf der --serve lauscht; bleiben Sie auf Loopback
help-examples-archive =
    Beispiele:
      rundbrief archive --out public/
      rundbrief archive --serve

help-backup = Kopiert die Abonnentendatenbank konsistent, auch während `serve` läuft.
help-backup-details = Nutzt die Online-Sicherung von SQLite; die Kopie ist eine vollständige Datenbank.
help-backup-arg-file = Die zu schreibende Datei; wird als Ganzes ersetzt, falls es sie gibt
help-examples-backup =
    Beispiel:
      rundbrief backup /var/backups/rundbrief-$(date +%F).sqlite3

help-completions = Gibt ein Skript zur Vervollständigung in der Shell aus.
help-completions-arg-shell = Die Shell, für die das Skript ist
help-examples-completions =
    Beispiel:
      rundbrief completions bash > /etc/bash_completion.d/rundbrief

help-man = Gibt die Handbuchseite aus (roff).
help-examples-man =
    Beispiel:
      rundbrief man > /usr/local/share/man/man1/rundbrief.1

help-serve = Stellt die Seiten zum Anmelden, Bestätigen und Abmelden über HTTP bereit.
help-serve-details = Betreiben Sie es hinter einem Reverse-Proxy, der TLS terminiert; siehe README.
help-serve-arg-bind = Die Adresse, auf der gelauscht wird; ohne Angabe [serve] bind aus rundbrief.toml
help-serve-arg-lang = Mit --print-form: die Sprache des Formulars
help-serve-arg-print-form = Das Anmeldeformular als HTML-Schnipsel für die eigene Website ausgeben und nichts starten
serve-print-form-origins = Das Formular sendet an { $url }/subscribe. Tragen Sie die Herkunft Ihrer Website (z. B. "https://www.example.org") in [serve] form_origins ein, sonst weist serve die Anmeldungen ab.
help-examples-serve =
    Beispiel:
      rundbrief serve --bind 127.0.0.1:8080

help-subscribers-add = Nimmt eine Adresse als ausstehend auf und schickt ihr die Bestätigungsmail.
help-subscribers-add-arg-address = Die E-Mail-Adresse
help-subscribers-add-arg-name = Der Name für die Anrede
help-subscribers-add-arg-lang = Die Sprache der Mails: de oder en; ohne Angabe die Standardsprache der Website
help-subscribers-add-arg-no-mail = Den Bestätigungslink ausgeben, statt ihn zu mailen
help-examples-subscribers-add =
    Beispiel:
      rundbrief subscribers add anna@example.org --name "Anna Schmidt" --lang de

help-subscribers-import = Importiert eine CSV-Datei (Komma, Semikolon oder Tab; UTF-8) in einer Transaktion.
help-subscribers-import-details = Neue Adressen werden vorgemerkt (ausstehend) und erhalten die Bestätigungsmail, außer --consent hält fest, dass die Einwilligung anderweitig eingeholt wurde.
help-subscribers-import-arg-file = Die zu importierende CSV-Datei
help-subscribers-import-arg-strict = Gar nichts importieren, wenn eine Zeile ungültig ist
help-subscribers-import-arg-consent = Wie die Einwilligung eingeholt wurde; importierte Adressen gelten dann als bestätigt
help-subscribers-import-arg-no-mail = Die Bestätigungslinks ausgeben, statt sie zu mailen
help-examples-subscribers-import =
    Beispiel:
      rundbrief subscribers import teilnehmende.csv --consent "Anmeldeliste Tag der Städtepartnerschaften 2026, unterschrieben"

help-subscribers-export = Exportiert die Abonnenten als CSV, die Tabellenprogramme gefahrlos öffnen.
help-subscribers-export-arg-status = Nur Abonnenten in diesem Zustand: pending (ausstehend), confirmed (bestätigt), unsubscribed (abgemeldet), bounced (unzustellbar), complained (beschwert)
help-subscribers-export-arg-out = Die zu schreibende Datei; ohne Angabe die Standardausgabe
help-subscribers-export-arg-excel = Für deutsches Excel: Semikolons, UTF-8 mit BOM, CRLF-Zeilenenden, Vor- und Nachname in eigenen Spalten
help-examples-subscribers-export =
    Beispiel:
      rundbrief subscribers export --status confirmed --out bestaetigt.csv

help-subscribers-list = Listet die Abonnenten auf.
help-subscribers-list-arg-status = Nur Abonnenten in diesem Zustand: pending (ausstehend), confirmed (bestätigt), unsubscribed (abgemeldet), bounced (unzustellbar), complained (beschwert)
help-subscribers-list-arg-interest = Nur, wer dieses Interesse gewählt hat (wer keines wählte, erhält alles und steht hier nicht)
help-subscribers-list-arg-json = Ein JSON-Objekt pro Zeile
help-examples-subscribers-list =
    Beispiel:
      rundbrief subscribers list --status pending

help-subscribers-show = Zeigt den Zustand eines Abonnenten und sein ganzes Einwilligungsprotokoll (den Nachweis des Opt-ins).
help-subscribers-show-arg-address = Die E-Mail-Adresse
help-subscribers-show-arg-new-link = Einen neuen Link zur Einstellungsseite ausgeben; der bisherige gilt nicht mehr
help-examples-subscribers-show =
    Beispiel:
      rundbrief subscribers show anna@example.org

help-subscribers-stats = Zählt die Abonnenten nach Zustand und Sprache.
help-examples-subscribers-stats =
    Beispiel:
      rundbrief subscribers stats

help-subscribers-remove = Meldet eine Adresse ab (protokolliert als vom Team erledigt).
help-subscribers-remove-arg-address = Die E-Mail-Adresse
help-examples-subscribers-remove =
    Beispiel:
      rundbrief subscribers remove anna@example.org

help-subscribers-forget = Löscht eine Adresse samt Protokoll; nur ein Schlüssel-Hash bleibt, damit kein späterer Import sie zurückbringt (ein Löschersuchen der betroffenen Person).
help-subscribers-forget-arg-address = Die E-Mail-Adresse
help-subscribers-forget-arg-yes = Nicht nach Bestätigung fragen (nötig ohne Terminal)
help-examples-subscribers-forget =
    Beispiel:
      rundbrief subscribers forget anna@example.org --yes

help-subscribers-resume = Die Bestätigungsmails verschicken, die ein unterbrochener Import (oder eine fehlgeschlagene Anmeldung) offen ließ.
help-subscribers-prune = Löscht Anmeldungen, die länger als [subscribers] pending_days (30 ohne Angabe) unbestätigt sind; serve tut das stündlich.
help-subscribers-prune-details = Die Adressen gehen samt Tokens und Einwilligungsprotokoll; das Protokoll behält nur, wann und wie viele.
help-subscribers-prune-arg-dry-run = Nur sagen, wie viele gelöscht würden
help-examples-subscribers-resume =
    Beispiel:
      rundbrief subscribers resume
help-examples-subscribers-prune =
    Beispiel:
      rundbrief subscribers prune --dry-run

## templates list, templates copy

templates-built-in = mitgeliefert
templates-overridden = eigene in { $folder }/{ $how ->
        [older] ; die mitgelieferte hat sich geändert, seit Sie sie kopiert haben: vergleichen Sie, oder kopieren Sie sie mit --force neu
        [unchanged] ; noch gleich der mitgelieferten: Sie können sie löschen
        [unknown] ; nicht mit `templates copy` angelegt, daher ist nicht zu sagen, ob die mitgelieferte sich seither geändert hat
       *[current] {""}
    }
templates-copied = { $path }: die mitgelieferte Vorlage, zum Anpassen; rundbrief nimmt sie statt der eigenen
templates-unknown = es gibt keine mitgelieferte Vorlage „{ $name }“; es gibt: { $known }
help-templates = Die mitgelieferten Vorlagen auflisten und welche der Arbeitsordner ersetzt, oder eine zum Anpassen kopieren.
help-templates-list = Die mitgelieferten Vorlagen auflisten: wie mitgeliefert verwendet, oder durch eigene ersetzt (und ob eine eigene älter ist als die mitgelieferte).
help-templates-copy = Eine mitgelieferte Vorlage zum Anpassen in den Vorlagenordner des Arbeitsordners kopieren.
help-templates-copy-arg-name = Die Vorlage, wie `templates list` sie nennt (email.mjml, web/subscribe.html, …)
help-templates-copy-arg-force = Die eigene Kopie überschreiben
help-examples-templates =
    Beispiel:
      rundbrief templates list
help-examples-templates-list =
    Beispiel:
      rundbrief templates list
help-examples-templates-copy =
    Beispiel:
      rundbrief templates copy email.mjml
scaffold-templates-readme =
    # Vorlagen
    
    rundbrief bringt eigene Vorlagen mit: für die E-Mail, den Textteil, das Archiv
    und die Seiten von `rundbrief serve`, und verbessert sie mit jeder Version. Eine
    Datei hier mit dem Namen einer mitgelieferten Vorlage ersetzt sie in diesem
    Arbeitsordner.
    
    `rundbrief templates list` zeigt alle mitgelieferten Vorlagen und welche Sie
    ersetzen; `rundbrief templates copy email.mjml` kopiert eine hierher zum Anpassen.
