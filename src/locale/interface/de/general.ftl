### Die Oberfläche für das Team auf Deutsch: was die Kommandozeile, `check`
### und die Vorschau sagen. Jede Meldung hier steht auch in en.ftl (ein Test
### prüft das).

## Sprachen und Kataloge

error-unknown-lang = „{ $code }“ ist kein Sprachcode; schreiben Sie ihn mit zwei oder drei Buchstaben, zum Beispiel „de“, „en“ oder „pl“
catalog-syntax = { $file }:{ $line }: der Katalog ist nicht lesbar: { $problem }; prüfen Sie die Fluent-Schreibweise (schlüssel = Text)
catalog-missing = für die Sprache „{ $lang }“ gibt es keinen Katalog; legen Sie { $file } an (kopieren Sie locales/en/reader.ftl und übersetzen Sie sie), oder entfernen Sie „{ $lang }“ aus [site] languages in rundbrief.toml
catalog-missing-keys = dem Katalog von „{ $lang }“ { $count ->
        [one] fehlt eine Meldung
       *[other] fehlen { $count } Meldungen
    }, die bis zur Übersetzung auf Englisch erscheinen: { $keys }

