### Die Seite der Abonnenten: Adressen, die Datenbank, CSV-Listen, SMTP, serve.

## Abonnentenlisten (CSV)

csv-unspoken-lang = die Sprache „{ $lang }“ gehört nicht zu den Sprachen des Arbeitsordners ({ $spoken }); nehmen Sie sie in [site] languages in rundbrief.toml auf oder korrigieren Sie die Zeile
csv-not-utf8 = { $file }:{ $line }: die Datei ist nicht in UTF-8 gespeichert (vielleicht in Windows-1252 oder ISO-8859-1, wie ältere Excel-Versionen speichern); speichern Sie sie als „CSV UTF-8“ und importieren Sie sie erneut
csv-no-email-column = { $file }:1: keine Spalte mit E-Mail-Adressen; die Kopfzeile nennt { $found }, erwartet wird eine von: email, E-Mail, Email Address, E-Mail-Adresse
csv-empty = { $file }: die Datei ist leer
csv-line-too-long = { $file }:{ $line }: die Zeile ist länger als { $max } Bytes; das Limit setzt [subscribers] import_max_line_bytes
csv-file-too-large = { $file }: die Datei ist größer als { $max } Bytes; das Limit setzt [subscribers] import_max_file_bytes
csv-name-line-break = der Name enthält einen Zeilenumbruch
csv-name-too-long = der Name ist länger als { $max } Zeichen
name-control = der Name enthält das Steuerzeichen { $char }
# $quoted: die Adresse in doppelten Anführungszeichen, maskiert; $address: wie geschrieben.
csv-address-invalid = „{ $address }“ ist keine gültige E-Mail-Adresse ({ $reason })
csv-address-empty = die Adresse ist leer
csv-address-line-break = die Adresse enthält einen Zeilenumbruch
csv-address-too-long = die Adresse ist länger als { $max } Zeichen
csv-bad-time = { $column }: „{ $value }“ ist keine Zeitangabe, die rundbrief liest (2023-04-05 10:11:12, 05.04.2023 10:11 oder Sekunden seit 1970, in UTC)
csv-bad-ip = { $column }: „{ $value }“ ist keine IP-Adresse
csv-left = { $column }: laut Export hat sich die Adresse am { $value } abgemeldet; sie wird nicht importiert

## Die Datenbank

store-too-new = { $path }: die Datenbank hat die Schemaversion { $found }, neuer als diese Version von rundbrief kennt ({ $known }); aktualisieren Sie rundbrief
store-sql = die Datenbank: { $problem }
store-backup = Sicherung nach { $path }: { $reason }
# Ein gespeicherter oder eingegebener Code, den seine Art nicht kennt: $kind ist der Typ (Status, DeliveryState …), $value der Code in Anführungszeichen.
store-unknown-value = unbekannter Wert { $value } für { $kind }; bekannt sind: { $known }


## Der geheime Schlüssel

secret-malformed = { $source } muss 64 Hexadezimalzeichen (32 Byte) enthalten; `openssl rand -hex 32` erzeugt einen solchen Schlüssel
secret-nowhere = kein geheimer Schlüssel: setzen Sie { $env } oder in rundbrief.toml [paths] secret_key auf eine Datei außerhalb des Repositorys (auch HOME ist nicht gesetzt)

## Nachrichten und ihre Zustellung

# $quoted: der Wert in doppelten Anführungszeichen, maskiert; $value: wie geschrieben.
mail-bad-mailbox = { $field } „{ $value }“ ist keine gültige Adressangabe ({ $reason }); schreiben Sie sie als `Name <adresse@example.org>`
mail-line-break = { $field } enthält einen Zeilenumbruch; eine Kopfzeile muss einzeilig sein
mail-build = die Nachricht lässt sich nicht erstellen: { $problem }
mail-dkim-bad-key = { $path }: kein privater { $algorithm }-Schlüssel ({ $problem }); RSA-Schlüssel stehen als PKCS#1-PEM (BEGIN RSA PRIVATE KEY) darin, Ed25519-Schlüssel in Base64
mail-journal-gone = das Zustellprotokoll antwortet nicht mehr; es wurde nichts weiter gesendet
mail-failures-in-a-row = { $count ->
        [one] ein Fehlschlag
       *[other] { $count } Fehlschläge in Folge
    }; der letzte: { $error }
