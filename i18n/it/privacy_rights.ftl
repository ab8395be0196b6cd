# I diritti del partecipante sui propri dati: scaricarli e cancellarli.

rights-title = I tuoi dati
rights-text = Puoi scaricare tutto ciò che conserviamo su di te, oppure cancellare la tua iscrizione insieme ai tuoi dati personali.
rights-download = Scarica i miei dati (JSON)
rights-delete = Cancella la mia iscrizione e i miei dati

delete-title = Cancellare la tua iscrizione e i tuoi dati?
delete-erases = Il tuo nome, l'indirizzo email, l'organizzazione e le risposte scritte vengono cancellati subito, e il link di questa pagina smette di funzionare.
delete-email = Ti inviamo un'ultima email che conferma l'annullamento (toglie l'invito dal tuo calendario); il tuo indirizzo viene cancellato dai nostri archivi non appena l'email è stata consegnata.
delete-kept = Ciò che resta non è più riconducibile a te: il paese, lo stato dell'iscrizione, la registrazione all'ingresso e le sessioni, conteggiati nelle statistiche dell'evento.
delete-final = L'operazione non può essere annullata.
delete-over = L'evento è concluso: la tua iscrizione resta conteggiata nelle statistiche, senza il tuo nome.
delete-cancelled-already = La tua iscrizione è già annullata.
delete-copy-first = Vuoi prima una copia?
delete-confirm = Sì, cancella la mia iscrizione e i miei dati
delete-keep = No, mantieni la mia iscrizione

deleted-title = Iscrizione e dati cancellati
deleted-text = La tua iscrizione a «{ $title }» è annullata e i tuoi dati personali sono stati cancellati.
deleted-email = Se l'iscrizione era ancora attiva, riceverai un'ultima email di conferma dell'annullamento; una volta consegnata, anche il tuo indirizzo viene cancellato dai nostri archivi.

cancellation-erased = Come richiesto, i tuoi dati personali sono stati cancellati: questa è l'ultima email che riceverai su questa iscrizione.

privacy-retention-days = Qui sono { PLURAL($days) ->
    [one] { $days } giorno
   *[other] { $days } giorni
} dalla fine dell'evento, quando la cancellazione avviene automaticamente.
privacy-retention-manual = Gli organizzatori li cancellano quando il seguito dell'evento è concluso, e puoi farli cancellare prima in qualsiasi momento (vedi sotto).
