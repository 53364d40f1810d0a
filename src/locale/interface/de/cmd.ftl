### Was die Kommandozeile selbst sagt: Fortschritt, Zusammenfassungen, Rückfragen.