mail-relay-refuses-everyone = der SMTP-Server hat { $count } Empfänger in Folge, bei ebenso vielen Domains, mit denselben Worten abgelehnt: { $reply }; so lehnt das Relay alle ab, nicht die Postfächer der Leser: niemand wurde als unzustellbar markiert, alle bleiben in der Warteschlange

## Das SMTP-Relay

smtp-no-password = [smtp] user ist „{ $user }“, aber { $env } ist nicht gesetzt: nichts wurde verschickt. Setzen Sie { $env } auf das Passwort des Relays, oder entfernen Sie user aus [smtp], wenn das Relay keine Anmeldung verlangt
smtp-unreachable = der SMTP-Server { $host }:{ $port } ist nicht erreichbar: { $reason }; prüfen Sie [smtp] host und port in rundbrief.toml und ob der Server läuft
smtp-greeting = der SMTP-Server { $host }:{ $port } hat die Verbindung angenommen, aber { $reason }; prüfen Sie [smtp] port und tls (Port 465 verlangt tls = "tls", die Ports 587 und 25 "starttls")
smtp-bad-greeting = seine Begrüßung ist nicht lesbar ({ $problem })
smtp-refused-connection = der SMTP-Server hat die Verbindung mit { $code } abgelehnt: { $message }
smtp-login-after-starttls = der SMTP-Server { $host }:{ $port } bietet die Anmeldung (AUTH) erst nach STARTTLS an, und [smtp] tls ist „none“: setzen Sie tls = "starttls" in rundbrief.toml
smtp-no-login = der SMTP-Server { $host }:{ $port } bietet keine Anmeldung an, die rundbrief beherrscht (AUTH PLAIN oder LOGIN), obwohl [smtp] user gesetzt ist; prüfen Sie [smtp] tls und port, oder entfernen Sie user, wenn das Relay keine Anmeldung verlangt
smtp-needs-smtputf8 = { $address } hat einen Namensteil mit Zeichen außerhalb von ASCII, der SMTPUTF8 braucht, das das Relay nicht anbietet; diese eine Adresse wurde endgültig übersprungen
smtp-login = der SMTP-Server { $host }:{ $port } hat die Anmeldung von { $user } abgelehnt: { $reason }; prüfen Sie [smtp] user und { $env }
smtp-tls-untrusted = TLS mit dem SMTP-Server { $host }:{ $port } ist fehlgeschlagen: { $reason }; das Zertifikat des Relays stammt von einer Zertifizierungsstelle, die die öffentlichen Wurzeln nicht kennen: geben Sie ihr CA-Zertifikat (PEM) als [smtp] ca_file an
smtp-tls = TLS mit dem SMTP-Server { $host }:{ $port } ist fehlgeschlagen: { $reason }; prüfen Sie [smtp] tls (none, starttls oder tls) und port
smtp-rejected = der SMTP-Server antwortete { $code } auf { $stage }: { $message }
smtp-dropped = die Verbindung zum SMTP-Server ist abgebrochen: { $reason }
smtp-timeout = der SMTP-Server antwortet nicht mehr ([smtp] timeout); die Verbindung wurde getrennt, die Nachricht bleibt für einen weiteren Versuch
smtp-no-answer = keine Antwort innerhalb von { $seconds } s
smtp-no-greeting = innerhalb von { $seconds } s keine Begrüßung gesendet ([smtp] timeout)
smtp-not-pem = { $file }: kein PEM-Zertifikat ({ $problem })

## rundbrief serve (sein Protokoll)

serve-template-failed = Vorlage { $name }: { $problem }
serve-confirmation-failed = Bestätigungsmail an Abonnent #{ $id }: { $problem }
serve-confirmation-not-logged = die Bestätigungsmail an Abonnent #{ $id } konnte nicht protokolliert werden
serve-welcome-failed = Willkommensmail an Abonnent #{ $id }: { $problem }; die Anmeldung bleibt bestätigt
