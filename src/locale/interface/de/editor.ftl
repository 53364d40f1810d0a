### Die Seite der Redaktion: Ausgaben laden und prüfen, die Konfiguration, Vorlagen, die Vorschau, das Archiv.
