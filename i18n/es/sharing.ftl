# The error summary at the top of a rejected form (GOV.UK pattern).
summary-title = Hay un problema

# Lost-link recovery on the event page.
lost-link-title = ¿Ha perdido su enlace?
lost-link-intro = ¿Ya está inscrito? Escriba su correo electrónico y le enviaremos el enlace a su inscripción.
lost-link-submit = Enviarme el enlace
lost-link-sent-title = Revise su correo
lost-link-sent-text = Si esta dirección está inscrita en este evento, le hemos enviado su enlace por correo. Lo enviamos como máximo una vez cada 15 minutos, así que busque también un correo anterior. Puede tardar unos minutos en llegar.
