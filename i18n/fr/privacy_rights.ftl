# Les droits du participant sur ses données : les télécharger, les effacer.

rights-title = Vos données
rights-text = Vous pouvez télécharger tout ce que nous conservons à votre sujet, ou supprimer votre inscription avec vos données personnelles.
rights-download = Télécharger mes données (JSON)
rights-delete = Supprimer mon inscription et mes données

delete-title = Supprimer votre inscription et vos données ?
delete-erases = Vos nom, adresse e-mail, organisation et réponses écrites sont effacés immédiatement, et le lien de cette page cesse de fonctionner.
delete-email = Nous vous envoyons un dernier e-mail confirmant l’annulation (il retire l’invitation de votre agenda) ; votre adresse est effacée de nos registres dès que cet e-mail a été remis.
delete-kept = Ce qui reste ne permet plus de vous identifier : votre pays, l’état de l’inscription, l’enregistrement à l’entrée et les sessions, comptés dans les statistiques de l’événement.
delete-final = Cette opération est irréversible.
delete-over = L’événement est terminé : votre inscription reste comptée dans ses statistiques, sans votre nom.
delete-cancelled-already = Votre inscription est déjà annulée.
delete-copy-first = Vous voulez d’abord une copie ?
delete-confirm = Oui, supprimer mon inscription et mes données
delete-keep = Non, garder mon inscription

deleted-title = Votre inscription et vos données sont supprimées
deleted-text = Votre inscription à « { $title } » est annulée et vos données personnelles ont été effacées.
deleted-email = Si votre inscription était encore active, vous recevrez un dernier e-mail confirmant l’annulation ; une fois celui-ci remis, votre adresse est aussi effacée de nos registres.

cancellation-erased = Comme vous l’avez demandé, vos données personnelles ont été effacées : c’est le dernier e-mail que vous recevrez au sujet de cette inscription.

privacy-retention-days = Ici, c'est { PLURAL($days) ->
    [one] { $days } jour
   *[other] { $days } jours
} après la fin de l'événement, lorsque l'effacement a lieu automatiquement.
privacy-retention-manual = Les organisateurs les effacent une fois le suivi terminé, et vous pouvez les faire effacer plus tôt à tout moment (voir ci-dessous).
