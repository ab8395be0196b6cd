# Doble confirmación que reserva la plaza (issue 14).

hold-registered-text = Hemos enviado un correo a la dirección que ha indicado (como máximo uno cada 15 minutos, así que busque también un correo anterior). Abra el enlace que contiene en { PLURAL($minutes) ->
    [one] { $minutes } minuto
   *[other] { $minutes } minutos
} para confirmar su inscripción; si había una plaza libre, se la reservamos hasta entonces. Si esta dirección ya estaba inscrita, el correo le indica en qué estado se encuentra la inscripción. Puede tardar unos minutos en llegar.
hold-until = Su plaza está reservada hasta las { $time }.
hold-expired-title = Este enlace ha llegado demasiado tarde
hold-expired-text = Su dirección de correo no se confirmó a tiempo, por lo que la plaza que le reservábamos se ha liberado y no se ha registrado ninguna inscripción. Si aún desea asistir, inscríbase de nuevo.
hold-register-again = Inscribirse de nuevo

hold-expired-subject = Su plaza ya no está reservada: { $title }
hold-expired-intro = No confirmó su dirección de correo a tiempo, por lo que la plaza que le reservábamos para «{ $title }» se ha liberado y su inscripción no se ha completado.
hold-expired-again = Si aún desea asistir, puede inscribirse de nuevo en la página del evento:
