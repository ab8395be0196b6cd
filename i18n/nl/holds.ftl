# Dubbele opt-in die de plaats vasthoudt (issue 14).

hold-registered-text = We hebben een e-mail gestuurd naar het adres dat u hebt ingevuld (hooguit eens per 15 minuten, kijk dus ook naar een eerdere e-mail). Open de link erin binnen { PLURAL($minutes) ->
    [one] { $minutes } minuut
   *[other] { $minutes } minuten
} om uw inschrijving te bevestigen; als er een plaats vrij was, houden we die tot dan voor u vast. Was dit adres al ingeschreven, dan leest u in de e-mail hoe het met de inschrijving staat. Het kan enkele minuten duren voor die aankomt.
hold-until = Uw plaats wordt voor u vastgehouden tot { $time }.
hold-expired-title = Deze link kwam te laat
hold-expired-text = Uw e-mailadres werd niet op tijd bevestigd: de plaats die voor u werd vastgehouden is vrijgegeven en er is niets ingeschreven. Wilt u toch deelnemen, schrijf u dan opnieuw in.
hold-register-again = Opnieuw inschrijven

hold-expired-subject = Uw plaats wordt niet langer vastgehouden: { $title }
hold-expired-intro = U hebt uw e-mailadres niet op tijd bevestigd. Daarom is de plaats die we voor u vasthielden voor “{ $title }” vrijgegeven en is uw inschrijving niet voltooid.
hold-expired-again = Wilt u toch deelnemen, dan kunt u zich opnieuw inschrijven op de pagina van het evenement:
