# Doppio opt-in che riserva il posto (issue 14).

hold-registered-text = Abbiamo inviato un'email all'indirizzo che hai indicato (al massimo una ogni 15 minuti: cerca anche un'email precedente). Apri il link che contiene entro { PLURAL($minutes) ->
    [one] { $minutes } minuto
   *[other] { $minutes } minuti
} per confermare l'iscrizione; se c'era un posto libero, è riservato per te fino ad allora. Se l'indirizzo era già iscritto, l'email ti dice a che punto è l'iscrizione. Potrebbe arrivare tra qualche minuto.
hold-until = Il tuo posto è riservato fino alle { $time }.
hold-expired-title = Questo link è arrivato troppo tardi
hold-expired-text = Il tuo indirizzo email non è stato confermato in tempo: il posto riservato per te è stato liberato e nessuna iscrizione è stata registrata. Se vuoi ancora partecipare, iscriviti di nuovo.
hold-register-again = Iscriviti di nuovo

hold-expired-subject = Il tuo posto non è più riservato: { $title }
hold-expired-intro = Non hai confermato il tuo indirizzo email in tempo: il posto che ti avevamo riservato per “{ $title }” è stato liberato e l'iscrizione non è stata completata.
hold-expired-again = Se vuoi ancora partecipare, puoi iscriverti di nuovo dalla pagina dell'evento:
