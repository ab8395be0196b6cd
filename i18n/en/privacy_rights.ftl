# The attendee's rights over their data: download and delete
# (src/web/public/privacy_rights.rs), and the last email of a deleted
# registration.

rights-title = Your data
rights-text = You can download everything we hold about you, or delete your registration together with your personal data.
rights-download = Download my data (JSON)
rights-delete = Delete my registration and my data

delete-title = Delete your registration and your data?
delete-erases = Your name, email address, organization and written answers are erased at once, and this page's link stops working.
delete-email = We send you one last email confirming the cancellation (it removes the invite from your calendar); your address is erased from our records as soon as that email has been delivered.
delete-kept = What remains cannot be traced back to you: your country, the registration's status, check-in and sessions, counted in the event's statistics.
delete-final = This cannot be undone.
delete-over = The event is over: your registration stays counted in its statistics, without your name.
delete-cancelled-already = Your registration is already cancelled.
delete-copy-first = Want a copy first?
delete-confirm = Yes, delete my registration and my data
delete-keep = No, keep my registration

deleted-title = Your registration and data are deleted
deleted-text = Your registration for “{ $title }” is cancelled and your personal data has been erased.
deleted-email = If your registration was still active, you will receive one last email confirming the cancellation; once it is delivered, your address is erased from our records too.

cancellation-erased = As you asked, your personal data has been erased: this is the last email you will receive about this registration.

# The privacy notice's {retention}: when erasure happens here.
privacy-retention-days = Here that is { PLURAL($days) ->
    [one] { $days } day
   *[other] { $days } days
} after the event ends, when the erasure runs automatically.
privacy-retention-manual = The organizers erase it when the follow-up is done, and you can have it erased earlier at any time (see below).
