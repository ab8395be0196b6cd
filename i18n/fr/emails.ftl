## Communs à tous les e-mails

email-greeting = Bonjour { $first } { $last },
email-signature = Bien cordialement,
email-when = Quand :
email-where = Où :
email-online = En ligne :
email-sessions = Vos sessions :
email-event-page = Page de l'événement :
email-manage = Gérer votre inscription
email-manage-link = Gérer votre inscription :
email-questions = Des questions ? Écrivez à { $email }
email-invite-attached = Vous trouverez en pièce jointe l'invitation à ajouter à votre agenda.
email-invite-removes = La mise à jour jointe retire l'événement de votre agenda.
email-invite-moves = La mise à jour jointe modifie l'événement dans votre agenda.
email-cancel-please = Si vous ne pouvez plus venir, merci d'annuler votre inscription afin qu'une autre personne puisse prendre votre place.
email-cancel-please-text = Si vous ne pouvez plus venir, merci d'annuler votre inscription avec le lien ci-dessus afin qu'une autre personne puisse prendre votre place.
email-check-in-text = À l'entrée, présentez le code QR de cet e-mail (version HTML) ou ce lien :
email-check-in-reminder = À l'entrée, présentez le code QR de votre e-mail de confirmation ou ce lien :

## Le code d'accueil

check-in-title = Votre code d'accueil
check-in-intro = À l'entrée, présentez ce code sur votre téléphone ou sur papier. Il est personnel : il appartient à { $name } et permet à l'équipe d'accueil de retrouver votre inscription en une seconde, sans chercher votre nom.
check-in-name = Nom
check-in-email = E-mail
check-in-registration = Inscription
check-in-confirmed = confirmée
check-in-image = Code d'accueil de { $name }
check-in-private = Ne transférez pas cet e-mail et ne partagez pas ce code : la personne qui le présente à l'entrée est enregistrée à votre place.
check-in-no-image = Vous ne voyez pas d'image ? Votre messagerie bloque peut-être les images : autorisez-les pour ce message, ou présentez plutôt ce lien à l'entrée :

## Un type d'e-mail chacun

confirmation-subject = Inscription confirmée : { $title }
confirmation-intro = Votre inscription à « { $title } » est confirmée.

promoted-subject = Une place s'est libérée pour vous : { $title }
promoted-intro = Bonne nouvelle : une place s'est libérée et elle est pour vous. Votre inscription à « { $title } » est désormais confirmée.

waitlisted-subject = Liste d'attente : { $title }
waitlisted-intro = « { $title } » est complet : nous vous avons inscrit(e) sur la liste d'attente, en position { $position }.
waitlisted-next = Si une place se libère, elle revient à la première personne de la liste : nous confirmerons alors votre inscription et vous enverrons un e-mail avec l'invitation pour votre agenda. Vous n'avez rien à faire pour l'instant.
waitlisted-leave = Si vous ne souhaitez plus participer, merci de quitter la liste d'attente.
waitlisted-leave-text = Si vous ne souhaitez plus participer, merci de quitter la liste d'attente avec le lien ci-dessus.

verification-subject = Confirmez votre adresse e-mail : { $title }
verification-intro = Merci de confirmer votre adresse e-mail pour finaliser votre inscription à « { $title } ».
verification-button = Confirmer mon adresse e-mail
verification-or-link = Ou ouvrez ce lien :
verification-until = Tant que vous n'avez pas confirmé, votre inscription n'est pas finalisée. Si vous ne vous êtes pas inscrit(e), ignorez simplement cet e-mail.

cancellation-subject = Inscription annulée : { $title }
cancellation-intro = Votre inscription à « { $title } » a été annulée.
cancellation-intro-waitlist = Vous ne figurez plus sur la liste d'attente de « { $title } ».
cancellation-mistake = S'il s'agit d'une erreur, vous pouvez vous réinscrire depuis la page de l'événement tant que les inscriptions sont ouvertes.

event-updated-subject = Modification : { $title }
event-updated-intro = Les informations de « { $title } » ont changé. Voici l'événement tel qu'il se présente désormais :

event-cancelled-subject = Événement annulé : { $title }
event-cancelled-intro = Nous avons le regret de vous informer que « { $title } », prévu le { $when }, est annulé. Votre inscription n'est donc plus valable.

reminder-subject = Rappel : { $title }, { $when }
reminder-intro = Pour rappel, « { $title } » aura lieu prochainement.

announcement-subject = { $subject } – { $title }
