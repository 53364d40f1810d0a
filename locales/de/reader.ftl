### Was Leserinnen und Leser auf Deutsch lesen: die Wörter der E-Mail, der
### Archivseiten und der Seiten von `rundbrief serve`, die Bestätigungsmail und
### der Einwilligungstext. Eine Sprache kommt hinzu, indem ein Arbeitsordner
### diese Datei nach locales/<sprache>/reader.ftl kopiert und übersetzt.

## Die Sprache selbst und wie sie Daten und Zahlen schreibt

language-name = Deutsch
# Monatsnamen aus dieser POSIX-Locale (chrono): de_DE, en_GB, pl_PL, hu_HU, tr_TR, sq_AL, mk_MK …
format-locale = de_DE
format-date = %-d. %B %Y
format-date-time = %-d. %B %Y, %H:%M Uhr
format-zoned = { $time } ({ $zone })
format-zone-cet = MEZ
format-zone-cest = MESZ
format-decimal-mark = ,
format-hours-minutes = { $hours } Std. { $minutes } Min.
format-minutes-seconds = { $minutes } Min. { $seconds } s

## Die E-Mail und das Archiv

read-more = Weiterlesen
editorial = Editorial
in-this-issue = In dieser Ausgabe
events = Termine
add-to-calendar = In den Kalender eintragen
upcoming-events = Kommende Termine
no-upcoming-events = Zurzeit sind keine Termine angekündigt.
subscribe-calendar = Alle Termine im eigenen Kalender abonnieren
by = von
web-version = Im Browser ansehen
preferences = Ihre Einstellungen
unsubscribe = Abmelden
why-you-get-this = Sie erhalten diesen Rundbrief, weil Sie ihn abonniert und Ihre Anmeldung bestätigt haben.
countries = Länder
themes = Themen
more-info = Mehr erfahren
back-to-issue = Zur Ausgabe
footnote-back = Zurück zum Verweis { $number }
read-more-about = Weiterlesen: { $title }
published-in = Erschienen in
issue = Ausgabe
image = Bild
all-issues = Alle Ausgaben
previous = Voriger Beitrag
next = Nächster Beitrag
country = Land
theme = Thema
entries-on = Beiträge
not-found = Seite nicht gefunden
not-found-text = Diese Seite gibt es nicht (mehr). Alle Ausgaben und Beiträge finden Sie im Archiv.
feed = Atom-Feed
# Die Links auf [site] privacy_url und imprint_url in jeder Fußzeile und neben der Einwilligung.
privacy = Datenschutzerklärung
imprint = Impressum
read-issue = Ausgabe lesen
# Aussendungen neben den Quartalsausgaben: die Kennzeichnung einer einzelnen und der Abschnitt im Archiv.
mailing = Mitteilung
mailings = Einladungen & Mitteilungen

# Die Anrede über dem Editorial: mit Namen, und wenn keiner bekannt ist.
greeting-named = Hallo { $name },
greeting-all = Liebe Leserinnen und Leser,
# Wem die Vorschau und die .eml-Dateien geschrieben sind.
sample-name = Erika Mustermann
sample-address = erika.mustermann@example.org

## Das Archiv im Netz: Navigation, Übersicht, Suche und Vorschau geteilter Links

# Was eine Suchmaschine und ein geteilter Link über die Startseite des Archivs sagen.
archive-intro = Alle Ausgaben, Beiträge und Termine zum Nachlesen – und der Rundbrief zum Abonnieren.
subscribe = Abonnieren
topics = Länder und Themen
search = Suche
search-label = Im Archiv suchen
search-button = Suchen
search-needs-script = Die Suche braucht JavaScript; alle Beiträge finden Sie auch über Länder und Themen.
search-none = Nichts gefunden.
search-results = Treffer
# Die Startseite einer Sprachausgabe (/en/, /pl/), in ihrer Sprache.
edition-index = Alle Ausgaben auf Deutsch
languages = Sprachen

