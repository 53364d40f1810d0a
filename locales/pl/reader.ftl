### Co czytelniczki i czytelnicy czytają po polsku: słowa e-maila, stron
### archiwum i stron `rundbrief serve`, e-mail potwierdzający i treść zgody.
### Polski nie jest wbudowany: ten katalog należy do przestrzeni roboczej.
### Brakujący klucz pojawia się po angielsku, a `rundbrief check` go wymienia.

## Język i sposób zapisu dat i liczb

language-name = Polski
format-locale = pl_PL
format-date = %-d %B %Y
format-date-time = %-d %B %Y, godz. %H:%M
format-zoned = { $time } ({ $zone })
format-zone-cet = CET
format-zone-cest = CEST
format-decimal-mark = ,
format-hours-minutes = { $hours } godz. { $minutes } min
format-minutes-seconds = { $minutes } min { $seconds } s

## E-mail i archiwum

read-more = Czytaj dalej
editorial = Słowo wstępne
in-this-issue = W tym wydaniu
events = Terminy
add-to-calendar = Dodaj do kalendarza
upcoming-events = Nadchodzące wydarzenia
no-upcoming-events = Obecnie nie ma zapowiedzianych wydarzeń.
subscribe-calendar = Subskrybuj wszystkie wydarzenia we własnym kalendarzu
by = autor:
web-version = Zobacz w przeglądarce
preferences = Twoje ustawienia
unsubscribe = Wypisz się
why-you-get-this = Otrzymujesz ten biuletyn, ponieważ go zamówiłeś(-aś) i potwierdziłeś(-aś) subskrypcję.
countries = Kraje
themes = Tematy
more-info = Więcej informacji
back-to-issue = Wróć do wydania
footnote-back = Powrót do odwołania { $number }
read-more-about = Czytaj dalej: { $title }
published-in = Opublikowano w
issue = Wydanie
image = Obraz
all-issues = Wszystkie wydania
previous = Poprzedni artykuł
next = Następny artykuł
country = Kraj
theme = Temat
entries-on = Artykuły
not-found = Nie znaleziono strony
not-found-text = Ta strona nie istnieje (już). Wszystkie wydania i artykuły znajdziesz w archiwum.
feed = Kanał Atom
# Linki do [site] privacy_url i imprint_url w każdej stopce i obok zgody.
privacy = Polityka prywatności
imprint = Nota prawna
read-issue = Czytaj wydanie
mailing = Komunikat
mailings = Zaproszenia i komunikaty

greeting-named = Dzień dobry, { $name },
greeting-all = Drogie Czytelniczki, Drodzy Czytelnicy,
sample-name = Jan Kowalski
sample-address = jan.kowalski@example.org

## Archiwum w sieci: nawigacja, przegląd, wyszukiwanie i podgląd udostępnianych linków

# Co wyszukiwarka i udostępniony link mówią o stronie głównej archiwum.
archive-intro = Wszystkie wydania, artykuły i wydarzenia do ponownej lektury – oraz newsletter do zaprenumerowania.
subscribe = Zapisz się
topics = Kraje i tematy
search = Szukaj
search-label = Szukaj w archiwum
search-button = Szukaj
search-needs-script = Wyszukiwanie wymaga JavaScriptu; wszystkie artykuły można też znaleźć według krajów i tematów.
search-none = Nic nie znaleziono.
search-results = Wyniki
# Strona główna wydania językowego (/en/, /pl/), w jego języku.
edition-index = Wszystkie wydania po polsku
languages = Języki

## Strony `rundbrief serve`

subscribe-title = Zamów biuletyn
subscribe-intro = Biuletyn przychodzi e-mailem, mniej więcej cztery razy w roku. Subskrypcję potwierdzasz linkiem, który Ci wyślemy; wypisać się możesz w każdej chwili.
address = Adres e-mail
name = Imię i nazwisko (opcjonalnie)
language = Język
subscribe-button = Zamów
check-inbox-title = Prawie gotowe
check-inbox = Jeśli ten adres nie jest jeszcze zapisany, wysłaliśmy na niego e-mail z linkiem potwierdzającym. Otwórz link, aby dokończyć zapis. Bez potwierdzenia nic nie otrzymasz.
invalid-address = Podaj prawidłowy adres e-mail.
consent-required = Wyraź zgodę na otrzymywanie biuletynu, abyśmy mogli go do Ciebie wysyłać.
confirm-title = Potwierdź subskrypcję
confirm-text = Potwierdź, że chcesz otrzymywać biuletyn na ten adres:
confirm-button = Potwierdź subskrypcję
confirmed-title = Dziękujemy!
confirmed-text = Twoja subskrypcja jest potwierdzona. Otrzymasz następne wydanie biuletynu.
unsubscribe-title = Wypisz się z biuletynu
unsubscribe-text = Nie chcesz już otrzymywać biuletynu na ten adres?
unsubscribe-button = Wypisz się
unsubscribed-title = Wypisano Cię
unsubscribed-text = Nie otrzymasz kolejnych wydań. To pomyłka? W każdej chwili możesz zapisać się ponownie.
subscribe-again = Zapisz się ponownie
invalid-link-title = Ten link jest nieprawidłowy
invalid-link = Być może nie został skopiowany w całości. Otwórz go bezpośrednio z e-maila albo zapisz się ponownie.
expired-link-title = Ten link wygasł
expired-link = Linki potwierdzające są ważne tylko kilka dni. Po prostu zapisz się jeszcze raz, a wyślemy Ci nowy link.
left-title = Nie jesteś już zapisany
left-text = Ten adres wypisał się z biuletynu po wysłaniu linku, więc link niczego nie potwierdza. Aby znów otrzymywać biuletyn, zapisz się ponownie.
foreign-form-title = Zapis nie został przyjęty
foreign-form = Ten zapis pochodzi ze strony, która nie może zapisywać osób do tego biuletynu. Skorzystaj z formularza na naszej stronie.
too-many-title = Zbyt wiele żądań
too-many = Z Twojego połączenia przyszło w krótkim czasie zbyt wiele zapisów. Spróbuj ponownie później.
server-error-title = Wystąpił błąd
server-error = Spróbuj ponownie później.
not-found-title = Nie znaleziono strony
archive = Wszystkie wydania

## Zgoda wyrażana przy zapisie i zapisywana w rejestrze zgód

consent = Tak, chcę otrzymywać biuletyn „{ $site }” e-mailem, mniej więcej cztery razy w roku. Mój adres będzie używany wyłącznie w tym celu i nie zostanie przekazany dalej. Mogę wypisać się w każdej chwili za pomocą linku w każdym wydaniu.

## E-mail potwierdzający (double opt-in)

confirm-mail-subject = Potwierdź subskrypcję: { $site }
confirm-mail-preview = Jedno kliknięcie i otrzymasz biuletyn „{ $site }”.
confirm-mail-greeting-named = Dzień dobry, { $name },
confirm-mail-greeting = Dzień dobry,
confirm-mail-requested = Dnia { $when } { $how } zamówiono biuletyn „{ $site }” na adres { $address }.
confirm-mail-requested-ip = Dnia { $when } { $how } zamówiono biuletyn „{ $site }” na adres { $address } (z adresu IP { $ip }).
confirm-mail-how-form = przez formularz zapisu na { $host }
confirm-mail-how-staff = przez zespół „{ $site }”
confirm-mail-ask = Jeśli to Ty, potwierdź subskrypcję tym przyciskiem:
confirm-mail-ask-text = Jeśli to Ty, potwierdź subskrypcję tym linkiem:
confirm-mail-button = Potwierdź subskrypcję
confirm-mail-or-link = Albo otwórz ten link:
confirm-mail-ignore = Jeśli nie zamawiałeś(-aś) biuletynu, po prostu zignoruj tę wiadomość. Bez potwierdzenia nic nie otrzymasz, a link wygaśnie po { $days ->
        [one] jednym dniu
       *[other] { $days } dniach
    }.

