site-name = Tessera
site-tagline = Inschrijven voor evenementen
site-skip = Naar de inhoud
site-language = Taal

home-title = Komende evenementen
home-none = Er zijn op dit moment geen geplande evenementen.

event-when = Wanneer
event-where = Waar
event-online = Online
event-join-online = Online deelnemen
event-about = Over dit evenement
event-agenda = Programma
event-session = Sessie
event-time = Tijd
event-room = Zaal
event-seats = Plaatsen
event-seats-left = plaatsen vrij
event-seat-left = plaats vrij
event-unlimited = Open
event-full = Volzet
event-full-waitlist = Alle plaatsen zijn bezet. U kunt zich op de wachtlijst zetten: komt er een plaats vrij, dan wordt u automatisch ingeschreven.
event-full-closed = Alle plaatsen zijn bezet en er is geen wachtlijst.
event-cancelled = Dit evenement is geannuleerd.
event-draft = Dit evenement is nog niet gepubliceerd.
event-not-yet-open = De inschrijvingen zijn nog niet geopend.
event-opens = Inschrijvingen openen op
event-closed = De inschrijvingen zijn afgesloten.
event-contact = Vragen? Schrijf naar
event-add-calendar = Toevoegen aan agenda (.ics)
event-time-zone = Tijden in

form-title = Inschrijven
form-title-waitlist = Op de wachtlijst
form-intro = Velden met een * zijn verplicht.
form-first-name = Voornaam
form-last-name = Achternaam
form-email = E-mailadres
form-email-hint = Hierheen sturen we uw bevestiging en de agenda-uitnodiging.
form-organization = Organisatie
form-country = Land
form-choose = Kies…
form-language = Taal van de e-mails
form-sessions = Sessies die u bijwoont
form-consent = Ik ga ermee akkoord dat mijn gegevens worden gebruikt om mijn inschrijving voor dit evenement te beheren, zoals beschreven in de privacyverklaring.
form-website = Laat dit veld leeg
form-submit = Inschrijven
form-submit-waitlist = Op de wachtlijst zetten
form-errors = Verbeter de velden die hieronder zijn aangeduid.
form-yes = Ja

error-required = Dit veld is verplicht.
error-too-long = Dit is te lang.
error-invalid-characters = Dit bevat tekens die niet zijn toegestaan.
error-email-invalid = Vul een geldig e-mailadres in, zoals naam@voorbeeld.be.
error-email-not-ascii = Onze e-mails kunnen geen adres bereiken met letters met accenten of niet-Latijnse letters vóór de @. Gebruik een ander adres.
error-country-invalid = Kies een land uit de lijst.
error-language-invalid = Kies een taal uit de lijst.
error-consent-required = Om in te schrijven moet u akkoord gaan met het gebruik van uw gegevens.
error-session-invalid = Kies alleen sessies van dit evenement.
error-option-invalid = Kies een van de gegeven opties.
error-one-value-expected = Kies maar één optie.
error-question-unknown = Deze vraag hoort niet bij dit evenement.
error-not-found = Pagina niet gevonden
error-not-found-text = De pagina die u zocht, bestaat niet of is niet meer beschikbaar.
error-full = Dit evenement is volzet
error-closed = De inschrijvingen zijn niet open
error-busy = Te veel inschrijvingen tegelijk
error-busy-text = Er schrijven zich op dit moment veel mensen in. Probeer het over enkele seconden opnieuw; er is niets verloren gegaan.
error-rate-limited = Te veel aanvragen
error-rate-limited-text = Wacht een minuut voor u het opnieuw probeert.
error-too-large = Het verzonden formulier is te groot.
error-internal = Er is iets misgegaan
error-internal-text = We konden uw aanvraag niet afhandelen. Probeer het later opnieuw.
error-back = Terug naar het evenement

attendee-title = Uw inschrijving
attendee-status = Status

status-confirmed = Bevestigd
status-waitlisted = Op de wachtlijst
status-pending = Wacht op de bevestiging van uw e-mailadres
status-cancelled = Geannuleerd

attendee-confirmed-text = Uw plaats is gereserveerd. We hebben u een bevestigingsmail met een agenda-uitnodiging gestuurd.
attendee-waitlisted-text = Het evenement is volzet. U staat op de wachtlijst: komt er een plaats vrij, dan wordt u automatisch ingeschreven en krijgt u een e-mail.
attendee-position = Uw plaats op de wachtlijst
attendee-pending-text = We hebben u een e-mail gestuurd. Open de link erin om uw adres te bevestigen en uw inschrijving af te ronden.
attendee-cancelled-text = Deze inschrijving is geannuleerd. Zolang er plaatsen vrij zijn, kunt u zich opnieuw inschrijven via de pagina van het evenement.
attendee-details = Uw gegevens
attendee-name = Naam
attendee-sessions = Uw sessies
attendee-calendar = Toevoegen aan uw agenda
attendee-google = Google Agenda
attendee-outlook = Outlook.com
attendee-ics = Uitnodiging downloaden (.ics)
attendee-cancel = Mijn inschrijving annuleren
attendee-cancel-text = Kunt u toch niet komen? Annuleer dan, zodat uw plaats naar de volgende persoon op de wachtlijst gaat.
attendee-cancel-waitlist = Van de wachtlijst gaan
attendee-keep-link = Bewaar het adres van deze pagina: het is uw persoonlijke link om uw inschrijving te beheren.
attendee-event-page = Pagina van het evenement
attendee-verified = Bedankt, uw e-mailadres is bevestigd.
attendee-verify-full = Helaas was het evenement volzet voordat u uw adres bevestigde.
attendee-verify-closed = Helaas werden de inschrijvingen afgesloten voordat u uw adres bevestigde.
attendee-verify-title = Bevestig uw e-mailadres
attendee-verify-button = Mijn inschrijving bevestigen
attendee-verify-text = Bevestig dat dit uw adres is om uw inschrijving af te ronden.
attendee-open = Uw inschrijving openen

