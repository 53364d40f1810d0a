### Co czytelniczki i czytelnicy czytają po polsku: słowa e-maila, stron
### archiwum i stron `rundbrief serve`, e-mail potwierdzający i treść zgody.
### Polski nie jest wbudowany: ten katalog należy do przestrzeni roboczej.
### Brakujący klucz pojawia się po angielsku, a `rundbrief check` go wymienia.

## Język i sposób zapisu dat i liczb

language-name = Polski
format-locale = pl_PL
format-date = %-d %B %Y
format-date-time = %-d %B %Y, godz. %H:%M
format-decimal-mark = ,
format-hours-minutes = { $hours } godz. { $minutes } min
format-minutes-seconds = { $minutes } min { $seconds } s

## E-mail i archiwum

read-more = Czytaj dalej
editorial = Słowo wstępne
in-this-issue = W tym wydaniu
events = Terminy
by = autor:
web-version = Zobacz w przeglądarce
unsubscribe = Wypisz się
why-you-get-this = Otrzymujesz ten biuletyn, ponieważ go zamówiłeś(-aś) i potwierdziłeś(-aś) subskrypcję.
countries = Kraje
themes = Tematy
more-info = Więcej informacji
back-to-issue = Wróć do wydania
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
