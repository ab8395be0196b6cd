# Cambios por el propio participante en su página (issue 14).

self-service-link = Cambiar sus respuestas, sesiones o idioma de los correos
self-service-title = Cambiar su inscripción
self-service-intro = Cambie las respuestas, las sesiones y el idioma de los correos que eligió al inscribirse. Su nombre y su dirección de correo no cambian.
self-service-save = Guardar los cambios
self-service-back = Volver a su inscripción
self-service-saved = Sus cambios se han guardado.
self-service-saved-invite = Sus cambios se han guardado. Le enviamos por correo una invitación de calendario actualizada.
self-service-session-full = La sesión «{ $title }» está completa: elija otra o mantenga su elección anterior.
self-service-cancelled-title = Esta inscripción ya no se puede cambiar
self-service-cancelled = Esta inscripción está cancelada, por lo que ya no se puede cambiar.
self-service-answers = Sus respuestas

sessions-changed-subject = Sus sesiones han cambiado: { $title }
sessions-changed-intro = Su elección de sesiones para «{ $title }» ha cambiado. Así queda ahora su inscripción.
sessions-changed-invite = Adjuntamos la invitación de calendario actualizada: sustituye a la anterior en su calendario.
