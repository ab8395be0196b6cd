site-name = Tessera
site-tagline = Inscripción en eventos
site-skip = Ir al contenido
site-language = Idioma

home-title = Próximos eventos
home-none = En este momento no hay eventos programados.

event-when = Cuándo
event-where = Dónde
event-online = En línea
event-join-online = Participar en línea
event-about = Sobre el evento
event-agenda = Programa
event-session = Sesión
event-time = Horario
event-room = Sala
event-seats = Plazas
event-seats-left = plazas libres
event-seat-left = plaza libre
event-unlimited = Abierto
event-full = Completo
event-full-waitlist = Todas las plazas están ocupadas. Puede apuntarse a la lista de espera: si queda una plaza libre, quedará inscrito automáticamente.
event-full-closed = Todas las plazas están ocupadas y no hay lista de espera.
event-cancelled = Este evento se ha cancelado.
event-draft = Este evento aún no se ha publicado.
event-not-yet-open = La inscripción aún no está abierta.
event-opens = La inscripción se abre el
event-closed = La inscripción está cerrada.
event-contact = ¿Tiene preguntas? Escriba a
event-add-calendar = Añadir al calendario (.ics)
event-time-zone = Horario de

form-title = Inscribirse
form-title-waitlist = Apuntarse a la lista de espera
form-intro = Los campos marcados con * son obligatorios.
form-first-name = Nombre
form-last-name = Apellidos
form-email = Correo electrónico
form-email-hint = Le enviaremos aquí la confirmación y la invitación para su calendario.
form-organization = Organización
form-country = País
form-choose = Elija…
form-language = Idioma de los correos
form-sessions = Sesiones a las que asistirá
form-consent = Acepto que mis datos se utilicen para gestionar mi inscripción en este evento, tal como se describe en el aviso de privacidad.
form-website = Deje este campo vacío
form-submit = Inscribirse
form-submit-waitlist = Apuntarse a la lista de espera
form-errors = Corrija los campos señalados a continuación.
form-yes = Sí

error-required = Este campo es obligatorio.
error-too-long = El texto es demasiado largo.
error-invalid-characters = Contiene caracteres no permitidos.
error-email-invalid = Escriba una dirección de correo válida, por ejemplo nombre@ejemplo.es.
error-email-not-ascii = Nuestros correos no pueden llegar a una dirección con tildes o letras no latinas antes de la @. Utilice otra dirección.
error-country-invalid = Elija un país de la lista.
error-language-invalid = Elija un idioma de la lista.
error-consent-required = Para inscribirse, debe aceptar el uso de sus datos.
error-session-invalid = Elija solo sesiones de este evento.
error-option-invalid = Elija una de las opciones propuestas.
error-one-value-expected = Elija una sola opción.
error-question-unknown = Esta pregunta no corresponde a este evento.
error-not-found = Página no encontrada
error-not-found-text = La página que busca no existe o ya no está disponible.
error-full = El evento está completo
error-closed = La inscripción no está abierta
error-busy = Demasiadas inscripciones a la vez
error-busy-text = Muchas personas se están inscribiendo en este momento. Vuelva a intentarlo dentro de unos segundos; no se ha perdido nada.
error-rate-limited = Demasiadas solicitudes
error-rate-limited-text = Espere un minuto antes de volver a intentarlo.
error-too-large = El formulario enviado es demasiado grande.
error-internal = Algo ha fallado
error-internal-text = No hemos podido completar su solicitud. Vuelva a intentarlo más tarde.
error-back = Volver al evento

attendee-title = Su inscripción
attendee-status = Estado

status-confirmed = Confirmada
status-waitlisted = En lista de espera
status-pending = Pendiente de que confirme su dirección de correo
status-cancelled = Cancelada

attendee-confirmed-text = Su plaza está reservada. Le hemos enviado un correo de confirmación con una invitación para su calendario.
attendee-waitlisted-text = El evento está completo. Está en la lista de espera: si queda una plaza libre, quedará inscrito automáticamente y le avisaremos por correo.
attendee-position = Su posición en la lista de espera
attendee-pending-text = Le hemos enviado un correo. Abra el enlace que contiene para confirmar su dirección y completar la inscripción.
attendee-cancelled-text = Esta inscripción está cancelada. Puede volver a inscribirse desde la página del evento mientras queden plazas.
attendee-details = Sus datos
attendee-name = Nombre
attendee-sessions = Sus sesiones
attendee-calendar = Añadir a su calendario
attendee-google = Google Calendar
attendee-outlook = Outlook.com
attendee-ics = Descargar la invitación (.ics)
attendee-cancel = Cancelar mi inscripción
attendee-cancel-text = ¿Ya no puede asistir? Cancele la inscripción y su plaza pasará a la siguiente persona de la lista de espera.
attendee-cancel-waitlist = Salir de la lista de espera
attendee-keep-link = Guarde la dirección de esta página: es su enlace personal para gestionar la inscripción.
attendee-event-page = Página del evento
attendee-verified = Gracias, su dirección de correo está confirmada.
attendee-verify-full = Lo sentimos: el evento se completó antes de que confirmara su dirección.
attendee-verify-closed = Lo sentimos: la inscripción se cerró antes de que confirmara su dirección.
attendee-verify-title = Confirme su dirección de correo
attendee-verify-button = Confirmar mi inscripción
attendee-verify-text = Confirme que esta es su dirección para completar la inscripción.
attendee-open = Abrir su inscripción

