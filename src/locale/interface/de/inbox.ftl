## Das Rücklaufpostfach ([inbox]): Bounces, Beschwerden und Abmeldungen per Mail

inbox-url-scheme = [inbox] url { $url } beginnt mit { $scheme }://; rundbrief liest zurückgekommene Mail über imaps:// (TLS, Port 993) oder imap:// (STARTTLS, Port 143), nie unverschlüsselt
inbox-url-host = [inbox] url { $url } nennt keinen Server; schreiben Sie sie als imaps://benutzer@host/INBOX
inbox-url-user = [inbox] url { $url } nennt keinen Benutzer; schreiben Sie sie als imaps://benutzer@host/INBOX (ein @ im Benutzernamen als %40)
inbox-url-password = [inbox] url { $url } enthält ein Passwort; nehmen Sie es aus der URL (es stünde sonst in rundbrief.toml) und setzen Sie stattdessen { $env }
inbox-unreachable = der IMAP-Server { $host }:{ $port } ist nicht erreichbar: { $reason }; prüfen Sie Host und Port in [inbox] url und ob der Server läuft
inbox-no-answer = keine Antwort innerhalb von { $seconds } s
inbox-tls-untrusted = der IMAP-Server { $host }:{ $port } zeigt ein Zertifikat, für das keine bekannte Zertifizierungsstelle bürgt ({ $reason }); ist es selbstsigniert oder von Ihrer eigenen CA, geben Sie dieses Zertifikat (PEM) als [inbox] ca_file an
inbox-tls = TLS mit dem IMAP-Server { $host }:{ $port } ist fehlgeschlagen: { $reason }; prüfen Sie Hostnamen und Port in [inbox] url (imaps:// spricht TLS vom ersten Byte an, meist auf Port 993; imap:// nutzt STARTTLS auf Port 143)
inbox-ca-file = [inbox] ca_file { $file } ist nicht verwendbar: { $reason }
inbox-ca-file-empty = sie enthält kein Zertifikat (erwartet wird PEM: -----BEGIN CERTIFICATE-----)
inbox-no-starttls = der IMAP-Server { $host }:{ $port } hat STARTTLS abgelehnt ({ $reason }), und rundbrief schickt kein Passwort unverschlüsselt; verwenden Sie imaps:// (Port 993) in [inbox] url
inbox-login = der IMAP-Server { $host }:{ $port } hat die Anmeldung von { $user } abgelehnt: { $reason }; prüfen Sie den Benutzer in [inbox] url und das Passwort in { $env }
inbox-no-mailbox = der IMAP-Server hat für diesen Benutzer kein Postfach { $mailbox } ({ $reason }); prüfen Sie den Ordner am Ende von [inbox] url (INBOX, wenn keiner angegeben ist)
inbox-timeout = der IMAP-Server antwortet bei { $stage } nicht mehr ([inbox] timeout, { $seconds } s); nichts ging verloren, versuchen Sie es später noch einmal
inbox-dropped = die Verbindung zum IMAP-Server ist bei { $stage } abgebrochen: { $reason }; nichts ging verloren, versuchen Sie es später noch einmal
inbox-closed = der Server hat die Verbindung geschlossen
inbox-refused = der IMAP-Server hat { $stage } abgelehnt: { $reason }
inbox-no-keywords = das Postfach { $mailbox } speichert keine Schlagwörter wie { $keyword }, verarbeitete Mails lassen sich dort also nicht markieren; lassen Sie sie stattdessen in einen Ordner verschieben oder löschen
inbox-stale-id = die Mail { $id } stammt nicht aus diesem Postfach, wie es jetzt ist (es wurde inzwischen ersetzt); lesen Sie die unverarbeiteten Mails neu
inbox-gone = die Mail { $id } ist nicht mehr im Postfach; ein anderes Programm hat sie verschoben oder gelöscht
inbox-not-maildir = { $path } ist kein Maildir-Ordner: darin fehlt { $missing }/
inbox-folder-name = „{ $name }“ kann kein Maildir-Ordner für verarbeitete Mail sein; verwenden Sie einen schlichten Namen ohne „/“, der nicht mit „.“ beginnt oder endet
inbox-keywords-full = { $path } enthält schon 26 Schlagwörter, mehr fasst ein Maildir nicht, { $keyword } lässt sich also nicht hinzufügen; lassen Sie verarbeitete Mails stattdessen in einen Ordner verschieben oder löschen
inbox-file = { $path }: { $reason }
inbox-replaced = das Postfach { $mailbox } wurde ersetzt, während rundbrief es las (seine UIDVALIDITY hat sich geändert); starten Sie den Lauf erneut
inbox-no-password = [inbox] url nennt den Benutzer { $user }, aber { $env } ist nicht gesetzt; setzen Sie es auf das Passwort des Postfachs (eine Anmeldung wurde nicht versucht)
