### Darstellen und Veröffentlichen: Vorlagen, Links, die Gerüste von init und new, die Vorschau, build und das Archiv.