registered-title = Revise su correo
registered-text = Si esta dirección está inscrita en este evento, le hemos enviado su enlace por correo (como máximo una vez cada 15 minutos, así que busque también un correo anterior). Puede tardar unos minutos en llegar.
registered-verify-text = Hemos enviado un correo a la dirección que ha indicado (como máximo uno cada 15 minutos, así que busque también un correo anterior). Abra el enlace que contiene para confirmar su inscripción: hasta entonces no se reserva ninguna plaza. Si esta dirección ya estaba inscrita, el correo le indica en qué estado se encuentra la inscripción. Puede tardar unos minutos en llegar.

error-ends-before-start = El final debe ser posterior al inicio.
error-url-invalid = Escriba una dirección web que empiece por https://.
error-capacity-invalid = Indique un número de plazas o déjelo vacío para no poner límite.
error-capacity-below-confirmed = Ya hay más asistentes confirmados que esta cifra.

event-seats-remaining = { PLURAL($count) ->
    [one] { $count } plaza libre
   *[other] { $count } plazas libres
}

date-locale = es
date-span = { $date }, de { $start } a { $end }
date-span-days = del { $date }, { $start }, al { $end_date }, { $end }

# The confirmation before cancelling (GET /r/{token}/cancel).
cancel-title = ¿Cancelar su inscripción?
cancel-title-waitlist = ¿Salir de la lista de espera?
cancel-seat-to-waitlist = Su plaza pasará a la siguiente persona de la lista de espera.
cancel-seat-free = Su plaza quedará libre para otra persona.
cancel-waitlist = Saldrá de la lista de espera y no se le ofrecerá una plaza si queda alguna libre.
cancel-pending = Su inscripción se retira: el enlace de nuestro correo ya no la confirmará.
cancel-email = Le enviaremos un correo para confirmar la cancelación; si añadió la invitación a su calendario, ese correo la elimina.
cancel-again = Puede volver a inscribirse desde la página del evento mientras queden plazas.
cancel-confirm = Sí, cancelar mi inscripción
cancel-confirm-waitlist = Sí, salir de la lista de espera
cancel-keep = No, mantener mi inscripción

# The footer of every public page.
footer-organized-by = Organiza
footer-label = Sobre este sitio
footer-privacy = Aviso de privacidad
footer-accessibility = Accesibilidad
# The words of form-consent that link to the privacy notice (exactly as they appear there).
form-consent-notice = aviso de privacidad
# GET /privacy
privacy-title = Aviso de privacidad
privacy-version = Versión de este aviso: { $version }
privacy-other-language = Este aviso no está disponible en español; se muestra en inglés.
# GET /accessibility
accessibility-title = Declaración de accesibilidad
accessibility-intro = { $organization } quiere que todas las personas puedan usar este sitio, sean cuales sean sus capacidades o el dispositivo que utilicen.
accessibility-standard = El sitio busca cumplir el nivel AA de las Pautas de Accesibilidad para el Contenido Web (WCAG) 2.1, el nivel que la Directiva (UE) 2016/2102 y la norma EN 301 549 exigen a los organismos públicos de la Unión Europea.
accessibility-features = Todas las páginas funcionan solo con el teclado, con un lector de pantalla, sin JavaScript, ampliadas al 200 % y en un móvil, y están disponibles en ocho idiomas.
accessibility-report-title = Comunicar una barrera
accessibility-report = Si algo de este sitio le resulta difícil o imposible de usar, o necesita su contenido en otro formato, escríbanos a
accessibility-report-include = Indíquenos la dirección de la página y qué ha fallado. Le responderemos y, si hace falta, le enviaremos la información en un formato que pueda usar.
accessibility-enforcement = Si nuestra respuesta no le satisface, puede dirigirse al organismo que supervisa la accesibilidad web en su país.
