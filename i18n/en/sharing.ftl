# The error summary at the top of a rejected form (GOV.UK pattern).
summary-title = There is a problem

# Lost-link recovery on the event page.
lost-link-title = Lost your link?
lost-link-intro = Already registered? Enter your email address and we will email you the link to your registration.
lost-link-submit = Email me my link
lost-link-sent-title = Check your email
lost-link-sent-text = If this address is registered for this event, we have emailed its link. We send it at most once every 15 minutes, so look for an earlier email too. It can take a few minutes to arrive.
