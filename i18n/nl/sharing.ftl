# The error summary at the top of a rejected form (GOV.UK pattern).
summary-title = Er is een probleem

# Lost-link recovery on the event page.
lost-link-title = Link kwijt?
lost-link-intro = Al ingeschreven? Vul uw e-mailadres in en we mailen u de link naar uw inschrijving.
lost-link-submit = Mail mij mijn link
lost-link-sent-title = Kijk in uw mailbox
lost-link-sent-text = Als dit adres voor dit evenement is ingeschreven, hebben we de link ernaartoe gemaild. We sturen hem hooguit eens per 15 minuten, kijk dus ook naar een eerdere e-mail. Het kan enkele minuten duren voor hij aankomt.
