## Comunes a todos los correos

email-greeting = Hola, { $first } { $last }:
email-signature = Un cordial saludo,
email-when = Cuándo:
email-where = Dónde:
email-online = En línea:
email-sessions = Sus sesiones:
email-event-page = Página del evento:
email-manage = Gestionar su inscripción
email-manage-link = Gestionar su inscripción:
email-questions = ¿Tiene preguntas? Escriba a { $email }
email-invite-attached = Adjuntamos la invitación para que pueda añadir el evento a su calendario.
email-invite-removes = La actualización adjunta elimina el evento de su calendario.
email-invite-moves = La actualización adjunta modifica el evento en su calendario.
email-cancel-please = Si finalmente no puede asistir, cancele su inscripción para que otra persona pueda ocupar su plaza.
email-cancel-please-text = Si finalmente no puede asistir, cancele su inscripción con el enlace de arriba para que otra persona pueda ocupar su plaza.
email-check-in-text = En la entrada, muestre el código QR de este correo (versión HTML) o este enlace:
email-check-in-reminder = En la entrada, muestre el código QR de su correo de confirmación o este enlace:

## El código de acceso

check-in-title = Su código de acceso
check-in-intro = En la entrada, muestre este código en el móvil o en papel. Es personal: pertenece a { $name } y con él el personal de la entrada encuentra su inscripción al instante, sin buscar su nombre.
check-in-name = Nombre
check-in-email = Correo
check-in-registration = Inscripción
check-in-confirmed = confirmada
check-in-image = Código de acceso de { $name }
check-in-private = No reenvíe este correo ni comparta el código: quien lo muestre en la entrada accederá con su plaza.
check-in-no-image = ¿No ve la imagen? Puede que su programa de correo bloquee las imágenes: permítalas para este mensaje o muestre en la entrada este enlace:

## Un tipo de correo cada uno

confirmation-subject = Inscripción confirmada: { $title }
confirmation-intro = Su inscripción en «{ $title }» está confirmada.

promoted-subject = Tiene plaza: { $title }
promoted-intro = Buenas noticias: ha quedado una plaza libre y es para usted. Su inscripción en «{ $title }» ya está confirmada.

waitlisted-subject = Lista de espera: { $title }
waitlisted-intro = «{ $title }» está completo, así que le hemos apuntado a la lista de espera. Ocupa el puesto { $position }.
waitlisted-next = Si queda una plaza libre, será para la primera persona de la lista: entonces confirmaremos su inscripción y le enviaremos un correo con la invitación para el calendario. Por ahora no tiene que hacer nada.
waitlisted-leave = Si ya no desea asistir, salga de la lista de espera.
waitlisted-leave-text = Si ya no desea asistir, salga de la lista de espera con el enlace de arriba.

verification-subject = Confirme su dirección de correo: { $title }
verification-intro = Confirme su dirección de correo para completar su inscripción en «{ $title }».
verification-button = Confirmar mi dirección de correo
verification-or-link = O abra este enlace:
verification-until = Hasta que la confirme, su inscripción no estará completa. Si no se ha inscrito, puede ignorar este correo.

cancellation-subject = Inscripción cancelada: { $title }
cancellation-intro = Su inscripción en «{ $title }» ha sido cancelada.
cancellation-intro-waitlist = Ya no figura en la lista de espera de «{ $title }».
cancellation-mistake = Si se trata de un error, puede volver a inscribirse desde la página del evento mientras la inscripción esté abierta.

event-updated-subject = Cambios: { $title }
event-updated-intro = Los datos de «{ $title }» han cambiado. Así queda el evento:

event-cancelled-subject = Evento cancelado: { $title }
event-cancelled-intro = Lamentamos comunicarle que «{ $title }», previsto para el { $when }, ha sido cancelado. Su inscripción queda sin efecto.

reminder-subject = Recordatorio: { $title }, { $when }
reminder-intro = Le recordamos que «{ $title }» se celebrará en breve.

announcement-subject = { $subject } – { $title }
