# Modifiche in autonomia dalla pagina del partecipante (issue 14).

self-service-link = Modifica risposte, sessioni o lingua delle email
self-service-title = Modifica la tua iscrizione
self-service-intro = Modifica le risposte, le sessioni e la lingua delle email che hai scelto al momento dell'iscrizione. Nome e indirizzo email restano invariati.
self-service-save = Salva le modifiche
self-service-back = Torna alla tua iscrizione
self-service-saved = Le modifiche sono state salvate.
self-service-saved-invite = Le modifiche sono state salvate. Ti inviamo per email l'invito di calendario aggiornato.
self-service-session-full = La sessione “{ $title }” è al completo: scegline un'altra o mantieni la scelta precedente.
self-service-cancelled-title = Questa iscrizione non può più essere modificata
self-service-cancelled = Questa iscrizione è stata annullata e non può più essere modificata.
self-service-answers = Le tue risposte

sessions-changed-subject = Le tue sessioni sono cambiate: { $title }
sessions-changed-intro = La tua scelta di sessioni per “{ $title }” è stata modificata. Ecco la tua iscrizione come risulta ora.
sessions-changed-invite = In allegato trovi l'invito di calendario aggiornato: sostituisce quello precedente nel tuo calendario.
