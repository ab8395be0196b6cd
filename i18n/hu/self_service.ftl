# Önálló módosítás a résztvevő oldalán (issue 14).

self-service-link = Válaszok, programpontok vagy az e-mailek nyelvének módosítása
self-service-title = Jelentkezés módosítása
self-service-intro = Itt módosíthatja a jelentkezéskor megadott válaszokat, a választott programpontokat és az e-mailek nyelvét. Neve és e-mail-címe változatlan marad.
self-service-save = Módosítások mentése
self-service-back = Vissza a jelentkezéshez
self-service-saved = A módosításokat elmentettük.
self-service-saved-invite = A módosításokat elmentettük. A frissített naptármeghívót e-mailben küldjük el Önnek.
self-service-session-full = A(z) „{ $title }” programpont betelt: válasszon másikat, vagy tartsa meg korábbi választását.
self-service-cancelled-title = Ez a jelentkezés már nem módosítható
self-service-cancelled = Ezt a jelentkezést lemondták, ezért már nem módosítható.
self-service-answers = Az Ön válaszai

sessions-changed-subject = Programpontjai megváltoztak: { $title }
sessions-changed-intro = A(z) „{ $title }” rendezvényre választott programpontjai megváltoztak. Jelentkezése most így áll.
sessions-changed-invite = Mellékeljük a frissített naptármeghívót: ez felváltja a korábbit a naptárában.