## Die Seiten von `rundbrief serve`

subscribe-title = Rundbrief abonnieren
subscribe-intro = Der Rundbrief kommt per E-Mail, etwa viermal im Jahr. Sie bestätigen die Anmeldung über einen Link, den wir Ihnen schicken; abmelden können Sie sich jederzeit.
address = E-Mail-Adresse
name = Name (freiwillig)
language = Sprache
subscribe-button = Abonnieren
check-inbox-title = Fast geschafft
check-inbox = Wenn diese Adresse noch nicht angemeldet ist, haben wir ihr eine E-Mail mit einem Bestätigungslink geschickt. Bitte öffnen Sie den Link, um die Anmeldung abzuschließen. Ohne Bestätigung erhalten Sie nichts.
invalid-address = Bitte geben Sie eine gültige E-Mail-Adresse an.
consent-required = Bitte stimmen Sie dem Empfang zu, damit wir Ihnen den Rundbrief schicken dürfen.
confirm-title = Anmeldung bestätigen
confirm-text = Bitte bestätigen Sie, dass Sie den Rundbrief an diese Adresse erhalten möchten:
confirm-button = Anmeldung bestätigen
confirmed-title = Vielen Dank!
confirmed-text = Ihre Anmeldung ist bestätigt. Sie erhalten die nächste Ausgabe des Rundbriefs.
unsubscribe-title = Rundbrief abbestellen
unsubscribe-text = Möchten Sie den Rundbrief an diese Adresse nicht mehr erhalten?
unsubscribe-button = Abmelden
unsubscribed-title = Sie sind abgemeldet
unsubscribed-text = Sie erhalten keine weiteren Ausgaben. War das ein Versehen? Sie können sich jederzeit wieder anmelden.
subscribe-again = Wieder anmelden
invalid-link-title = Dieser Link ist nicht gültig
invalid-link = Vielleicht wurde er nicht vollständig kopiert. Öffnen Sie ihn bitte direkt aus der E-Mail, oder melden Sie sich neu an.
expired-link-title = Dieser Link ist abgelaufen
expired-link = Bestätigungslinks gelten nur einige Tage. Melden Sie sich einfach noch einmal an; wir schicken Ihnen einen neuen Link.
left-title = Sie sind nicht mehr angemeldet
left-text = Diese Adresse hat den Rundbrief verlassen, nachdem der Link verschickt wurde; der Link bestätigt deshalb nichts. Wenn Sie den Rundbrief wieder erhalten möchten, melden Sie sich bitte neu an.
foreign-form-title = Anmeldung nicht angenommen
foreign-form = Diese Anmeldung kam von einer Seite, die niemanden für diesen Rundbrief anmelden darf. Bitte nutzen Sie das Formular auf unserer eigenen Website.
too-many-title = Zu viele Anfragen
too-many = Von Ihrer Verbindung kamen in kurzer Zeit zu viele Anmeldungen. Bitte versuchen Sie es später noch einmal.
server-error-title = Ein Fehler ist aufgetreten
server-error = Bitte versuchen Sie es später noch einmal.
not-found-title = Seite nicht gefunden
archive = Alle Ausgaben

## Die Einwilligung, die beim Anmelden gegeben und im Protokoll festgehalten wird

consent = Ja, ich möchte den Rundbrief „{ $site }“ per E-Mail erhalten, etwa viermal im Jahr. Meine Adresse wird nur dafür verwendet und nicht weitergegeben. Ich kann mich jederzeit über den Link in jeder Ausgabe abmelden.

## Die Bestätigungsmail des Double-Opt-in

