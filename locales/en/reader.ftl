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
format-zoned = { $time } { $zone }
format-zone-cet = CET
format-zone-cest = CEST
format-decimal-mark = .
format-hours-minutes = { $hours } h { $minutes } min
format-minutes-seconds = { $minutes } min { $seconds } s

## The email and the archive

read-more = Read more
editorial = Editorial
in-this-issue = In this issue
events = Upcoming dates
add-to-calendar = Add to calendar
upcoming-events = Upcoming events
no-upcoming-events = No events are announced at the moment.
subscribe-calendar = Subscribe to all events in your calendar
by = by
web-version = View in your browser
preferences = Your preferences
unsubscribe = Unsubscribe
why-you-get-this = You receive this newsletter because you subscribed and confirmed your subscription.
countries = Countries
themes = Themes
more-info = Learn more
back-to-issue = Back to the issue
footnote-back = Back to reference { $number }
read-more-about = Read more: { $title }
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

## The archive on the web: navigation, overview, search and previews of shared links

# What a search engine and a shared link say about the archive's front page.
archive-intro = Every issue, entry and event to read again – and the newsletter to subscribe to.
subscribe = Subscribe
topics = Countries and themes
search = Search
search-label = Search the archive
search-button = Search
search-needs-script = Search needs JavaScript; every entry can also be found by country and theme.
search-none = Nothing found.
search-results = Results
# The front page of a language edition (/en/, /pl/), in its language.
edition-index = All issues in English
languages = Languages

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

## The reader's own preferences page (`rundbrief serve`, /preferences/…).
preferences-title = Your preferences
preferences-intro = Here you decide what you receive from us, and see everything we keep about you.
preferences-save = Save preferences
preferences-saved = Your preferences are saved.
preferences-unchanged = There was nothing to change.
interests-legend = What would you like to read about?
interests-hint = Choose nothing and you receive everything.
interests-countries = Partner countries
interests-themes = Themes
preferences-address-title = New email address
preferences-address-intro = We send a confirmation link to the new address. Until you open it, your current address stays valid.
preferences-address-label = New address
preferences-address-button = Send confirmation link
preferences-address-sent = Please open the link we sent to { $address }. Until then we keep writing to your current address.
preferences-address-pending = Asked for, not yet confirmed: { $address }
preferences-address-same = That is already your address.
preferences-address-taken = We cannot take over this address. Write to us if you need help.
preferences-data-title = What we keep about you
preferences-data-intro = This is everything we keep about your address (Art. 15 GDPR). You can download it as a file (Art. 20 GDPR).
preferences-field-status = Status
preferences-field-name = Name
preferences-field-language = Language
preferences-field-interests = Interests
preferences-field-created = Added on
preferences-field-confirmed = Confirmed on
preferences-field-unsubscribed = Unsubscribed on
preferences-everything = everything
preferences-history = History of your consent
preferences-download = Download my data (JSON)
preferences-leave-title = Unsubscribe or erase everything
preferences-erase-button = Erase all my data
preferences-erase-title = Really erase all your data?
preferences-erase-text = We erase your address, your name, your preferences and the history of your consent (Art. 17 GDPR). Only an encrypted fingerprint of your address stays, so that we never write to you again without a new sign-up. This cannot be undone.
preferences-erase-confirm = Yes, erase everything
preferences-erase-cancel = Back to your preferences
preferences-erased-title = Your data is erased
preferences-erased-text = We erased everything we kept about you. You will receive no more emails from us.
status-pending = not yet confirmed
status-confirmed = subscribed
status-unsubscribed = unsubscribed
status-bounced = undeliverable
status-complained = reported as spam
event-requested = sign-up requested
event-confirmation-sent = confirmation mail sent
event-confirmed = sign-up confirmed
event-consent-imported = consent taken over
event-unsubscribed = unsubscribed
event-bounced = undeliverable
event-complained = reported as spam
event-resubscribed = subscribed again
event-preferences-changed = preferences changed
event-address-change-requested = new address asked for
event-address-changed = address changed
event-link-renewed = new link to your preferences
source-form = sign-up form
source-import = list taken over
source-cli = by our team
source-link = link in an email
source-one-click = your mail program's unsubscribe button
source-smtp = the mail server's answer
source-mail = returned email
source-page = your preferences page
ask-link-title = Already subscribed? Ask for a link to your preferences
ask-link-intro = Enter your address. If it is subscribed, we send you a new link to your preferences; earlier links then stop working.
ask-link-button = Send me the link
ask-link-sent-title = Check your inbox
ask-link-sent = If this address is subscribed, a link to your preferences is on its way.
new-address-title = Confirm your new address
new-address-text = Should the newsletter go to this address from now on?
new-address-button = Yes, use this address
new-address-done-title = Your address is changed
new-address-done = The newsletter now goes to { $address }.
preferences-mail-subject = Your link to your preferences: { $site }
preferences-mail-lead = Here is the link to your preferences for the newsletter “{ $site }”. There you choose your topics, change your name, language or address, see your data or unsubscribe.
preferences-mail-button = Open your preferences
preferences-mail-small-print = You asked for this link on our sign-up page. Earlier links to your preferences no longer work. If it was not you, you can ignore this email.
new-address-mail-subject = Please confirm your new address: { $site }
new-address-mail-lead = The newsletter “{ $site }” is to go to { $address } from now on. Please confirm that this address is yours.
new-address-mail-button = Confirm the new address
new-address-mail-small-print = If it was not you, simply ignore this email; nothing changes.
confirmed-preferences = Choose your topics
## The welcome mail after confirmation

welcome-mail-subject = Welcome to the newsletter “{ $site }”
welcome-mail-preview = Your subscription is confirmed.
welcome-mail-greeting-named = Hello { $name },
welcome-mail-greeting = Hello,
welcome-mail-confirmed = Your subscription is confirmed: the newsletter “{ $site }” will come to { $address }.
welcome-mail-latest = You can read the latest issue right now:
welcome-mail-latest-button = Read the latest issue
welcome-mail-preferences = Change your preferences:
welcome-mail-unsubscribe = You can unsubscribe at any time here:
