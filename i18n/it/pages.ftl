site-name = Tessera
site-tagline = Iscrizioni agli eventi
site-skip = Vai al contenuto
site-language = Lingua

home-title = Prossimi eventi
home-none = Al momento non ci sono eventi in programma.

event-when = Quando
event-where = Dove
event-online = Online
event-join-online = Partecipa online
event-about = L'evento
event-agenda = Programma
event-session = Sessione
event-time = Orario
event-room = Sala
event-seats = Posti
event-seats-left = posti disponibili
event-seat-left = posto disponibile
event-unlimited = Libero
event-full = Completo
event-full-waitlist = Tutti i posti sono occupati. Puoi iscriverti alla lista d'attesa: sarai iscritto automaticamente se si libera un posto.
event-full-closed = Tutti i posti sono occupati e non c'è lista d'attesa.
event-cancelled = Questo evento è stato annullato.
event-draft = Questo evento non è ancora pubblicato.
event-not-yet-open = Le iscrizioni non sono ancora aperte.
event-opens = Le iscrizioni aprono
event-closed = Le iscrizioni sono chiuse.
event-contact = Domande? Scrivi a
event-add-calendar = Aggiungi al calendario (.ics)
event-time-zone = Orari nel fuso

form-title = Iscriviti
form-title-waitlist = Iscriviti alla lista d'attesa
form-intro = I campi contrassegnati con * sono obbligatori.
form-first-name = Nome
form-last-name = Cognome
form-email = Indirizzo email
form-email-hint = Qui riceverai la conferma e l'invito per il calendario.
form-organization = Organizzazione
form-country = Paese
form-choose = Scegli…
form-language = Lingua delle email
form-sessions = Sessioni a cui parteciperai
form-consent = Acconsento all'uso dei miei dati per gestire la mia iscrizione a questo evento, come descritto nell'informativa sulla privacy.
form-website = Lascia vuoto questo campo
form-submit = Iscriviti
form-submit-waitlist = Iscriviti alla lista d'attesa
form-errors = Correggi i campi indicati qui sotto.
form-yes = Sì

error-required = Questo campo è obbligatorio.
error-too-long = Il testo è troppo lungo.
error-invalid-characters = Contiene caratteri non ammessi.
error-email-invalid = Inserisci un indirizzo email valido, come nome@esempio.it.
error-email-not-ascii = Le nostre email non possono raggiungere un indirizzo con lettere accentate o non latine prima della @. Usa un altro indirizzo.
error-country-invalid = Scegli un paese dall'elenco.
error-language-invalid = Scegli una lingua dall'elenco.
error-consent-required = Per iscriverti devi acconsentire all'uso dei tuoi dati.
error-session-invalid = Scegli solo sessioni di questo evento.
error-option-invalid = Scegli una delle opzioni proposte.
error-one-value-expected = Scegli una sola opzione.
error-question-unknown = Questa domanda non appartiene a questo evento.
error-not-found = Pagina non trovata
error-not-found-text = La pagina richiesta non esiste o non è più disponibile.
error-full = L'evento è completo
error-closed = Le iscrizioni non sono aperte
error-busy = Troppe iscrizioni contemporaneamente
error-busy-text = Molte persone si stanno iscrivendo in questo momento. Riprova tra qualche secondo; nulla è andato perso.
error-rate-limited = Troppe richieste
error-rate-limited-text = Attendi un minuto prima di riprovare.
error-too-large = Il modulo inviato è troppo grande.
error-internal = Si è verificato un errore
error-internal-text = Non è stato possibile completare la richiesta. Riprova più tardi.
error-back = Torna all'evento

attendee-title = La tua iscrizione
attendee-status = Stato

status-confirmed = Confermata
status-waitlisted = In lista d'attesa
status-pending = In attesa della conferma del tuo indirizzo email
status-cancelled = Annullata

attendee-confirmed-text = Il tuo posto è riservato. Ti abbiamo inviato un'email di conferma con l'invito per il calendario.
attendee-waitlisted-text = L'evento è completo. Sei in lista d'attesa e sarai iscritto automaticamente, con un'email, se si libera un posto.
attendee-position = La tua posizione in lista d'attesa
attendee-pending-text = Ti abbiamo inviato un'email. Apri il link che contiene per confermare il tuo indirizzo e completare l'iscrizione.
attendee-cancelled-text = Questa iscrizione è annullata. Puoi iscriverti di nuovo dalla pagina dell'evento finché ci sono posti.
attendee-details = I tuoi dati
attendee-name = Nome
attendee-sessions = Le tue sessioni
attendee-calendar = Aggiungi al tuo calendario
attendee-google = Google Calendar
attendee-outlook = Outlook.com
attendee-ics = Scarica l'invito (.ics)
attendee-cancel = Annulla la mia iscrizione
attendee-cancel-text = Non puoi più venire? Annulla, e il tuo posto andrà alla prossima persona in lista d'attesa.
attendee-cancel-waitlist = Esci dalla lista d'attesa
attendee-keep-link = Conserva l'indirizzo di questa pagina: è il tuo link personale per gestire l'iscrizione.
attendee-event-page = Pagina dell'evento
attendee-verified = Grazie, il tuo indirizzo email è confermato.
attendee-verify-full = Purtroppo l'evento si è riempito prima della conferma del tuo indirizzo.
attendee-verify-closed = Purtroppo le iscrizioni si sono chiuse prima della conferma del tuo indirizzo.
attendee-verify-title = Conferma il tuo indirizzo email
attendee-verify-button = Conferma la mia iscrizione
attendee-verify-text = Conferma che questo è il tuo indirizzo per completare l'iscrizione.
attendee-open = Apri la tua iscrizione

