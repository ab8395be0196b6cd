## Comuni a tutte le email

email-greeting = Gentile { $first } { $last },
email-signature = Cordiali saluti,
email-when = Quando:
email-where = Dove:
email-online = Online:
email-sessions = Le tue sessioni:
email-event-page = Pagina dell'evento:
email-manage = Gestisci la tua iscrizione
email-manage-link = Gestisci la tua iscrizione:
email-questions = Domande? Scrivi a { $email }
email-invite-attached = In allegato trovi l'invito da aggiungere al tuo calendario.
email-invite-removes = L'aggiornamento allegato toglie l'evento dal tuo calendario.
email-invite-moves = L'aggiornamento allegato modifica l'evento nel tuo calendario.
email-cancel-please = Se non puoi più partecipare, annulla l'iscrizione: il posto potrà andare a un'altra persona.
email-cancel-please-text = Se non puoi più partecipare, annulla l'iscrizione dal link qui sopra, così il posto potrà andare a un'altra persona.
email-check-in-text = All'ingresso mostra il codice QR di questa email (versione HTML) oppure questo link:
email-check-in-reminder = All'ingresso mostra il codice QR dell'email di conferma oppure questo link:

## Il codice per l'accesso

check-in-title = Il tuo codice di accesso
check-in-intro = All'ingresso mostra questo codice sul telefono o stampato. È personale: appartiene a { $name } e permette al personale di trovare la tua iscrizione in un attimo, senza cercare il tuo nome.
check-in-name = Nome
check-in-email = Email
check-in-registration = Iscrizione
check-in-confirmed = confermata
check-in-image = Codice di accesso di { $name }
check-in-private = Non inoltrare questa email e non condividere il codice: chi lo mostra all'ingresso entra con il tuo posto.
check-in-no-image = Non vedi l'immagine? Il tuo programma di posta potrebbe bloccare le immagini: consentile per questo messaggio, oppure mostra all'ingresso questo link:

## Un tipo di email ciascuno

confirmation-subject = Iscrizione confermata: { $title }
confirmation-intro = la tua iscrizione a «{ $title }» è confermata.

promoted-subject = Un posto per te: { $title }
promoted-intro = buone notizie: si è liberato un posto ed è tuo. La tua iscrizione a «{ $title }» è ora confermata.

waitlisted-subject = Lista d'attesa: { $title }
waitlisted-intro = i posti per «{ $title }» sono esauriti e ti abbiamo inserito nella lista d'attesa, in posizione { $position }.
waitlisted-next = Se si libera un posto, va alla prima persona in lista: in quel caso confermeremo la tua iscrizione e ti invieremo un'email con l'invito per il calendario. Per ora non devi fare nulla.
waitlisted-leave = Se non desideri più partecipare, esci dalla lista d'attesa.
waitlisted-leave-text = Se non desideri più partecipare, esci dalla lista d'attesa dal link qui sopra.

verification-subject = Conferma il tuo indirizzo email: { $title }
verification-intro = conferma il tuo indirizzo email per completare l'iscrizione a «{ $title }».
verification-button = Conferma il mio indirizzo email
verification-or-link = Oppure apri questo link:
verification-until = Finché non confermi, l'iscrizione non è completa. Se non ti sei iscritto, ignora questa email.

cancellation-subject = Iscrizione annullata: { $title }
cancellation-intro = la tua iscrizione a «{ $title }» è stata annullata.
cancellation-intro-waitlist = non sei più nella lista d'attesa per «{ $title }».
cancellation-mistake = Se si tratta di un errore, puoi iscriverti di nuovo dalla pagina dell'evento finché le iscrizioni sono aperte.

event-updated-subject = Modifiche: { $title }
event-updated-intro = i dettagli di «{ $title }» sono cambiati. Ecco l'evento aggiornato:

event-cancelled-subject = Evento annullato: { $title }
event-cancelled-intro = ci dispiace comunicarti che «{ $title }», previsto per { $when }, è stato annullato. La tua iscrizione non è più valida.

reminder-subject = Promemoria: { $title }, { $when }
reminder-intro = ti ricordiamo che «{ $title }» si avvicina.

announcement-subject = { $subject } – { $title }
