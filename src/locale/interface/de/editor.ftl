### Die Seite der Redaktion: Ausgaben laden und prüfen, die Konfiguration, Vorlagen, die Vorschau, das Archiv.

## check: das Wort für die Schwere und was jede Prüfung findet

check-severity-error = Fehler
check-severity-warning = Warnung
check-line-break = { $key } ({ $lang }) enthält einen Zeilenumbruch; schreiben Sie ihn in eine Zeile
check-long-subject = der Betreff ({ $lang }) hat { $chars } Zeichen; Mailprogramme kürzen ab etwa { $max }
check-missing-preheader = kein preheader ({ $lang }): Mailprogramme zeigen dann den ersten Text der Mail als Vorschau; setzen Sie preheader = "…"
check-draft = Entwurf (draft = true): der Beitrag wird nicht verschickt
check-email-clipped = die Mail ({ $lang }) ist { $size } groß; Gmail kürzt ab 102 KB und versteckt dann den Abmeldelink. Kürzen Sie Beiträge auf eine Zusammenfassung (summary = "…")
check-email-large = die Mail ({ $lang }) ist { $size } groß; Gmail kürzt ab 102 KB
check-insecure-link = { $url } ist unverschlüsselt (http://); verwenden Sie https://, wenn die Seite es anbietet
check-missing-alt = dem Bild { $src } fehlt ein Alternativtext; Screenreader und Mailprogramme, die Bilder blockieren, zeigen sonst nichts (image_alt = "…" oder ![Beschreibung](…))
# $key: was noch den Beispieltext hält: subject, preheader, editorial, body, summary, text, cta.url, events.link
check-placeholder = { $key } ist noch der Beispieltext, den `rundbrief init` oder `rundbrief new` geschrieben hat; schreiben Sie Ihren eigenen, bevor das hinausgeht
check-entry-after-issue = der Beitrag ist auf den { $date } datiert, nach seiner Ausgabe ({ $issue_date }); stimmt eines der beiden Daten nicht?
check-entry-too-old = der Beitrag ist auf den { $date } datiert, mehr als ein Jahr vor seiner Ausgabe ({ $issue_date }); stimmt das Jahr?
check-event-past = der Termin „{ $title }“ am { $date } liegt vor dem Datum der Ausgabe ({ $issue_date }): die Leserinnen und Leser erfahren davon, wenn er vorbei ist
check-empty-link = ein Link ohne Ziel, wie in [Text](); tragen Sie ein, wohin er führen soll
check-unknown-scheme = { $url }: „{ $scheme }:“ öffnet kein Programm der Leserinnen und Leser; ein Tippfehler für https:?
check-missing-anchor = { $url }: diese Seite hat keinen Anker „{ $anchor }“; der Link führt ins Leere
check-dead-link = { $url } antwortet nicht wie erwartet: { $problem }
check-no-dkim = die Mails werden nicht mit DKIM signiert; Gmail, Yahoo und andere verlangen das von Massenversendern. Legen Sie [smtp.dkim] an (oder lassen Sie Ihr Relay signieren)
check-dkim-alignment = die DKIM-Domain { $domain } passt nicht zur Absenderdomain { $from }; für DMARC muss die Absenderdomain dieselbe oder eine Subdomain sein
# $keys: die fehlenden Schlüssel von [site], "privacy_url, imprint_url".
check-no-legal-notice = [site] { $keys } { $count ->
        [one] fehlt
       *[other] fehlen
    }: Anmeldeformular und jede Mail sollten Datenschutzerklärung und Impressum verlinken; setzen Sie privacy_url = "https://…" und imprint_url = "https://…"
check-insecure-unsubscribe = public_url ist kein https://-Link; die Abmeldung mit einem Klick (RFC 8058) muss über https laufen, sonst zeigen Mailprogramme keinen Abmeldeknopf
check-spammy-subject = der Betreff ({ $lang }) schreit (Großbuchstaben, !!): Spamfilter werten das ab
check-short-link = { $url } ist ein Kurzlink; Spamfilter misstrauen ihnen, weil niemand sieht, wohin sie führen. Verlinken Sie die Seite selbst

## Ausgaben und Beiträge

content-unreadable = nicht lesbar: { $error }
content-not-utf8 = die Datei ist nicht in UTF-8 gespeichert; speichern Sie sie im Editor als UTF-8
content-no-issue = die Ausgabe { $id } gibt es nicht; `rundbrief new { $id }` legt sie an
content-no-entries = { $dir } enthält keine Beiträge (*.md); `rundbrief new { $id } --entry "Titel"` legt einen an
content-duplicate-slug = der Slug "{ $slug }" gehört schon zu { $other }; ändern Sie den Titel oder setzen Sie `slug = "…"`
content-edition-own-lang = [editions.{ $code }] wiederholt die Sprache der Ausgabe selbst; entfernen Sie den Abschnitt
content-cta-not-in-issue = einen Knopf ([cta]) hat nur eine Aussendung (issues/2027-03-einladung-tag); eine Quartalsausgabe verlinkt im Editorial oder in ihren Beiträgen
content-cta-label = [cta] label fehlt oder ist leer; schreiben Sie, was der Knopf tut, etwa label = "Jetzt anmelden"
content-cta-url = [cta] url ist leer; schreiben Sie die Adresse, zu der der Knopf führt, oder eine Datei im Ordner der Aussendung
content-unknown-tag = unbekannter Eintrag "{ $tag }" in { $key }; bekannt sind: { $known } (das Vokabular steht in rundbrief.toml unter [vocabulary])
content-audience-language = die Zielgruppe nennt die Sprache "{ $code }", die der Arbeitsbereich nicht hat; möglich sind: { $known } ([site] languages in rundbrief.toml)
content-front-matter-not-opened = die Datei muss mit einer Zeile +++ beginnen, gefolgt von den Angaben (title = "…") und einer weiteren Zeile +++
content-front-matter-not-closed = die Angaben nach +++ werden nie geschlossen; setzen Sie eine Zeile +++ nach der letzten Angabe
slug-invalid = ein Slug besteht aus Kleinbuchstaben, Ziffern und einzelnen Bindestrichen
slug-from-title = aus diesem Titel lässt sich keine Adresse bilden; setzen Sie `slug = "…"`
issue-id-invalid = „{ $name }“ ist kein Name einer Ausgabe; Quartalsausgaben heißen nach Jahr und Quartal, etwa 2026-Q4, Aussendungen nach Jahr, Monat und einem Kurznamen, etwa 2027-03-einladung-tag
mailing-slug-invalid = „{ $name }“ ist kein Name einer Aussendung: { $reason }; Aussendungen heißen nach Jahr, Monat und einem Kurznamen, etwa 2027-03-einladung-tag
mailing-slug-shape = vorn stehen das Jahr mit vier und der Monat mit zwei Ziffern, dann ein Bindestrich und der Kurzname
mailing-slug-month = einen solchen Monat gibt es nicht (01 bis 12)
mailing-slug-empty = nach dem Monat fehlt der Kurzname
mailing-slug-too-long = der Kurzname nach dem Monat ist länger als { $max } Zeichen
mailing-slug-characters = der Kurzname besteht nur aus Kleinbuchstaben ohne Umlaute, Ziffern und Bindestrichen
mailing-slug-dashes = der Kurzname beginnt und endet nicht mit einem Bindestrich und hat keine zwei hintereinander
workspace-no-issue = in { $dir } gibt es noch keine Ausgabe; `rundbrief new { $id }` legt eine an

## rundbrief.toml

config-missing = keine rundbrief.toml in { $dir }; ist das ein rundbrief-Arbeitsordner? `rundbrief init ORDNER` legt einen an, `--workspace` wählt einen anderen
config-language-twice = die Sprache „{ $lang }“ steht zweimal in site.languages; nennen Sie jede nur einmal
config-salutation-language = [salutation.{ $lang }] gilt einer Sprache, die nicht in site.languages steht ({ $known })
config-no-languages = site.languages ist leer; nennen Sie mindestens eine Sprache, zum Beispiel ["de"]
config-bad-mailbox = „{ $text }“ ist keine Absenderangabe ({ $reason }); schreiben Sie sie als Name <adresse@example.org> oder adresse@example.org
config-bad-imap-url = „{ $text }“ ist keine Postfach-Adresse; schreiben Sie sie als imaps://benutzer@mail.example.org/INBOX (das Passwort kommt aus RUNDBRIEF_IMAP_PASSWORD)
config-bad-rate = „{ $text }“ ist keine Senderate; schreiben Sie sie als 10/s, 600/min, 20000/h oder unlimited
config-bad-interval = „{ $text }“ ist keine Zeitspanne; schreiben Sie sie als 500ms, 2s, 5min oder 1h
config-bad-origin = „{ $text }“ ist kein Web-Ursprung; schreiben Sie ihn wie https://www.example.org
config-not-a-url = „{ $text }“ ist keine URL: { $reason }
config-url-reason = { $reason ->
        [empty-host] der Rechnername fehlt
        [idna] ungültiger internationaler Domainname
        [invalid-port] ungültige Portnummer
        [invalid-ipv4] ungültige IPv4-Adresse
        [invalid-ipv6] ungültige IPv6-Adresse
        [invalid-domain-character] unzulässiges Zeichen im Domainnamen
        [relative] eine relative Adresse; schreiben Sie sie vollständig mit https://
       *[other] die Adresse ist ungültig ({ $original })
    }
config-url-not-http = „{ $text }“ muss eine http(s)-Adresse mit Rechnernamen sein

## E-Mail-Adressen

address-empty = die Adresse ist leer
address-line-break = die Adresse enthält einen Zeilenumbruch
address-too-long = die Adresse ist länger als { $max } Zeichen
address-invalid = „{ $address }“ ist keine gültige E-Mail-Adresse ({ $reason })
address-reason = { $reason ->
        [invalid-character] unzulässiges Zeichen
        [missing-separator] das Zeichen @ fehlt
        [local-part-empty] vor dem @ steht nichts
        [local-part-too-long] der Teil vor dem @ ist länger als 64 Zeichen
        [domain-empty] nach dem @ steht nichts
        [domain-too-long] die Domain ist zu lang
        [sub-domain-empty] ein Teil der Domain ist leer (zwei Punkte hintereinander?)
        [sub-domain-too-long] ein Teil der Domain ist länger als 63 Zeichen
        [domain-too-few] die Domain braucht mindestens einen Punkt, etwa example.org
        [domain-invalid-separator] ein Punkt steht an falscher Stelle in der Domain
        [unbalanced-quotes] die Anführungszeichen vor dem @ sind nicht geschlossen
        [invalid-comment] ein Kommentar in Klammern ist fehlerhaft
        [domain-literal] Adressen mit IP-Adresse statt Domain sind nicht erlaubt
        [display-name] nur die Adresse selbst, ohne Namen davor
        [domain-not-a-name] die Domain ist kein gültiger Name
       *[other] ungültige Adresse ({ $original })
    }

## TOML-Dateien: issue.toml, die Angaben eines Beitrags, rundbrief.toml

toml-unknown-key = unbekannte Angabe `{ $key }`; prüfen Sie die Schreibweise oder entfernen Sie die Angabe{ $known ->
        [none] {""}
       *[other] {""} (bekannt sind: { $known })
    }
toml-unknown-key-suggestion = unbekannte Angabe `{ $key }`; Meinten Sie `{ $suggestion }`?
toml-missing-field = die Angabe `{ $key }` fehlt; { $file ->
        [config] ergänzen Sie sie (die rundbrief.toml von `rundbrief init` zeigt alle Angaben)
       *[other] ergänzen Sie sie (`rundbrief new` zeigt alle Felder)
    }
toml-wrong-type = hier steht { $found }, erwartet wird { $expected }
toml-found-value = { $found } ({ $value })
toml-invalid-value = der Wert { $value } ist hier nicht möglich; erwartet wird { $expected }
toml-unknown-variant = unbekannter Wert `{ $value }`; möglich sind { $known }
toml-unknown-variant-suggestion = unbekannter Wert `{ $value }`; Meinten Sie `{ $suggestion }`? (möglich sind { $known })
toml-number-too-large = die Zahl ist zu groß
toml-invalid = der Wert ist ungültig ({ $original })
toml-date = kein gültiges Datum; schreiben Sie das Datum als JJJJ-MM-TT (zum Beispiel 2026-11-25), mit Uhrzeit als 2026-11-25T15:00:00
toml-duplicate-key = die Angabe `{ $key }` steht doppelt; entfernen Sie eine davon
toml-syntax = TOML-Schreibfehler in Spalte { $column }: { $problem }
toml-syntax-problem = { $kind ->
        [quote] ein Text ist nicht richtig geschlossen; prüfen Sie, ob jedes " (oder ''' bei mehreren Zeilen) wieder geschlossen wird
        [unquoted] Texte stehen in Anführungszeichen: name = "Text" (hier steht { $text })
        [missing-value] nach dem Namen fehlen = und ein Wert: name = "Text"
        [table] eine Abschnittsüberschrift ist fehlerhaft; schreiben Sie sie als [name] oder [[name]]
        [array] eine Liste ist fehlerhaft; schreiben Sie sie als ["a", "b"], mit Kommas zwischen den Einträgen
        [inline-table] eine Tabelle in geschweiften Klammern ist fehlerhaft; schreiben Sie sie in einer Zeile als {"{"} name = "Text", andere = 1 {"}"}
        [number] keine gültige Zahl
        [key] kein gültiger Name; Namen bestehen aus Buchstaben, Ziffern, - und _ oder stehen in Anführungszeichen
        [comment] kein gültiger Kommentar; ein Kommentar beginnt mit # und reicht bis zum Zeilenende
        [escape] ungültige Escape-Sequenz in einem Text; schreiben Sie \\ für einen Backslash oder verwenden Sie '…' statt "…"
        [line-end] nach dem Wert folgt noch etwas; jede Angabe steht in einer eigenen Zeile
        [carriage-return] ein einzelnes Wagenrücklaufzeichen; speichern Sie die Datei mit gewöhnlichen Zeilenenden
       *[other] die Zeile ist kein gültiges TOML ({ $original })
    }
toml-type = { $kind ->
        [string] ein Text in Anführungszeichen
        [integer] eine ganze Zahl
        [unsigned] eine ganze Zahl ab 0
        [float] eine Kommazahl
        [boolean] true oder false
        [datetime] ein Datum
        [array] eine Liste in eckigen Klammern
        [table] eine Tabelle (ein [Abschnitt])
        [socket-address] eine Adresse mit Port, etwa 127.0.0.1:8080
        [ip-address] eine IP-Adresse, etwa 192.0.2.1
       *[other] ein anderer Wert ({ $original })
    }
toml-found = { $kind ->
        [string] ein Text
        [integer] eine Zahl
        [float] eine Kommazahl
        [boolean] ein Wahrheitswert
        [datetime] ein Datum
        [array] eine Liste
        [table] eine Tabelle
       *[other] { $original }
    }