confirm-mail-subject = Bitte bestätigen Sie Ihre Anmeldung: { $site }
confirm-mail-preview = Ein Klick, und Sie erhalten den Rundbrief „{ $site }“.
confirm-mail-greeting-named = Guten Tag { $name },
confirm-mail-greeting = Guten Tag,
confirm-mail-requested = am { $when } wurde { $how } der Rundbrief „{ $site }“ für die Adresse { $address } bestellt.
confirm-mail-requested-ip = am { $when } wurde { $how } der Rundbrief „{ $site }“ für die Adresse { $address } bestellt (von der IP-Adresse { $ip }).
confirm-mail-how-form = über das Anmeldeformular auf { $host }
confirm-mail-how-staff = durch das Team von „{ $site }“
confirm-mail-ask = Wenn Sie das waren, bestätigen Sie die Anmeldung bitte mit diesem Knopf:
confirm-mail-ask-text = Wenn Sie das waren, bestätigen Sie die Anmeldung bitte über diesen Link:
confirm-mail-button = Anmeldung bestätigen
confirm-mail-or-link = Oder öffnen Sie diesen Link:
confirm-mail-ignore = Wenn Sie den Rundbrief nicht bestellt haben, ignorieren Sie diese E-Mail einfach. Ohne Bestätigung erhalten Sie nichts, und der Link verfällt nach { $days ->
        [one] einem Tag
       *[other] { $days } Tagen
    }.

