### What readers read in English: the words of the email, of the archive's
### pages and of the pages `rundbrief serve` answers with, the confirmation
### mail and the consent text. English is the fallback of every other
### language: a key another catalog lacks is taken from here. A workspace adds
### a language by copying this file to locales/<code>/reader.ftl and
### translating it.

## The language itself and how it writes dates and numbers

language-name = English
# Month names come from this POSIX locale (chrono): de_DE, en_GB, pl_PL, hu_HU, tr_TR, sq_AL, mk_MK …
format-locale = en_GB
format-date = %-d %B %Y
format-date-time = %-d %B %Y, %H:%M
format-decimal-mark = .
format-hours-minutes = { $hours } h { $minutes } min
format-minutes-seconds = { $minutes } min { $seconds } s

## The email and the archive

read-more = Read more
editorial = Editorial
in-this-issue = In this issue
events = Upcoming dates
by = by
web-version = View in your browser
unsubscribe = Unsubscribe
why-you-get-this = You receive this newsletter because you subscribed and confirmed your subscription.
countries = Countries
themes = Themes
more-info = Learn more
back-to-issue = Back to the issue
published-in = Published in
issue = Issue
image = Image
all-issues = All issues
previous = Previous entry
next = Next entry
country = Country
theme = Theme
entries-on = Entries
not-found = Page not found
not-found-text = This page does not exist (any more). All issues and entries are in the archive.
feed = Atom feed
# The links to [site] privacy_url and imprint_url in every footer and beside the consent.
privacy = Privacy policy
imprint = Legal notice
read-issue = Read the issue
# Mailings beside the quarterly issues: the mark of one, and their section of the archive.
mailing = Mailing
mailings = Mailings & invitations

# The salutation above the editorial: with a name, and when none is known.
greeting-named = Hello { $name },
greeting-all = Dear readers,
# Whom the preview and the .eml files are addressed to.
sample-name = Jane Doe
sample-address = jane.doe@example.org

## The pages of `rundbrief serve`

subscribe-title = Subscribe to the newsletter
subscribe-intro = The newsletter comes by email, about four times a year. You confirm your subscription with a link we send you, and you can unsubscribe at any time.
address = Email address
name = Name (optional)
language = Language
subscribe-button = Subscribe
check-inbox-title = Almost done
check-inbox = If this address is not subscribed yet, we have sent it an email with a confirmation link. Please open the link to complete your subscription. Without confirmation you will receive nothing.
invalid-address = Please enter a valid email address.
consent-required = Please agree to receiving the newsletter so that we may send it to you.
confirm-title = Confirm your subscription
confirm-text = Please confirm that you want to receive the newsletter at this address:
confirm-button = Confirm subscription
confirmed-title = Thank you!
confirmed-text = Your subscription is confirmed. You will receive the next issue of the newsletter.
unsubscribe-title = Unsubscribe from the newsletter
unsubscribe-text = Do you no longer want to receive the newsletter at this address?
unsubscribe-button = Unsubscribe
unsubscribed-title = You are unsubscribed
unsubscribed-text = You will receive no further issues. Was this a mistake? You can subscribe again at any time.
subscribe-again = Subscribe again
invalid-link-title = This link is not valid
invalid-link = Perhaps it was not copied completely. Please open it directly from the email, or subscribe again.
expired-link-title = This link has expired
expired-link = Confirmation links are valid for a few days only. Simply subscribe again and we will send you a new link.
left-title = You are no longer subscribed
left-text = This address has left the newsletter since the link was sent, so the link confirms nothing. To receive the newsletter again, please sign up anew.
foreign-form-title = Sign-up not accepted
foreign-form = This sign-up came from a page that is not allowed to subscribe people to this newsletter. Please use the form on our own website.
too-many-title = Too many requests
too-many = Too many sign-ups came from your connection in a short time. Please try again later.
server-error-title = Something went wrong
server-error = Please try again later.
not-found-title = Page not found
archive = All issues

## The consent given at sign-up and kept in the consent log

consent = Yes, I would like to receive the newsletter “{ $site }” by email, about four times a year. My address is used for nothing else and is not passed on. I can unsubscribe at any time with the link in every issue.

## The confirmation mail of the double opt-in

confirm-mail-subject = Please confirm your subscription: { $site }
confirm-mail-preview = One click, and you will receive the newsletter “{ $site }”.
confirm-mail-greeting-named = Hello { $name },
confirm-mail-greeting = Hello,
confirm-mail-requested = on { $when } the newsletter “{ $site }” was ordered { $how } for the address { $address }.
confirm-mail-requested-ip = on { $when } the newsletter “{ $site }” was ordered { $how } for the address { $address } (from the IP address { $ip }).
confirm-mail-how-form = through the sign-up form at { $host }
confirm-mail-how-staff = by the team of “{ $site }”
confirm-mail-ask = If that was you, please confirm your subscription with this button:
confirm-mail-ask-text = If that was you, please confirm your subscription with this link:
confirm-mail-button = Confirm subscription
confirm-mail-or-link = Or open this link:
confirm-mail-ignore = If you did not order the newsletter, simply ignore this email. Without confirmation you will receive nothing, and the link expires after { $days ->
        [one] one day
       *[other] { $days } days
    }.
