# Zelf wijzigen op de pagina van de deelnemer (issue 14).

self-service-link = Uw antwoorden, sessies of e-mailtaal wijzigen
self-service-title = Uw inschrijving wijzigen
self-service-intro = Wijzig de antwoorden, sessies en e-mailtaal die u bij uw inschrijving hebt gekozen. Uw naam en e-mailadres blijven ongewijzigd.
self-service-save = Wijzigingen opslaan
self-service-back = Terug naar uw inschrijving
self-service-saved = Uw wijzigingen zijn opgeslagen.
self-service-saved-invite = Uw wijzigingen zijn opgeslagen. We mailen u een bijgewerkte agenda-uitnodiging.
self-service-session-full = De sessie “{ $title }” is volzet: kies een andere of behoud uw eerdere keuze.
self-service-cancelled-title = Deze inschrijving kan niet meer worden gewijzigd
self-service-cancelled = Deze inschrijving is geannuleerd en kan daarom niet meer worden gewijzigd.
self-service-answers = Uw antwoorden

sessions-changed-subject = Uw sessies zijn gewijzigd: { $title }
sessions-changed-intro = Uw keuze van sessies voor “{ $title }” is gewijzigd. Zo ziet uw inschrijving er nu uit.
sessions-changed-invite = De bijgewerkte agenda-uitnodiging zit in de bijlage: ze vervangt de vorige in uw agenda.
