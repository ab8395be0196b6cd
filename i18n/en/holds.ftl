# Double opt-in that holds the seat (issue 14): the "check your email" page,
# the verification page while the seat is held and after the hold ran out,
# and the email sent when a hold expires.

hold-registered-text = We have sent an email to the address you entered (at most once every 15 minutes, so look for an earlier email too). Open the link in it within { PLURAL($minutes) ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} to confirm your registration; if a seat was free, it is held for you until then. If this address was already registered, the email tells you where the registration stands. It may take a few minutes to arrive.
hold-until = Your seat is held for you until { $time }.
hold-expired-title = This link came too late
hold-expired-text = Your email address was not confirmed in time, so the seat held for you has been released and nothing was registered. If you would still like to attend, please register again.
hold-register-again = Register again

hold-expired-subject = Your seat is no longer held: { $title }
hold-expired-intro = You did not confirm your email address in time, so the seat we were holding for you at “{ $title }” has been released and your registration was not completed.
hold-expired-again = If you would still like to attend, you can register again on the event page:
