# De rechten van de deelnemer over zijn gegevens: downloaden en wissen.

rights-title = Uw gegevens
rights-text = U kunt alles downloaden wat wij over u bewaren, of uw inschrijving samen met uw persoonsgegevens verwijderen.
rights-download = Mijn gegevens downloaden (JSON)
rights-delete = Mijn inschrijving en gegevens verwijderen

delete-title = Uw inschrijving en gegevens verwijderen?
delete-erases = Uw naam, e-mailadres, organisatie en geschreven antwoorden worden meteen gewist, en de link van deze pagina werkt niet meer.
delete-email = We sturen u nog één laatste e-mail die de annulering bevestigt (die haalt de uitnodiging uit uw agenda); uw adres wordt uit onze gegevens gewist zodra die e-mail is afgeleverd.
delete-kept = Wat overblijft, is niet meer naar u te herleiden: uw land, de status van de inschrijving, de aanmelding aan de ingang en de sessies, meegeteld in de statistieken van het evenement.
delete-final = Dit kan niet ongedaan worden gemaakt.
delete-over = Het evenement is voorbij: uw inschrijving blijft meetellen in de statistieken, zonder uw naam.
delete-cancelled-already = Uw inschrijving is al geannuleerd.
delete-copy-first = Eerst een kopie?
delete-confirm = Ja, verwijder mijn inschrijving en gegevens
delete-keep = Nee, mijn inschrijving behouden

deleted-title = Uw inschrijving en gegevens zijn verwijderd
deleted-text = Uw inschrijving voor ‘{ $title }’ is geannuleerd en uw persoonsgegevens zijn gewist.
deleted-email = Was uw inschrijving nog actief, dan ontvangt u nog één e-mail die de annulering bevestigt; zodra die is afgeleverd, wordt ook uw adres uit onze gegevens gewist.

cancellation-erased = Zoals u vroeg, zijn uw persoonsgegevens gewist: dit is de laatste e-mail die u over deze inschrijving ontvangt.

privacy-retention-days = Hier is dat { PLURAL($days) ->
    [one] { $days } dag
   *[other] { $days } dagen
} na het einde van het evenement, wanneer het wissen automatisch gebeurt.
privacy-retention-manual = De organisatoren wissen ze zodra de opvolging klaar is, en u kunt ze op elk moment eerder laten wissen (zie hieronder).
