# The error summary at the top of a rejected form (GOV.UK pattern).
summary-title = C'è un problema

# Lost-link recovery on the event page.
lost-link-title = Hai perso il link?
lost-link-intro = Ti sei già iscritto? Inserisci il tuo indirizzo email e ti invieremo il link alla tua iscrizione.
lost-link-submit = Inviami il link
lost-link-sent-title = Controlla la tua email
lost-link-sent-text = Se questo indirizzo è iscritto a questo evento, gli abbiamo inviato il suo link. Lo inviamo al massimo una volta ogni 15 minuti: cerca anche un'email precedente. Potrebbe arrivare tra qualche minuto.
