### Darstellen und Veröffentlichen: Vorlagen, Links, die Gerüste von init und new, die Vorschau, build und das Archiv.

## Darstellen

render-mjml-invalid = die Vorlage ergibt kein gültiges MJML: { $problem }; prüfen Sie die mj-Tags der Vorlage

## Vorlagen

template-missing = { $problem } — die Vorlage fehlt; legen Sie sie an oder entfernen Sie den Verweis darauf
template-invalid = { $problem } — prüfen Sie die Vorlage
template-unreadable = die Vorlage { $name } ist nicht lesbar: { $problem }
template-no-message = keine Meldung „{ $id }“ im Katalog von { $lang }

## Links im Markdown der Redaktion

link-missing = { $url } zeigt auf { $path }, das es nicht gibt; prüfen Sie Namen und Groß-/Kleinschreibung
link-outside-issues = { $url } zeigt aus dem Ordner der Ausgaben heraus; legen Sie die Datei in den Ordner der Ausgabe oder verlinken Sie mit https://
link-not-an-entry = { $url }: { $path } ist kein lesbarer Beitrag

## init und new

scaffold-exists = { $path } gibt es schon; nichts wurde überschrieben
scaffold-workspace-exists = { $path } gibt es schon: der Ordner ist bereits ein Arbeitsordner
# Der Titel des ersten Beitrags, den `rundbrief init` anlegt; sein Dateiname folgt ihm.
scaffold-welcome-title = Willkommen
scaffold-no-issue = die Ausgabe { $id } gibt es nicht; legen Sie sie zuerst mit `rundbrief new { $id }` an
scaffold-title-one-line = ein Titel ist eine Zeile
scaffold-title-no-slug = aus diesem Titel lässt sich kein Dateiname bilden; verwenden Sie Buchstaben oder Ziffern

## Die Vorschau

preview-title = { $title } · rundbrief-Vorschau
preview-check-ok = ✓ check: in Ordnung
preview-back = alle Ausgaben
# Der Wechsel zwischen den Fassungen einer Ausgabe: ein Link je Sprache.
preview-language-name = { $code ->
        [de] Deutsch
        [en] Englisch
       *[other] { $code }
    }
# Links auf die Teile der E-Mail für sich.
preview-text-link = Text
preview-html-link = HTML
# Überschriften über der E-Mail in Desktop- und Handybreite und ihrem Textteil.
preview-width = { $width } px
preview-text = Textfassung
preview-entries = Beiträge
preview-not-found = nicht gefunden
preview-stale = Die Ausgabe lässt sich gerade nicht darstellen. Unten steht die letzte Fassung, die es konnte, von { $at }; beheben Sie die Fehler oben und laden Sie neu.
preview-never-rendered = Die Ausgabe ließ sich seit dem Start der Vorschau noch nicht darstellen; beheben Sie die Fehler oben und laden Sie neu.
# Eine Anfrage für einen anderen Hostnamen (DNS-Rebinding) wird mit diesem Text abgewiesen.
preview-foreign-host = Diese Vorschau antwortet nur unter localhost, 127.0.0.1 oder [::1].

## build und archive

build-check-failed = { $count ->
        [one] ein Fehler in der Ausgabe
       *[other] { $count } Fehler in der Ausgabe
    }
# Eine Datei eines Beitrags ist ein Symlink anderswohin.
archive-asset-outside = führt aus dem Ordner seiner Ausgabe hinaus (nach { $target }); das Archiv veröffentlicht nur Dateien der Ausgabe
archive-check-failed = die Ausgabe { $id } hat Fehler