## The reader's own preferences page (`rundbrief serve`, /preferences/…).
preferences-title = Ihre Einstellungen
preferences-intro = Hier bestimmen Sie selbst, was Sie von uns bekommen, und sehen alles, was wir über Sie gespeichert haben.
preferences-save = Einstellungen speichern
preferences-saved = Ihre Einstellungen sind gespeichert.
preferences-unchanged = Es gab nichts zu ändern.
interests-legend = Worüber möchten Sie lesen?
interests-hint = Wählen Sie nichts, erhalten Sie alles.
interests-countries = Partnerländer
interests-themes = Themen
preferences-address-title = Neue E-Mail-Adresse
preferences-address-intro = Wir schicken einen Bestätigungslink an die neue Adresse. Bis Sie ihn öffnen, bleibt Ihre bisherige Adresse gültig.
preferences-address-label = Neue Adresse
preferences-address-button = Bestätigungslink senden
preferences-address-sent = Bitte öffnen Sie den Link, den wir an { $address } geschickt haben. Bis dahin schreiben wir weiter an Ihre bisherige Adresse.
preferences-address-pending = Angefragt, noch nicht bestätigt: { $address }
preferences-address-same = Das ist schon Ihre Adresse.
preferences-address-taken = Diese Adresse können wir nicht übernehmen. Schreiben Sie uns, wenn Sie Hilfe brauchen.
preferences-data-title = Was wir über Sie speichern
preferences-data-intro = Das ist alles, was wir zu Ihrer Adresse gespeichert haben (Art. 15 DSGVO). Sie können es als Datei herunterladen (Art. 20 DSGVO).
preferences-field-status = Status
preferences-field-name = Name
preferences-field-language = Sprache
preferences-field-interests = Interessen
preferences-field-created = Eingetragen am
preferences-field-confirmed = Bestätigt am
preferences-field-unsubscribed = Abgemeldet am
preferences-everything = alles
preferences-history = Verlauf Ihrer Einwilligung
preferences-download = Meine Daten herunterladen (JSON)
preferences-leave-title = Abmelden oder alles löschen
preferences-erase-button = Alle meine Daten löschen
preferences-erase-title = Wirklich alle Daten löschen?
preferences-erase-text = Wir löschen Ihre Adresse, Ihren Namen, Ihre Einstellungen und den Verlauf Ihrer Einwilligung (Art. 17 DSGVO). Es bleibt nur ein verschlüsselter Fingerabdruck Ihrer Adresse, damit wir Ihnen nie wieder ohne neue Anmeldung schreiben. Das lässt sich nicht rückgängig machen.
preferences-erase-confirm = Ja, alles löschen
preferences-erase-cancel = Zurück zu den Einstellungen
preferences-erased-title = Ihre Daten sind gelöscht
preferences-erased-text = Wir haben alles gelöscht, was wir über Sie gespeichert hatten. Sie erhalten keine E-Mails mehr von uns.
status-pending = noch nicht bestätigt
status-confirmed = angemeldet
status-unsubscribed = abgemeldet
status-bounced = nicht zustellbar
status-complained = als Spam gemeldet
event-requested = Anmeldung angefragt
event-confirmation-sent = Bestätigungsmail verschickt
event-confirmed = Anmeldung bestätigt
event-consent-imported = Einwilligung übernommen
event-unsubscribed = abgemeldet
event-bounced = nicht zustellbar
event-complained = als Spam gemeldet
event-resubscribed = erneut angemeldet
event-preferences-changed = Einstellungen geändert
event-address-change-requested = neue Adresse angefragt
event-address-changed = Adresse gewechselt
event-link-renewed = neuer Link zu den Einstellungen
source-form = Anmeldeformular
source-import = Übernahme einer Liste
source-cli = durch unser Team
source-link = Link in einer E-Mail
source-one-click = Abmeldeknopf des E-Mail-Programms
source-smtp = Antwort des Mailservers
source-mail = zurückgekommene E-Mail
source-page = Ihre Einstellungsseite
ask-link-title = Schon angemeldet? Link zu Ihren Einstellungen anfordern
ask-link-intro = Geben Sie Ihre Adresse ein. Ist sie angemeldet, schicken wir Ihnen einen neuen Link zu Ihren Einstellungen; frühere Links gelten dann nicht mehr.
ask-link-button = Link anfordern
ask-link-sent-title = Sehen Sie in Ihr Postfach
ask-link-sent = Wenn diese Adresse angemeldet ist, ist ein Link zu Ihren Einstellungen unterwegs.
new-address-title = Neue Adresse bestätigen
new-address-text = Soll der Rundbrief ab jetzt an diese Adresse gehen?
new-address-button = Ja, diese Adresse verwenden
new-address-done-title = Ihre Adresse ist geändert
new-address-done = Der Rundbrief kommt ab jetzt an { $address }.
preferences-mail-subject = Ihr Link zu den Einstellungen: { $site }
preferences-mail-lead = Hier ist der Link zu Ihren Einstellungen für den Rundbrief „{ $site }“. Dort wählen Sie Ihre Themen, ändern Name, Sprache oder Adresse, sehen Ihre Daten oder melden sich ab.
preferences-mail-button = Einstellungen öffnen
preferences-mail-small-print = Sie haben diesen Link auf unserer Anmeldeseite angefordert. Frühere Links zu Ihren Einstellungen gelten nicht mehr. Waren Sie das nicht, können Sie diese E-Mail ignorieren.
new-address-mail-subject = Bitte bestätigen Sie Ihre neue Adresse: { $site }
new-address-mail-lead = Der Rundbrief „{ $site }“ soll künftig an { $address } gehen. Bitte bestätigen Sie, dass diese Adresse Ihnen gehört.
new-address-mail-button = Neue Adresse bestätigen
new-address-mail-small-print = Waren Sie das nicht, ignorieren Sie diese E-Mail einfach; dann ändert sich nichts.
confirmed-preferences = Ihre Themen wählen
## Die Willkommensmail nach der Bestätigung

welcome-mail-subject = Willkommen beim Rundbrief „{ $site }“
welcome-mail-preview = Ihre Anmeldung ist bestätigt.
welcome-mail-greeting-named = Guten Tag { $name },
welcome-mail-greeting = Guten Tag,
welcome-mail-confirmed = Ihre Anmeldung ist bestätigt: Der Rundbrief „{ $site }“ kommt künftig an { $address }.
welcome-mail-latest = Die neueste Ausgabe können Sie schon jetzt lesen:
welcome-mail-latest-button = Neueste Ausgabe lesen
welcome-mail-preferences = Ihre Einstellungen ändern:
welcome-mail-unsubscribe = Abmelden können Sie sich jederzeit hier:
