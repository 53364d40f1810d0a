## Bilder in der E-Mail (src/email_images.rs)

check-image-unreadable = das Bild lässt sich nicht lesen und geht unverändert in die Mail: { $problem }
check-image-heavy = das Bild ist auch verkleinert noch { $size } groß (Budget { $budget }); speichern Sie es stärker komprimiert oder mit kleinerem Ausschnitt
check-email-heavy = die Mail ({ $lang }) wiegt mit ihren Bildern { $size } (Budget { $budget }); auf dem Handy lädt das lange. Weniger oder kleinere Bilder helfen
