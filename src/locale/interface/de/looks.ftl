## Aussehen: Logo, Akzentfarbe

config-bad-color = „{ $text }“ ist keine Farbe; schreiben Sie sie wie in CSS als "#1f4e79" oder "#14a"
check-low-contrast = [site] accent_color = "{ $color }" hat mit weißer Schrift nur ein Kontrastverhältnis von { $ratio }:1; für lesbare Köpfe und Knöpfe verlangt WCAG AA mindestens 4.5:1 – wählen Sie einen dunkleren Farbton
check-logo-missing = [site] logo = "{ $path }" gibt es im Arbeitsbereich nicht
archive-logo-outside = führt aus dem Arbeitsbereich hinaus (nach { $target }); das Archiv veröffentlicht nur Dateien des Arbeitsbereichs
