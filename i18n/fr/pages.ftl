site-name = Tessera
site-tagline = Inscriptions aux événements
site-skip = Aller au contenu
site-language = Langue

home-title = Événements à venir
home-none = Aucun événement n'est prévu pour le moment.

event-when = Quand
event-where = Où
event-online = En ligne
event-join-online = Participer en ligne
event-about = À propos de l'événement
event-agenda = Programme
event-session = Session
event-time = Horaire
event-room = Salle
event-seats = Places
event-seats-left = places disponibles
event-seat-left = place disponible
event-unlimited = Ouvert
event-full = Complet
event-full-waitlist = Toutes les places sont prises. Vous pouvez vous inscrire sur la liste d'attente : votre inscription sera confirmée automatiquement si une place se libère.
event-full-closed = Toutes les places sont prises et il n'y a pas de liste d'attente.
event-cancelled = Cet événement a été annulé.
event-draft = Cet événement n'est pas encore publié.
event-not-yet-open = Les inscriptions ne sont pas encore ouvertes.
event-opens = Ouverture des inscriptions
event-closed = Les inscriptions sont closes.
event-contact = Des questions ? Écrivez à
event-add-calendar = Ajouter à l'agenda (.ics)
event-time-zone = Heures indiquées dans le fuseau

form-title = S'inscrire
form-title-waitlist = S'inscrire sur la liste d'attente
form-intro = Les champs marqués d'un * sont obligatoires.
form-first-name = Prénom
form-last-name = Nom
form-email = Adresse e-mail
form-email-hint = Nous y enverrons votre confirmation et l'invitation pour votre agenda.
form-organization = Organisation
form-country = Pays
form-choose = Choisir…
form-language = Langue des e-mails
form-sessions = Sessions auxquelles vous participerez
form-consent = J'accepte que mes données soient utilisées pour gérer mon inscription à cet événement, comme le décrit l'avis de confidentialité.
form-website = Laissez ce champ vide
form-submit = S'inscrire
form-submit-waitlist = S'inscrire sur la liste d'attente
form-errors = Veuillez corriger les champs signalés ci-dessous.
form-yes = Oui

error-required = Ce champ est obligatoire.
error-too-long = Ce texte est trop long.
error-invalid-characters = Ce champ contient des caractères non autorisés.
error-email-invalid = Saisissez une adresse e-mail valide, par exemple nom@exemple.be.
error-email-not-ascii = Nos e-mails ne peuvent pas atteindre une adresse contenant des lettres accentuées ou non latines avant le @. Veuillez utiliser une autre adresse.
error-country-invalid = Choisissez un pays dans la liste.
error-language-invalid = Choisissez une langue dans la liste.
error-consent-required = Pour vous inscrire, veuillez accepter l'utilisation de vos données.
error-session-invalid = Choisissez uniquement des sessions de cet événement.
error-option-invalid = Choisissez l'une des options proposées.
error-one-value-expected = Choisissez une seule option.
error-question-unknown = Cette question ne fait pas partie de cet événement.
error-not-found = Page introuvable
error-not-found-text = La page demandée n'existe pas ou n'est plus disponible.
error-full = Cet événement est complet
error-closed = Les inscriptions ne sont pas ouvertes
error-busy = Trop d'inscriptions simultanées
error-busy-text = De nombreuses personnes s'inscrivent en ce moment. Veuillez réessayer dans quelques secondes ; rien n'a été perdu.
error-rate-limited = Trop de demandes
error-rate-limited-text = Veuillez patienter une minute avant de réessayer.
error-too-large = Le formulaire envoyé est trop volumineux.
error-internal = Une erreur s'est produite
error-internal-text = Nous n'avons pas pu traiter votre demande. Veuillez réessayer plus tard.
error-back = Retour à l'événement

attendee-title = Votre inscription
attendee-status = Statut

status-confirmed = Confirmée
status-waitlisted = Sur la liste d'attente
status-pending = En attente de la confirmation de votre adresse e-mail
status-cancelled = Annulée

attendee-confirmed-text = Votre place est réservée. Nous vous avons envoyé un e-mail de confirmation avec une invitation pour votre agenda.
attendee-waitlisted-text = L'événement est complet. Vous êtes sur la liste d'attente : si une place se libère, votre inscription sera confirmée automatiquement et vous recevrez un e-mail.
attendee-position = Votre position sur la liste d'attente
attendee-pending-text = Nous vous avons envoyé un e-mail. Ouvrez le lien qu'il contient pour confirmer votre adresse et finaliser votre inscription.
attendee-cancelled-text = Cette inscription est annulée. Vous pouvez vous réinscrire depuis la page de l'événement tant que des places sont disponibles.
attendee-details = Vos coordonnées
attendee-name = Nom
attendee-sessions = Vos sessions
attendee-calendar = Ajouter à votre agenda
attendee-google = Google Agenda
attendee-outlook = Outlook.com
attendee-ics = Télécharger l'invitation (.ics)
attendee-cancel = Annuler mon inscription
attendee-cancel-text = Vous ne pouvez plus venir ? Annulez votre inscription : votre place ira à la personne suivante sur la liste d'attente.
attendee-cancel-waitlist = Quitter la liste d'attente
attendee-keep-link = Conservez l'adresse de cette page : c'est votre lien personnel pour gérer votre inscription.
attendee-event-page = Page de l'événement
attendee-verified = Merci, votre adresse e-mail est confirmée.
attendee-verify-full = Désolés, l'événement est devenu complet avant la confirmation de votre adresse.
attendee-verify-closed = Désolés, les inscriptions ont été clôturées avant la confirmation de votre adresse.
attendee-verify-title = Confirmez votre adresse e-mail
attendee-verify-button = Confirmer mon inscription
attendee-verify-text = Confirmez qu'il s'agit bien de votre adresse pour finaliser votre inscription.
attendee-open = Ouvrir votre inscription

