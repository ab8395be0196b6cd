# Self-service on the attendee's page (issue 14): changing answers, chosen
# sessions and the email language, and the email with the updated invite.

self-service-link = Change your answers, sessions or email language
self-service-title = Change your registration
self-service-intro = Change the answers, sessions and email language you chose when you registered. Your name and email address stay as they are.
self-service-save = Save changes
self-service-back = Back to your registration
self-service-saved = Your changes have been saved.
self-service-saved-invite = Your changes have been saved. We are emailing you an updated calendar invite.
self-service-session-full = The session “{ $title }” is full: choose another one or keep your earlier choice.
self-service-cancelled-title = This registration can no longer be changed
self-service-cancelled = This registration is cancelled, so it can no longer be changed.
self-service-answers = Your answers

sessions-changed-subject = Your sessions have changed: { $title }
sessions-changed-intro = Your choice of sessions for “{ $title }” has been changed. This is your registration as it stands now.
sessions-changed-invite = The updated calendar invite is attached: it replaces the earlier one in your calendar.
