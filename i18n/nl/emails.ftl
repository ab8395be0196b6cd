## Gemeenschappelijk voor alle e-mails

email-greeting = Beste { $first } { $last },
email-signature = Met vriendelijke groet,
email-when = Wanneer:
email-where = Waar:
email-online = Online:
email-sessions = Uw sessies:
email-event-page = Pagina van het evenement:
email-manage = Uw inschrijving beheren
email-manage-link = Uw inschrijving beheren:
email-questions = Vragen? Schrijf naar { $email }
email-invite-attached = In de bijlage vindt u de agenda-uitnodiging: open ze om het evenement aan uw agenda toe te voegen.
email-invite-removes = De bijgevoegde agenda-update haalt het evenement uit uw agenda.
email-invite-moves = De bijgevoegde agenda-update past het evenement in uw agenda aan.
email-cancel-please = Kunt u toch niet komen? Annuleer dan uw inschrijving, zodat iemand anders uw plaats kan innemen.
email-cancel-please-text = Kunt u toch niet komen? Annuleer dan uw inschrijving via de link hierboven, zodat iemand anders uw plaats kan innemen.
email-check-in-text = Toon bij de ingang de QR-code in deze e-mail (HTML-versie) of deze link:
email-check-in-reminder = Toon bij de ingang de QR-code uit uw bevestigingsmail of deze link:

## De toegangscode

check-in-title = Uw toegangscode
check-in-intro = Toon deze code bij de ingang, op uw telefoon of op papier. Hij is persoonlijk: hij hoort bij { $name }, en daarmee vinden de medewerkers aan de deur uw inschrijving in een oogwenk, zonder uw naam op te zoeken.
check-in-name = Naam
check-in-email = E-mail
check-in-registration = Inschrijving
check-in-confirmed = bevestigd
check-in-image = Toegangscode van { $name }
check-in-private = Stuur deze e-mail niet door en deel de code niet: wie hem aan de deur toont, wordt op uw plaats binnengelaten.
check-in-no-image = Ziet u hierboven geen afbeelding? Misschien houdt uw e-mailprogramma afbeeldingen tegen: sta ze toe voor dit bericht, of toon bij de ingang deze link:

## Eén soort e-mail per blok

confirmation-subject = Inschrijving bevestigd: { $title }
confirmation-intro = Uw inschrijving voor ‘{ $title }’ is bevestigd.

promoted-subject = Er is een plaats voor u: { $title }
promoted-intro = Goed nieuws: er is een plaats vrijgekomen en die is voor u. Uw inschrijving voor ‘{ $title }’ is nu bevestigd.

waitlisted-subject = Wachtlijst: { $title }
waitlisted-intro = ‘{ $title }’ is volzet, daarom hebben we u op de wachtlijst gezet. U staat op plaats { $position }.
waitlisted-next = Komt er een plaats vrij, dan gaat die naar de eerste persoon op de lijst: we bevestigen dan uw inschrijving en sturen u een e-mail met de agenda-uitnodiging. U hoeft nu niets te doen.
waitlisted-leave = Wilt u niet meer deelnemen? Ga dan van de wachtlijst.
waitlisted-leave-text = Wilt u niet meer deelnemen? Ga dan via de link hierboven van de wachtlijst.

verification-subject = Bevestig uw e-mailadres: { $title }
verification-intro = Bevestig uw e-mailadres om uw inschrijving voor ‘{ $title }’ af te ronden.
verification-button = Mijn e-mailadres bevestigen
verification-or-link = Of open deze link:
verification-until = Zolang u niet bevestigt, is uw inschrijving niet rond. Hebt u zich niet ingeschreven? Dan kunt u deze e-mail negeren.

cancellation-subject = Inschrijving geannuleerd: { $title }
cancellation-intro = Uw inschrijving voor ‘{ $title }’ is geannuleerd.
cancellation-intro-waitlist = U staat niet langer op de wachtlijst voor ‘{ $title }’.
cancellation-mistake = Is dit een vergissing? Zolang de inschrijvingen open zijn, kunt u zich opnieuw inschrijven via de pagina van het evenement.

event-updated-subject = Gewijzigd: { $title }
event-updated-intro = De gegevens van ‘{ $title }’ zijn gewijzigd. Zo ziet het evenement er nu uit:

event-cancelled-subject = Evenement geannuleerd: { $title }
event-cancelled-intro = Het spijt ons u te moeten meedelen dat ‘{ $title }’, gepland op { $when }, geannuleerd is. Uw inschrijving vervalt daarmee.

reminder-subject = Herinnering: { $title }, { $when }
reminder-intro = Ter herinnering: ‘{ $title }’ komt eraan.

announcement-subject = { $subject } – { $title }