registered-title = Consultez votre messagerie
registered-text = Si cette adresse est inscrite à cet événement, nous lui avons envoyé son lien par e-mail (au maximum une fois toutes les 15 minutes : cherchez aussi un e-mail précédent). Il peut arriver avec quelques minutes de retard.
registered-verify-text = Nous avons envoyé un e-mail à l'adresse indiquée (au maximum un toutes les 15 minutes : cherchez aussi un e-mail précédent). Ouvrez le lien qu'il contient pour confirmer votre inscription : d'ici là, aucune place n'est réservée. Si cette adresse était déjà inscrite, l'e-mail vous indique où en est l'inscription. Il peut arriver avec quelques minutes de retard.

error-ends-before-start = La fin doit être postérieure au début.
error-url-invalid = Saisissez une adresse web commençant par https://.
error-capacity-invalid = Saisissez un nombre de places, ou laissez vide pour un nombre illimité.
error-capacity-below-confirmed = Le nombre de participants confirmés dépasse déjà ce chiffre.

event-seats-remaining = { PLURAL($count) ->
    [one] { $count } place disponible
   *[other] { $count } places disponibles
}

date-locale = fr-BE
date-span = { $date }, de { $start } à { $end }
date-span-days = du { $date }, { $start }, au { $end_date }, { $end }

# The confirmation before cancelling (GET /r/{token}/cancel).
cancel-title = Annuler votre inscription ?
cancel-title-waitlist = Quitter la liste d'attente ?
cancel-seat-to-waitlist = Votre place ira à la personne suivante sur la liste d'attente.
cancel-seat-free = Votre place sera libérée pour quelqu'un d'autre.
cancel-waitlist = Vous quittez la liste d'attente et aucune place ne vous sera proposée si l'une se libère.
cancel-pending = Votre inscription est retirée : le lien de notre e-mail ne pourra plus la confirmer.
cancel-email = Nous vous envoyons un e-mail pour confirmer l'annulation ; si vous avez ajouté l'invitation à votre agenda, cet e-mail l'en retire.
cancel-again = Vous pourrez vous réinscrire depuis la page de l'événement tant que des places sont disponibles.
cancel-confirm = Oui, annuler mon inscription
cancel-confirm-waitlist = Oui, quitter la liste d'attente
cancel-keep = Non, garder mon inscription

# The footer of every public page.
footer-organized-by = Organisé par
footer-label = À propos de ce site
footer-privacy = Avis de confidentialité
footer-accessibility = Accessibilité
# The words of form-consent that link to the privacy notice (exactly as they appear there).
form-consent-notice = avis de confidentialité
# GET /privacy
privacy-title = Avis de confidentialité
privacy-version = Version de cet avis : { $version }
privacy-other-language = Cet avis n'est pas disponible en français ; il est affiché en anglais.
# GET /accessibility
accessibility-title = Déclaration d'accessibilité
accessibility-intro = { $organization } veut que chacun puisse utiliser ce site, quelles que soient ses capacités ou l'appareil qu'il utilise.
accessibility-standard = Le site vise le niveau AA des Règles pour l'accessibilité des contenus web (WCAG) 2.1, le niveau exigé des organismes publics de l'Union européenne par la directive (UE) 2016/2102 et la norme EN 301 549.
accessibility-features = Chaque page s'utilise au clavier seul, avec un lecteur d'écran, sans JavaScript, agrandie à 200 % et sur un téléphone, et elle existe en huit langues.
accessibility-report-title = Signaler un obstacle
accessibility-report = Si un élément de ce site vous est difficile ou impossible à utiliser, ou si vous avez besoin de son contenu sous une autre forme, écrivez-nous à
accessibility-report-include = Indiquez-nous l'adresse de la page et ce qui n'a pas fonctionné. Nous vous répondrons et, si nécessaire, vous enverrons l'information sous une forme que vous pouvez utiliser.
accessibility-enforcement = Si notre réponse ne vous satisfait pas, vous pouvez vous adresser à l'organisme chargé de contrôler l'accessibilité du web dans votre pays.
