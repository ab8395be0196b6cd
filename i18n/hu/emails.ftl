## Minden e-mailben

# Magyar névsorrend: vezetéknév, utónév.
email-greeting = Tisztelt { $last } { $first }!
email-signature = Üdvözlettel:
email-when = Időpont:
email-where = Helyszín:
email-online = Online:
email-sessions = Az Ön programpontjai:
email-event-page = A rendezvény oldala:
email-manage = Jelentkezése kezelése
email-manage-link = Jelentkezése kezelése:
email-questions = Kérdése van? Írjon a(z) { $email } címre.
email-invite-attached = Mellékeltük a naptármeghívót: nyissa meg, és a rendezvény bekerül a naptárába.
email-invite-removes = A mellékelt naptárfrissítés törli a rendezvényt a naptárából.
email-invite-moves = A mellékelt naptárfrissítés módosítja a rendezvényt a naptárában.
email-cancel-please = Ha mégsem tud részt venni, kérjük, mondja le jelentkezését, hogy helyét más kaphassa meg.
email-cancel-please-text = Ha mégsem tud részt venni, kérjük, a fenti linken mondja le jelentkezését, hogy helyét más kaphassa meg.
email-check-in-text = A bejáratnál mutassa fel az e-mailben lévő QR-kódot (HTML-változat) vagy ezt a linket:
email-check-in-reminder = A bejáratnál mutassa fel a visszaigazoló e-mailben kapott QR-kódot vagy ezt a linket:

## A belépőkód

check-in-title = Az Ön belépőkódja
check-in-intro = A bejáratnál mutassa fel ezt a kódot telefonon vagy kinyomtatva. A kód személyes: { $name } nevére szól, és segítségével a beléptetők egy pillanat alatt megtalálják jelentkezését, nevének keresgélése nélkül.
check-in-name = Név
check-in-email = E-mail
check-in-registration = Jelentkezés
check-in-confirmed = visszaigazolva
check-in-image = { $name } belépőkódja
check-in-private = Kérjük, ne továbbítsa ezt az e-mailt, és ne ossza meg a kódot: aki felmutatja a bejáratnál, az az Ön helyével lép be.
check-in-no-image = Nem lát fent képet? Lehet, hogy levelezőprogramja visszatartja a képeket: engedélyezze őket ennél az üzenetnél, vagy a bejáratnál mutassa fel inkább ezt a linket:

## E-mailfajtánként

confirmation-subject = Jelentkezését visszaigazoltuk: { $title }
confirmation-intro = „{ $title }” rendezvényre szóló jelentkezését visszaigazoltuk.

promoted-subject = Felszabadult egy hely az Ön számára: { $title }
promoted-intro = Jó hírünk van: felszabadult egy hely, és az Öné. „{ $title }” rendezvényre szóló jelentkezését visszaigazoltuk.

waitlisted-subject = Várólista: { $title }
waitlisted-intro = „{ $title }” betelt, ezért felvettük Önt a várólistára. Ön a(z) { $position }. a sorban.
waitlisted-next = Ha felszabadul egy hely, azt a sorban első kapja meg: ekkor visszaigazoljuk jelentkezését, és naptármeghívóval együtt e-mailt küldünk Önnek. Most nincs teendője.
waitlisted-leave = Ha már nem kíván részt venni, kérjük, iratkozzon le a várólistáról.
waitlisted-leave-text = Ha már nem kíván részt venni, kérjük, a fenti linken iratkozzon le a várólistáról.

verification-subject = Kérjük, erősítse meg e-mail-címét: { $title }
verification-intro = Kérjük, erősítse meg e-mail-címét, hogy véglegesítse jelentkezését erre a rendezvényre: „{ $title }”.
verification-button = E-mail-címem megerősítése
verification-or-link = Vagy nyissa meg ezt a linket:
verification-until = Amíg nem erősíti meg, jelentkezése nem végleges. Ha nem Ön jelentkezett, hagyja figyelmen kívül ezt az e-mailt.

cancellation-subject = Jelentkezés lemondva: { $title }
cancellation-intro = „{ $title }” rendezvényre szóló jelentkezését lemondtuk.
cancellation-intro-waitlist = Ön már nincs rajta „{ $title }” várólistáján.
cancellation-mistake = Ha ez tévedés, a rendezvény oldalán újra jelentkezhet, amíg a jelentkezés nyitva van.

event-updated-subject = Változás: { $title }
event-updated-intro = „{ $title }” adatai megváltoztak. A rendezvény most így néz ki:

event-cancelled-subject = A rendezvény elmarad: { $title }
event-cancelled-intro = Sajnálattal értesítjük, hogy „{ $title }” ({ $when }) elmarad. Jelentkezése ezzel érvényét veszti.

reminder-subject = Emlékeztető: { $title }, { $when }
reminder-intro = Emlékeztetjük, hogy hamarosan kezdődik: „{ $title }”.

announcement-subject = { $subject } – { $title }
