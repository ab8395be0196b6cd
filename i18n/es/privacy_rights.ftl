# Los derechos del participante sobre sus datos: descargarlos y borrarlos.

rights-title = Tus datos
rights-text = Puedes descargar todo lo que guardamos sobre ti, o eliminar tu inscripción junto con tus datos personales.
rights-download = Descargar mis datos (JSON)
rights-delete = Eliminar mi inscripción y mis datos

delete-title = ¿Eliminar tu inscripción y tus datos?
delete-erases = Tu nombre, dirección de correo, organización y respuestas escritas se borran de inmediato, y el enlace de esta página deja de funcionar.
delete-email = Te enviamos un último correo que confirma la cancelación (quita la invitación de tu calendario); tu dirección se borra de nuestros registros en cuanto ese correo se entrega.
delete-kept = Lo que queda ya no permite identificarte: tu país, el estado de la inscripción, la acreditación en la entrada y las sesiones, contados en las estadísticas del evento.
delete-final = Esta acción no se puede deshacer.
delete-over = El evento ya terminó: tu inscripción sigue contando en sus estadísticas, sin tu nombre.
delete-cancelled-already = Tu inscripción ya está cancelada.
delete-copy-first = ¿Quieres antes una copia?
delete-confirm = Sí, eliminar mi inscripción y mis datos
delete-keep = No, mantener mi inscripción

deleted-title = Tu inscripción y tus datos se han eliminado
deleted-text = Tu inscripción en «{ $title }» está cancelada y tus datos personales se han borrado.
deleted-email = Si tu inscripción seguía activa, recibirás un último correo que confirma la cancelación; una vez entregado, tu dirección también se borra de nuestros registros.

cancellation-erased = Como pediste, tus datos personales se han borrado: este es el último correo que recibirás sobre esta inscripción.

privacy-retention-days = Aquí son { PLURAL($days) ->
    [one] { $days } día
   *[other] { $days } días
} después del final del evento, cuando el borrado se hace automáticamente.
privacy-retention-manual = Los organizadores los borran cuando termina el seguimiento, y puedes pedir que se borren antes en cualquier momento (ver más abajo).