registered-title = Controlla la tua email
registered-text = Se questo indirizzo è iscritto a questo evento, gli abbiamo inviato il suo link (al massimo una volta ogni 15 minuti: cerca anche un'email precedente). Potrebbe arrivare tra qualche minuto.
registered-verify-text = Abbiamo inviato un'email all'indirizzo che hai indicato (al massimo una ogni 15 minuti: cerca anche un'email precedente). Apri il link che contiene per confermare l'iscrizione: fino ad allora nessun posto è riservato. Se l'indirizzo era già iscritto, l'email ti dice a che punto è l'iscrizione. Potrebbe arrivare tra qualche minuto.

error-ends-before-start = La fine deve essere successiva all'inizio.
error-url-invalid = Inserisci un indirizzo web che inizi con https://.
error-capacity-invalid = Inserisci un numero di posti, o lascia vuoto per posti illimitati.
error-capacity-below-confirmed = Ci sono già più partecipanti confermati di questo numero.

event-seats-remaining = { PLURAL($count) ->
    [one] { $count } posto disponibile
   *[other] { $count } posti disponibili
}

date-locale = it
date-span = { $date }, { $start }–{ $end }
date-span-days = { $date }, { $start } – { $end_date }, { $end }

# The confirmation before cancelling (GET /r/{token}/cancel).
cancel-title = Vuoi annullare la tua iscrizione?
cancel-title-waitlist = Vuoi uscire dalla lista d'attesa?
cancel-seat-to-waitlist = Il tuo posto andrà alla prossima persona in lista d'attesa.
cancel-seat-free = Il tuo posto tornerà libero per qualcun altro.
cancel-waitlist = Esci dalla lista d'attesa e non ti verrà offerto un posto se se ne libera uno.
cancel-pending = La tua iscrizione viene ritirata: il link nella nostra email non la confermerà più.
cancel-email = Ti invieremo un'email di conferma dell'annullamento; se hai aggiunto l'invito al calendario, l'email lo rimuove.
cancel-again = Puoi iscriverti di nuovo dalla pagina dell'evento finché ci sono posti.
cancel-confirm = Sì, annulla la mia iscrizione
cancel-confirm-waitlist = Sì, esci dalla lista d'attesa
cancel-keep = No, mantieni la mia iscrizione

# The footer of every public page.
footer-organized-by = Organizzato da
footer-label = Informazioni su questo sito
footer-privacy = Informativa sulla privacy
footer-accessibility = Accessibilità
# The words of form-consent that link to the privacy notice (exactly as they appear there).
form-consent-notice = informativa sulla privacy
# GET /privacy
privacy-title = Informativa sulla privacy
privacy-version = Versione di questa informativa: { $version }
privacy-other-language = Questa informativa non è disponibile in italiano; è mostrata in inglese.
# GET /accessibility
accessibility-title = Dichiarazione di accessibilità
accessibility-intro = { $organization } vuole che tutti possano usare questo sito, qualunque siano le loro capacità o il dispositivo che usano.
accessibility-standard = Il sito mira a rispettare il livello AA delle Linee guida per l'accessibilità dei contenuti web (WCAG) 2.1, il livello richiesto agli enti pubblici dell'Unione europea dalla direttiva (UE) 2016/2102 e dalla norma EN 301 549.
accessibility-features = Ogni pagina funziona con la sola tastiera, con un lettore di schermo, senza JavaScript, con lo zoom al 200% e su uno smartphone, ed è disponibile in otto lingue.
accessibility-report-title = Segnala un problema di accessibilità
accessibility-report = Se qualcosa in questo sito è difficile o impossibile da usare, o se ti serve il contenuto in un'altra forma, scrivici a
accessibility-report-include = Indicaci l'indirizzo della pagina e che cosa non ha funzionato. Ti risponderemo e, se necessario, ti invieremo le informazioni in una forma che puoi usare.
accessibility-enforcement = Se la nostra risposta non ti soddisfa, puoi rivolgerti all'ente che vigila sull'accessibilità del web nel tuo Paese.
