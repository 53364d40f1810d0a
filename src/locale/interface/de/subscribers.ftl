### Die Seite der Abonnenten: Adressen, die Datenbank, CSV-Listen, SMTP, serve.

## Abonnentenlisten (CSV)

csv-unspoken-lang = die Sprache „{ $lang }“ gehört nicht zu den Sprachen des Arbeitsordners ({ $spoken }); nehmen Sie sie in [site] languages in rundbrief.toml auf oder korrigieren Sie die Zeile