registered-title = Kijk in uw mailbox
registered-text = Als dit adres voor dit evenement is ingeschreven, hebben we de link ernaartoe gemaild (hooguit eens per 15 minuten, kijk dus ook naar een eerdere e-mail). Het kan enkele minuten duren voor die aankomt.
registered-verify-text = We hebben een e-mail gestuurd naar het adres dat u hebt ingevuld (hooguit eens per 15 minuten, kijk dus ook naar een eerdere e-mail). Open de link erin om uw inschrijving te bevestigen: tot dan wordt er geen plaats voor u vastgehouden. Was dit adres al ingeschreven, dan leest u in de e-mail hoe het met de inschrijving staat. Het kan enkele minuten duren voor die aankomt.

error-ends-before-start = Het einde moet na het begin liggen.
error-url-invalid = Vul een webadres in dat begint met https://.
error-capacity-invalid = Vul een aantal plaatsen in, of laat leeg voor onbeperkt.
error-capacity-below-confirmed = Er zijn al meer bevestigde deelnemers dan dit aantal.

event-seats-remaining = { PLURAL($count) ->
    [one] nog { $count } plaats vrij
   *[other] nog { $count } plaatsen vrij
}

date-locale = nl-BE
date-span = { $date }, { $start }–{ $end }
date-span-days = { $date }, { $start } – { $end_date }, { $end }

# The confirmation before cancelling (GET /r/{token}/cancel).
cancel-title = Uw inschrijving annuleren?
cancel-title-waitlist = Van de wachtlijst gaan?
cancel-seat-to-waitlist = Uw plaats gaat naar de volgende persoon op de wachtlijst.
cancel-seat-free = Uw plaats komt vrij voor iemand anders.
cancel-waitlist = U verlaat de wachtlijst en krijgt geen plaats aangeboden als er een vrijkomt.
cancel-pending = Uw inschrijving wordt ingetrokken: de link in onze e-mail bevestigt ze niet meer.
cancel-email = We sturen u een e-mail ter bevestiging van de annulering; als u de uitnodiging aan uw agenda hebt toegevoegd, haalt die e-mail ze eruit.
cancel-again = Zolang er plaatsen vrij zijn, kunt u zich opnieuw inschrijven via de pagina van het evenement.
cancel-confirm = Ja, mijn inschrijving annuleren
cancel-confirm-waitlist = Ja, van de wachtlijst gaan
cancel-keep = Nee, mijn inschrijving behouden

# The footer of every public page.
footer-organized-by = Georganiseerd door
footer-label = Over deze website
footer-privacy = Privacyverklaring
footer-accessibility = Toegankelijkheid
# The words of form-consent that link to the privacy notice (exactly as they appear there).
form-consent-notice = privacyverklaring
# GET /privacy
privacy-title = Privacyverklaring
privacy-version = Versie van deze verklaring: { $version }
privacy-other-language = Deze verklaring bestaat niet in het Nederlands; ze wordt in het Engels getoond.
# GET /accessibility
accessibility-title = Toegankelijkheidsverklaring
accessibility-intro = { $organization } wil dat iedereen deze website kan gebruiken, ongeacht beperkingen of het toestel dat men gebruikt.
accessibility-standard = De website streeft naar niveau AA van de Richtlijnen voor toegankelijkheid van webcontent (WCAG) 2.1, het niveau dat Richtlijn (EU) 2016/2102 en de norm EN 301 549 van overheidsinstanties in de Europese Unie vragen.
accessibility-features = Elke pagina werkt met alleen een toetsenbord, met een schermlezer, zonder JavaScript, vergroot tot 200% en op een smartphone, en bestaat in acht talen.
accessibility-report-title = Een drempel melden
accessibility-report = Is iets op deze website moeilijk of onmogelijk te gebruiken, of hebt u de inhoud in een andere vorm nodig? Schrijf ons op
accessibility-report-include = Vermeld het adres van de pagina en wat er misging. We antwoorden u en sturen u de informatie zo nodig in een vorm die u kunt gebruiken.
accessibility-enforcement = Bent u niet tevreden met ons antwoord, dan kunt u terecht bij de instantie die in uw land toezicht houdt op de toegankelijkheid van websites.