## The reader's own preferences page (`rundbrief serve`, /preferences/…).
preferences-title = Twoje ustawienia
preferences-intro = Tutaj sam decydujesz, co od nas otrzymujesz, i widzisz wszystko, co o Tobie przechowujemy.
preferences-save = Zapisz ustawienia
preferences-saved = Twoje ustawienia zostały zapisane.
preferences-unchanged = Nie było nic do zmiany.
interests-legend = O czym chcesz czytać?
interests-hint = Jeśli nic nie wybierzesz, otrzymasz wszystko.
interests-countries = Kraje partnerskie
interests-themes = Tematy
preferences-address-title = Nowy adres e-mail
preferences-address-intro = Wyślemy link potwierdzający na nowy adres. Dopóki go nie otworzysz, obecny adres pozostaje ważny.
preferences-address-label = Nowy adres
preferences-address-button = Wyślij link potwierdzający
preferences-address-sent = Otwórz link, który wysłaliśmy na { $address }. Do tego czasu piszemy na Twój obecny adres.
preferences-address-pending = Zgłoszony, jeszcze niepotwierdzony: { $address }
preferences-address-same = To już jest Twój adres.
preferences-address-taken = Nie możemy przejąć tego adresu. Napisz do nas, jeśli potrzebujesz pomocy.
preferences-data-title = Co o Tobie przechowujemy
preferences-data-intro = To wszystko, co przechowujemy o Twoim adresie (art. 15 RODO). Możesz to pobrać jako plik (art. 20 RODO).
preferences-field-status = Status
preferences-field-name = Imię i nazwisko
preferences-field-language = Język
preferences-field-interests = Zainteresowania
preferences-field-created = Dodano
preferences-field-confirmed = Potwierdzono
preferences-field-unsubscribed = Wypisano
preferences-everything = wszystko
preferences-history = Historia Twojej zgody
preferences-download = Pobierz moje dane (JSON)
preferences-leave-title = Wypisz się lub usuń wszystko
preferences-erase-button = Usuń wszystkie moje dane
preferences-erase-title = Naprawdę usunąć wszystkie dane?
preferences-erase-text = Usuniemy Twój adres, imię, ustawienia i historię zgody (art. 17 RODO). Zostanie tylko zaszyfrowany odcisk Twojego adresu, abyśmy nigdy więcej nie pisali do Ciebie bez nowego zapisu. Tego nie można cofnąć.
preferences-erase-confirm = Tak, usuń wszystko
preferences-erase-cancel = Wróć do ustawień
preferences-erased-title = Twoje dane zostały usunięte
preferences-erased-text = Usunęliśmy wszystko, co o Tobie przechowywaliśmy. Nie otrzymasz od nas więcej e-maili.
status-pending = jeszcze niepotwierdzony
status-confirmed = zapisany
status-unsubscribed = wypisany
status-bounced = niedostarczalny
status-complained = zgłoszony jako spam
event-requested = prośba o zapis
event-confirmation-sent = wysłano e-mail potwierdzający
event-confirmed = zapis potwierdzony
event-consent-imported = zgoda przejęta
event-unsubscribed = wypisanie
event-bounced = niedostarczalny
event-complained = zgłoszony jako spam
event-resubscribed = ponowny zapis
event-preferences-changed = zmiana ustawień
event-address-change-requested = prośba o nowy adres
event-address-changed = zmiana adresu
event-link-renewed = nowy link do ustawień
source-form = formularz zapisu
source-import = przejęcie listy
source-cli = przez nasz zespół
source-link = link w e-mailu
source-one-click = przycisk wypisania w programie pocztowym
source-smtp = odpowiedź serwera pocztowego
source-mail = zwrócony e-mail
source-page = Twoja strona ustawień
ask-link-title = Już zapisany? Poproś o link do ustawień
ask-link-intro = Podaj swój adres. Jeśli jest zapisany, wyślemy nowy link do Twoich ustawień; wcześniejsze linki przestaną działać.
ask-link-button = Wyślij link
ask-link-sent-title = Sprawdź skrzynkę
ask-link-sent = Jeśli ten adres jest zapisany, link do Twoich ustawień jest w drodze.
new-address-title = Potwierdź nowy adres
new-address-text = Czy newsletter ma od teraz trafiać na ten adres?
new-address-button = Tak, użyj tego adresu
new-address-done-title = Twój adres został zmieniony
new-address-done = Newsletter trafia teraz na { $address }.
preferences-mail-subject = Twój link do ustawień: { $site }
preferences-mail-lead = Oto link do Twoich ustawień newslettera „{ $site }”. Tam wybierzesz tematy, zmienisz imię, język lub adres, zobaczysz swoje dane albo się wypiszesz.
preferences-mail-button = Otwórz ustawienia
preferences-mail-small-print = Poprosiłeś o ten link na naszej stronie zapisu. Wcześniejsze linki do ustawień już nie działają. Jeśli to nie Ty, zignoruj ten e-mail.
new-address-mail-subject = Potwierdź swój nowy adres: { $site }
new-address-mail-lead = Newsletter „{ $site }” ma od teraz trafiać na { $address }. Potwierdź, że ten adres należy do Ciebie.
new-address-mail-button = Potwierdź nowy adres
new-address-mail-small-print = Jeśli to nie Ty, po prostu zignoruj ten e-mail; nic się nie zmieni.
confirmed-preferences = Wybierz swoje tematy
## Wiadomość powitalna po potwierdzeniu

welcome-mail-subject = Witamy w biuletynie „{ $site }”
welcome-mail-preview = Twoja subskrypcja została potwierdzona.
welcome-mail-greeting-named = Dzień dobry { $name },
welcome-mail-greeting = Dzień dobry,
welcome-mail-confirmed = Twoja subskrypcja została potwierdzona: biuletyn „{ $site }” będzie przychodził na adres { $address }.
welcome-mail-latest = Najnowsze wydanie możesz przeczytać już teraz:
welcome-mail-latest-button = Przeczytaj najnowsze wydanie
welcome-mail-preferences = Zmień swoje ustawienia:
welcome-mail-unsubscribe = Z subskrypcji możesz zrezygnować w każdej chwili tutaj:
