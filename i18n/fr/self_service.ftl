# Modifications par le participant sur sa page (issue 14).

self-service-link = Modifier vos réponses, vos sessions ou la langue des e-mails
self-service-title = Modifier votre inscription
self-service-intro = Modifiez les réponses, les sessions et la langue des e-mails choisies lors de votre inscription. Votre nom et votre adresse e-mail restent inchangés.
self-service-save = Enregistrer les modifications
self-service-back = Retour à votre inscription
self-service-saved = Vos modifications ont été enregistrées.
self-service-saved-invite = Vos modifications ont été enregistrées. Nous vous envoyons par e-mail une invitation de calendrier mise à jour.
self-service-session-full = La session « { $title } » est complète : choisissez-en une autre ou gardez votre choix précédent.
self-service-cancelled-title = Cette inscription ne peut plus être modifiée
self-service-cancelled = Cette inscription est annulée : elle ne peut plus être modifiée.
self-service-answers = Vos réponses

sessions-changed-subject = Vos sessions ont changé : { $title }
sessions-changed-intro = Votre choix de sessions pour « { $title } » a été modifié. Voici votre inscription telle qu'elle se présente maintenant.
sessions-changed-invite = L'invitation de calendrier mise à jour est jointe : elle remplace la précédente dans votre agenda.
