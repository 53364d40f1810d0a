### Das DNS des Absenders: was `check --dns` und `send` in SPF, DKIM, DMARC und MX finden.

dns-system-resolver = der Resolver des Systems
dns-bad-server = { $var }="{ $value }" ist weder die Adresse eines DNS-Servers (etwa 127.0.0.1:53 oder [::1]:53) noch off
dns-off = die DNS-Prüfungen sind abgeschaltet ({ $var }=off): SPF, DKIM, DMARC und MX wurden nicht abgefragt
dns-lookup-failed = die DNS-Abfrage von { $names } bekam keine Antwort von { $server } ({ $problem }); diese Einträge wurden nicht geprüft. Versuchen Sie es später noch einmal; erreicht dieser Rechner kein DNS, nennen Sie in { $var } einen Server, den er erreicht
dns-no-domain = die Domain { $domain } gibt es im DNS nicht (NXDOMAIN): Empfänger lehnen Mails von ihr ab, und Rückläufer erreichen sie nicht. Prüfen Sie die Adresse in [sender] from
dns-no-spf = { $domain } hat keinen SPF-Eintrag (TXT "v=spf1 …"): Empfänger können nicht erkennen, ob Ihr Relay für sie senden darf. Veröffentlichen Sie einen, der Ihr Relay nennt, etwa "v=spf1 include:<Domain Ihres Anbieters> -all"
dns-spf-multiple = { $domain } hat { $count } SPF-Einträge; Empfänger werten SPF dann als kaputt (permerror). Fassen Sie sie zu einem TXT "v=spf1 …" zusammen
dns-spf-invalid = der SPF-Eintrag von { $domain } ist nicht lesbar ("{ $record }"); Empfänger werten SPF als kaputt (permerror). Berichtigen Sie den Eintrag
dns-spf-pass-all = der SPF-Eintrag von { $domain } endet auf "+all" ("{ $record }"): damit darf jeder Server der Welt in Ihrem Namen senden. Beenden Sie ihn mit "-all" oder "~all"
dns-no-dkim-record = { $reason ->
    [nxdomain] { $record } gibt es im DNS nicht
   *[none] { $record } hat keinen TXT-Eintrag
}: Empfänger können die DKIM-Signatur nicht prüfen. Veröffentlichen Sie dort den öffentlichen Schlüssel zu { $key_file } (TXT "v=DKIM1; k=…; p=…"), oder berichtigen Sie selector und domain in [smtp.dkim]
dns-dkim-key-mismatch = der DKIM-Schlüssel im DNS unter { $record } passt nicht zum privaten Schlüssel { $key_file }: jede Signatur schlägt fehl. Veröffentlichen Sie dort den öffentlichen Schlüssel zu { $key_file }, oder tragen Sie den privaten Schlüssel ein, der zum veröffentlichten gehört
dns-dkim-key-revoked = der DKIM-Schlüssel unter { $record } ist zurückgezogen (leeres p=): jede Signatur schlägt fehl. Veröffentlichen Sie dort den öffentlichen Schlüssel zu { $key_file }, oder nehmen Sie einen anderen selector
dns-dkim-record-invalid = { $record } enthält keinen brauchbaren DKIM-Schlüssel ({ $reason ->
    [version] v= ist nicht DKIM1 oder nicht vorn
    [key-type] k= ist weder rsa noch ed25519
    [no-key] p= fehlt
   *[bad-key] p= ist kein öffentlicher Schlüssel
}): Empfänger können die Signatur nicht prüfen. Veröffentlichen Sie dort "v=DKIM1; k=…; p=<öffentlicher Schlüssel>"
dns-dkim-key-unreadable = der DKIM-Schlüssel { $path } ist nicht lesbar ({ $problem }) und lässt sich darum nicht mit dem DNS vergleichen
dns-no-dmarc = kein DMARC-Eintrag unter { $record } (TXT "v=DMARC1; p=…"): Gmail und Yahoo verlangen ihn von Massenversendern. Veröffentlichen Sie mindestens "v=DMARC1; p=none; rua=mailto:<Adresse für Berichte>"
dns-dmarc-invalid = der DMARC-Eintrag unter { $record } ist nicht brauchbar ("{ $text }"); Empfänger übergehen ihn. Veröffentlichen Sie genau einen richtigen Eintrag "v=DMARC1; p=…"
dns-dmarc-alignment = DMARC unter { $record } { $policy ->
    [reject] lässt Empfänger Mails abweisen
    [quarantine] lässt Empfänger Mails in den Spam legen
   *[none] meldet Mails
}, die es nicht bestehen, und die DKIM-Domain { $dkim } passt nicht zur Absenderdomain { $from } ({ $mode ->
    [strict] adkim=s: beide müssen gleich sein
   *[relaxed] beide müssen dieselbe registrierte Domain haben
}). Signieren Sie als { $from } ([smtp.dkim] domain), oder senden Sie von einer Adresse unter { $dkim }
dns-no-mx = { $reason ->
    [null] { $domain } erklärt, keine Mails anzunehmen (Null-MX)
   *[none] { $domain } hat weder einen MX- noch einen Adresseintrag
}: Rückläufer erreichen den Return-Path nicht, und manche Empfänger lehnen solche Absender ab. Veröffentlichen Sie einen MX-Eintrag für { $domain }
