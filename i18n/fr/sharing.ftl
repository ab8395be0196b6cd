# The error summary at the top of a rejected form (GOV.UK pattern).
summary-title = Il y a un problème

# Lost-link recovery on the event page.
lost-link-title = Vous avez perdu votre lien ?
lost-link-intro = Déjà inscrit ? Saisissez votre adresse e-mail et nous vous enverrons le lien vers votre inscription.
lost-link-submit = M'envoyer mon lien
lost-link-sent-title = Consultez votre messagerie
lost-link-sent-text = Si cette adresse est inscrite à cet événement, nous lui avons envoyé son lien par e-mail. Nous l'envoyons au maximum une fois toutes les 15 minutes : cherchez aussi un e-mail précédent. Il peut arriver avec quelques minutes de retard.
