## Bendra visiems laiškams

email-greeting = Laba diena,
email-signature = Pagarbiai
email-when = Kada:
email-where = Kur:
email-online = Internetu:
email-sessions = Jūsų sesijos:
email-event-page = Renginio puslapis:
email-manage = Tvarkyti registraciją
email-manage-link = Registracijos tvarkymas:
email-questions = Turite klausimų? Rašykite adresu { $email }
email-invite-attached = Pridedame kvietimą: atidarykite jį ir renginys bus įtrauktas į Jūsų kalendorių.
email-invite-removes = Pridėtas kalendoriaus atnaujinimas pašalins renginį iš Jūsų kalendoriaus.
email-invite-moves = Pridėtas kalendoriaus atnaujinimas pakeis renginį Jūsų kalendoriuje.
email-cancel-please = Jei negalėsite dalyvauti, atšaukite registraciją, kad Jūsų vietą galėtų užimti kitas žmogus.
email-cancel-please-text = Jei negalėsite dalyvauti, atšaukite registraciją pirmiau pateikta nuoroda, kad Jūsų vietą galėtų užimti kitas žmogus.
email-check-in-text = Prie įėjimo parodykite šiame laiške esantį QR kodą (HTML versija) arba šią nuorodą:
email-check-in-reminder = Prie įėjimo parodykite QR kodą iš patvirtinimo laiško arba šią nuorodą:

## Įėjimo kodas

check-in-title = Jūsų įėjimo kodas
check-in-intro = Prie įėjimo parodykite šį kodą telefone arba atspausdintą. Kodas asmeninis ({ $name }): pagal jį darbuotojai prie durų akimirksniu ras Jūsų registraciją, neieškodami pavardės.
check-in-name = Vardas ir pavardė
check-in-email = El. paštas
check-in-registration = Registracija
check-in-confirmed = patvirtinta
check-in-image = Įėjimo kodas: { $name }
check-in-private = Nepersiųskite šio laiško ir niekam neduokite kodo: kas jį parodys prie įėjimo, bus įleistas į Jūsų vietą.
check-in-no-image = Nematote paveikslėlio? Galbūt el. pašto programa blokuoja paveikslėlius: leiskite juos šiam laiškui arba prie įėjimo parodykite šią nuorodą:

## Atskiri laiškai

confirmation-subject = Registracija patvirtinta: { $title }
confirmation-intro = Jūsų registracija į renginį „{ $title }“ patvirtinta.

promoted-subject = Jums atsirado vieta: { $title }
promoted-intro = Turime gerą žinią: atsilaisvino vieta ir ji skirta Jums. Jūsų registracija į renginį „{ $title }“ dabar patvirtinta.

waitlisted-subject = Laukiančiųjų sąrašas: { $title }
waitlisted-intro = Renginyje „{ $title }“ vietų nebėra, todėl įrašėme Jus į laukiančiųjų sąrašą. Jūsų eilės numeris – { $position }.
waitlisted-next = Jei atsilaisvins vieta, ji atiteks pirmajam eilėje: tada patvirtinsime Jūsų registraciją ir atsiųsime laišką su kvietimu į kalendorių. Dabar nieko daryti nereikia.
waitlisted-leave = Jei nebenorite dalyvauti, išsibraukite iš laukiančiųjų sąrašo.
waitlisted-leave-text = Jei nebenorite dalyvauti, išsibraukite iš laukiančiųjų sąrašo pirmiau pateikta nuoroda.

verification-subject = Patvirtinkite el. pašto adresą: { $title }
verification-intro = Patvirtinkite savo el. pašto adresą, kad užbaigtumėte registraciją į renginį „{ $title }“.
verification-button = Patvirtinti el. pašto adresą
verification-or-link = Arba atidarykite šią nuorodą:
verification-until = Kol nepatvirtinsite, registracija nebus užbaigta. Jei nesiregistravote, šio laiško nepaisykite.

cancellation-subject = Registracija atšaukta: { $title }
cancellation-intro = Jūsų registracija į renginį „{ $title }“ atšaukta.
cancellation-intro-waitlist = Jūs nebesate renginio „{ $title }“ laukiančiųjų sąraše.
cancellation-mistake = Jei tai klaida, kol registracija vyksta, galite vėl užsiregistruoti renginio puslapyje.

event-updated-subject = Pasikeitimai: { $title }
event-updated-intro = Renginio „{ $title }“ informacija pasikeitė. Dabar renginys atrodo taip:

event-cancelled-subject = Renginys atšauktas: { $title }
event-cancelled-intro = Apgailestaujame, bet renginys „{ $title }“, numatytas { $when }, atšauktas. Jūsų registracija nebegalioja.

reminder-subject = Priminimas: { $title }, { $when }
reminder-intro = Primename, kad netrukus vyks renginys „{ $title }“.

announcement-subject = { $subject } – { $title }
