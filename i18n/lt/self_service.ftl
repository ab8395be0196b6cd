# Dalyvio savarankiški pakeitimai jo puslapyje (issue 14).

self-service-link = Keisti atsakymus, sesijas ar laiškų kalbą
self-service-title = Registracijos keitimas
self-service-intro = Čia galite pakeisti registruodamiesi pateiktus atsakymus, pasirinktas sesijas ir laiškų kalbą. Vardas, pavardė ir el. pašto adresas lieka nepakitę.
self-service-save = Išsaugoti pakeitimus
self-service-back = Grįžti į registraciją
self-service-saved = Pakeitimai išsaugoti.
self-service-saved-invite = Pakeitimai išsaugoti. Atnaujintą kalendoriaus kvietimą atsiųsime el. paštu.
self-service-session-full = Sesijoje „{ $title }“ laisvų vietų nebėra: pasirinkite kitą arba palikite ankstesnį pasirinkimą.
self-service-cancelled-title = Šios registracijos nebegalima keisti
self-service-cancelled = Ši registracija atšaukta, todėl jos nebegalima keisti.
self-service-answers = Jūsų atsakymai

sessions-changed-subject = Jūsų sesijos pasikeitė: { $title }
sessions-changed-intro = Jūsų pasirinktos renginio „{ $title }“ sesijos pakeistos. Štai kaip dabar atrodo jūsų registracija.
sessions-changed-invite = Pridedame atnaujintą kalendoriaus kvietimą: jis pakeis ankstesnįjį jūsų kalendoriuje.
