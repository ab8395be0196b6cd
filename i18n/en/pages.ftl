site-name = Tessera
site-tagline = Event registration
site-skip = Skip to main content
site-language = Language

home-title = Upcoming events
home-none = There are no upcoming events at the moment.

event-when = When
event-where = Where
event-online = Online
event-join-online = Join online
event-about = About this event
event-agenda = Agenda
event-session = Session
event-time = Time
event-room = Room
event-seats = Seats
event-seats-left = seats left
event-seat-left = seat left
event-unlimited = Open
event-full = Full
event-full-waitlist = All seats are taken. You can join the waiting list: you will be registered automatically if a seat becomes free.
event-full-closed = All seats are taken and there is no waiting list.
event-cancelled = This event has been cancelled.
event-draft = This event is not published yet.
event-not-yet-open = Registration has not opened yet.
event-opens = Registration opens
event-closed = Registration is closed.
event-contact = Questions? Write to
event-add-calendar = Add to calendar (.ics)
event-time-zone = Times are in

form-title = Register
form-title-waitlist = Join the waiting list
form-intro = Fields marked * are required.
form-first-name = First name
form-last-name = Last name
form-email = Email address
form-email-hint = We send your confirmation and calendar invite here.
form-organization = Organization
form-country = Country
form-choose = Choose…
form-language = Language for emails
form-sessions = Sessions you will attend
form-consent = I agree that my details are used to manage my registration for this event, as described in the privacy notice.
form-website = Leave this field empty
form-submit = Register
form-submit-waitlist = Join the waiting list
form-errors = Please correct the fields marked below.
form-yes = Yes

error-required = This field is required.
error-too-long = This is too long.
error-invalid-characters = This contains characters that are not allowed.
error-email-invalid = Enter a valid email address, like name@example.com.
error-email-not-ascii = Our emails cannot reach an address with accented or non-Latin letters before the @. Please use another address.
error-country-invalid = Choose a country from the list.
error-language-invalid = Choose a language from the list.
error-consent-required = Please agree to the use of your details to register.
error-session-invalid = Choose sessions of this event only.
error-option-invalid = Choose one of the options given.
error-one-value-expected = Choose only one option.
error-question-unknown = This question does not belong to this event.
error-not-found = Page not found
error-not-found-text = The page you asked for does not exist or is no longer available.
error-full = This event is full
error-closed = Registration is not open
error-busy = Too many registrations at once
error-busy-text = Many people are registering right now. Please try again in a few seconds; nothing has been lost.
error-rate-limited = Too many requests
error-rate-limited-text = Please wait a minute before trying again.
error-too-large = The form sent was too large.
error-internal = Something went wrong
error-internal-text = We could not complete your request. Please try again later.
error-back = Back to the event

attendee-title = Your registration
attendee-status = Status

status-confirmed = Confirmed
status-waitlisted = On the waiting list
status-pending = Waiting for you to confirm your email address
status-cancelled = Cancelled

attendee-confirmed-text = Your seat is reserved. We have sent you a confirmation email with a calendar invite.
attendee-waitlisted-text = The event is full. You are on the waiting list and will be registered automatically, with an email, if a seat becomes free.
attendee-position = Your position on the waiting list
attendee-pending-text = We have sent you an email. Open the link in it to confirm your address and complete your registration.
attendee-cancelled-text = This registration is cancelled. You can register again from the event page while seats are available.
attendee-details = Your details
attendee-name = Name
attendee-sessions = Your sessions
attendee-calendar = Add to your calendar
attendee-google = Google Calendar
attendee-outlook = Outlook.com
attendee-ics = Download invite (.ics)
attendee-cancel = Cancel my registration
attendee-cancel-text = Can no longer come? Cancel, and your seat goes to the next person on the waiting list.
attendee-cancel-waitlist = Leave the waiting list
attendee-keep-link = Keep this page's address: it is your personal link to manage your registration.
attendee-event-page = Event page
attendee-verified = Thank you, your email address is confirmed.
attendee-verify-full = Sorry, the event filled up before you confirmed your address.
attendee-verify-closed = Sorry, registration closed before you confirmed your address.
attendee-verify-title = Confirm your email address
attendee-verify-button = Confirm my registration
attendee-verify-text = Confirm that this is your address to complete your registration.
attendee-open = Open your registration

registered-title = Check your email
registered-text = If this address is registered for this event, we have emailed its link to it (at most once every 15 minutes, so look for an earlier email too). It may take a few minutes to arrive.
registered-verify-text = We have sent an email to the address you entered (at most once every 15 minutes, so look for an earlier email too). Open the link in it to confirm your registration: until then no seat is held. If this address was already registered, the email tells you where the registration stands. It may take a few minutes to arrive.

error-ends-before-start = The end must be after the start.
error-url-invalid = Enter a web address starting with https://.
error-capacity-invalid = Enter a number of seats, or leave empty for unlimited.
error-capacity-below-confirmed = There are already more confirmed attendees than this.

# How many seats an event or session still has; { $count } is a number.
event-seats-remaining = { PLURAL($count) ->
    [one] { $count } seat left
   *[other] { $count } seats left
}

# The locale whose CLDR date patterns pages and emails use (src/i18n/dates.rs).
date-locale = en-GB
# A date ("Tuesday 15 December 2026") with start and end times.
date-span = { $date }, { $start }–{ $end }
# Over several days.
date-span-days = { $date }, { $start } – { $end_date }, { $end }

# The confirmation before cancelling (GET /r/{token}/cancel).
cancel-title = Cancel your registration?
cancel-title-waitlist = Leave the waiting list?
cancel-seat-to-waitlist = Your seat goes to the next person on the waiting list.
cancel-seat-free = Your seat becomes free for someone else to take.
cancel-waitlist = You leave the waiting list and will not be offered a seat if one becomes free.
cancel-pending = Your registration is withdrawn: the link in our email will no longer confirm it.
cancel-email = We send you an email to confirm the cancellation; if you added the invite to your calendar, the email removes it.
cancel-again = You can register again from the event page while seats are available.
cancel-confirm = Yes, cancel my registration
cancel-confirm-waitlist = Yes, leave the waiting list
cancel-keep = No, keep my registration

# The footer of every public page.
footer-organized-by = Organized by
footer-label = About this site
footer-privacy = Privacy notice
footer-accessibility = Accessibility
# The words of form-consent that link to the privacy notice (exactly as they appear there).
form-consent-notice = privacy notice
# GET /privacy
privacy-title = Privacy notice
privacy-version = Version of this notice: { $version }
privacy-other-language = This notice is not available in your language; it is shown in English.
# GET /accessibility
accessibility-title = Accessibility statement
accessibility-intro = { $organization } wants everyone to be able to use this site, whatever their abilities or the device they use.
accessibility-standard = The site aims to meet level AA of the Web Content Accessibility Guidelines (WCAG) 2.1, the level required of public bodies in the European Union by Directive (EU) 2016/2102 and the standard EN 301 549.
accessibility-features = Every page works with a keyboard alone, with a screen reader, without JavaScript, zoomed to 200% and on a phone, and is available in eight languages.
accessibility-report-title = Report a barrier
accessibility-report = If something on this site is hard or impossible for you to use, or you need its content in another form, write to us at
accessibility-report-include = Please tell us the address of the page and what went wrong. We will answer you and, where needed, send you the information in a form you can use.
accessibility-enforcement = If our answer does not satisfy you, you can turn to the body that monitors web accessibility in your country.
