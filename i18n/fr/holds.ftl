# Double opt-in qui réserve la place (issue 14).

hold-registered-text = Nous avons envoyé un e-mail à l'adresse indiquée (au maximum un toutes les 15 minutes : cherchez aussi un e-mail précédent). Ouvrez le lien qu'il contient dans les { PLURAL($minutes) ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
} pour confirmer votre inscription ; si une place était libre, elle vous est réservée jusque-là. Si cette adresse était déjà inscrite, l'e-mail vous indique où en est l'inscription. Il peut arriver avec quelques minutes de retard.
hold-until = Votre place vous est réservée jusqu'à { $time }.
hold-expired-title = Ce lien arrive trop tard
hold-expired-text = Votre adresse e-mail n'a pas été confirmée à temps : la place qui vous était réservée a été libérée et aucune inscription n'a été enregistrée. Si vous souhaitez toujours participer, inscrivez-vous à nouveau.
hold-register-again = S'inscrire à nouveau

hold-expired-subject = Votre place n'est plus réservée : { $title }
hold-expired-intro = Vous n'avez pas confirmé votre adresse e-mail à temps : la place que nous vous réservions pour « { $title } » a été libérée et votre inscription n'a pas été finalisée.
hold-expired-again = Si vous souhaitez toujours participer, vous pouvez vous inscrire à nouveau sur la page de l'événement :
