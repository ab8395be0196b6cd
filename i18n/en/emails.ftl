# Words of the emails; the templates in emails/ place them.
# $title is the event's title, $when its date and time, $first and $last
# the registrant's names.

## Shared by every email

email-greeting = Dear { $first } { $last },
email-signature = Kind regards,
email-when = When:
email-where = Where:
email-online = Online:
email-sessions = Your sessions:
email-event-page = Event page:
email-manage = Manage your registration
email-manage-link = Manage your registration:
email-questions = Questions? Write to { $email }
email-invite-attached = The calendar invite is attached: open it to add the event to your calendar.
email-invite-removes = The attached calendar update removes the event from your calendar.
email-invite-moves = The attached calendar update changes the event in your calendar.
email-cancel-please = If you can no longer attend, please cancel your registration so that someone else can take your seat.
email-cancel-please-text = If you can no longer attend, please cancel with the link above so that someone else can take your seat.
email-check-in-text = At the entrance, show the QR code in this email (HTML version) or this link:
email-check-in-reminder = At the entrance, show the QR code from your confirmation email or this link:

## The check-in code (emails/check_in.html); $name is the registrant's full name

check-in-title = Your check-in code
check-in-intro = At the entrance, show this code on your phone or on paper. It is personal: it belongs to { $name }, and with it the staff at the door find your registration in a second, without looking up your name.
check-in-name = Name
check-in-email = Email
check-in-registration = Registration
check-in-confirmed = confirmed
check-in-image = Check-in code of { $name }
check-in-private = Please do not forward this email or share the code: whoever shows it at the door is checked in with your seat.
check-in-no-image = No image above? Your email program may be holding images back: allow them for this message, or show this link at the entrance instead:

## One kind of email each

confirmation-subject = Registration confirmed: { $title }
confirmation-intro = Your registration for “{ $title }” is confirmed.

promoted-subject = A seat is yours: { $title }
promoted-intro = Good news: a seat has become free and it is yours. Your registration for “{ $title }” is now confirmed.

# $position is the place in line, 1 for the first.
waitlisted-subject = Waiting list: { $title }
waitlisted-intro = “{ $title }” is full, so we have put you on the waiting list. You are number { $position } in line.
waitlisted-next = If a seat becomes free, it goes to the first person in line: we will then confirm your registration and send you an email with the calendar invite. You do not need to do anything now.
waitlisted-leave = If you no longer wish to attend, please leave the waiting list.
waitlisted-leave-text = If you no longer wish to attend, please leave the waiting list with the link above.

verification-subject = Please confirm your email address: { $title }
verification-intro = Please confirm your email address to complete your registration for “{ $title }”.
verification-button = Confirm my email address
verification-or-link = Or open this link:
verification-until = Until you confirm, your registration is not complete. If you did not register, you can ignore this email.

cancellation-subject = Registration cancelled: { $title }
cancellation-intro = Your registration for “{ $title }” has been cancelled.
cancellation-intro-waitlist = You are no longer on the waiting list for “{ $title }”.
cancellation-mistake = If this is a mistake, you can register again from the event page while registration is open.

event-updated-subject = Changed: { $title }
event-updated-intro = The details of “{ $title }” have changed. This is how the event looks now:

event-cancelled-subject = Event cancelled: { $title }
event-cancelled-intro = We are sorry to tell you that “{ $title }”, planned for { $when }, has been cancelled. Your registration no longer applies.

reminder-subject = Reminder: { $title }, { $when }
reminder-intro = A reminder: “{ $title }” is coming up soon.

# An organizer's message; $subject is theirs.
announcement-subject = { $subject } – { $title }
