site-name = Tessera
site-tagline = Jelentkezés rendezvényekre
site-skip = Ugrás a tartalomra
site-language = Nyelv

home-title = Közelgő rendezvények
home-none = Jelenleg nincs meghirdetett rendezvény.

event-when = Időpont
event-where = Helyszín
event-online = Online
event-join-online = Csatlakozás online
event-about = A rendezvényről
event-agenda = Program
event-session = Programpont
event-time = Időpont
event-room = Terem
event-seats = Helyek
event-seats-left = szabad hely
event-seat-left = szabad hely
event-unlimited = Nyitott
event-full = Betelt
event-full-waitlist = Minden hely elkelt. Feliratkozhat a várólistára: ha felszabadul egy hely, automatikusan bekerül a résztvevők közé.
event-full-closed = Minden hely elkelt, és várólista nincs.
event-cancelled = Ezt a rendezvényt lemondták.
event-draft = Ez a rendezvény még nincs közzétéve.
event-not-yet-open = A jelentkezés még nem indult el.
event-opens = A jelentkezés kezdete:
event-closed = A jelentkezés lezárult.
event-contact = Kérdése van? Írjon nekünk:
event-add-calendar = Hozzáadás a naptárhoz (.ics)
event-time-zone = Időzóna:

form-title = Jelentkezés
form-title-waitlist = Feliratkozás a várólistára
form-intro = A *-gal jelölt mezők kitöltése kötelező.
form-first-name = Utónév
form-last-name = Vezetéknév
form-email = E-mail-cím
form-email-hint = Erre a címre küldjük a visszaigazolást és a naptármeghívót.
form-organization = Szervezet
form-country = Ország
form-choose = Válasszon…
form-language = Az e-mailek nyelve
form-sessions = Programpontok, amelyeken részt vesz
form-consent = Hozzájárulok, hogy adataimat a rendezvényre való jelentkezésem kezeléséhez felhasználják, az adatkezelési tájékoztatóban leírtak szerint.
form-website = Ezt a mezőt hagyja üresen
form-submit = Jelentkezem
form-submit-waitlist = Feliratkozom a várólistára
form-errors = Kérjük, javítsa az alább megjelölt mezőket.
form-yes = Igen

error-required = A mező kitöltése kötelező.
error-too-long = Ez túl hosszú.
error-invalid-characters = Nem megengedett karaktereket tartalmaz.
error-email-invalid = Adjon meg érvényes e-mail-címet, például nev@pelda.hu.
error-email-not-ascii = E-mailjeink nem jutnak el olyan címre, amelyben a @ előtt ékezetes vagy nem latin betű áll. Kérjük, adjon meg másik címet.
error-country-invalid = Válasszon országot a listából.
error-language-invalid = Válasszon nyelvet a listából.
error-consent-required = A jelentkezéshez hozzá kell járulnia adatai felhasználásához.
error-session-invalid = Csak ennek a rendezvénynek a programpontjai közül válasszon.
error-option-invalid = Válasszon a megadott lehetőségek közül.
error-one-value-expected = Csak egy lehetőséget válasszon.
error-question-unknown = Ez a kérdés nem ehhez a rendezvényhez tartozik.
error-not-found = Az oldal nem található
error-not-found-text = A keresett oldal nem létezik, vagy már nem érhető el.
error-full = A rendezvény betelt
error-closed = A jelentkezés nincs nyitva
error-busy = Túl sok egyidejű jelentkezés
error-busy-text = Most sokan jelentkeznek egyszerre. Kérjük, próbálja újra néhány másodperc múlva; semmi sem veszett el.
error-rate-limited = Túl sok kérés
error-rate-limited-text = Kérjük, várjon egy percet, mielőtt újra próbálkozik.
error-too-large = Az elküldött űrlap túl nagy.
error-internal = Hiba történt
error-internal-text = Kérését nem tudtuk teljesíteni. Kérjük, próbálja újra később.
error-back = Vissza a rendezvényhez

attendee-title = Az Ön jelentkezése
attendee-status = Állapot

status-confirmed = Visszaigazolva
status-waitlisted = Várólistán
status-pending = Az e-mail-cím megerősítésére vár
status-cancelled = Lemondva

attendee-confirmed-text = Helyét lefoglaltuk. Visszaigazoló e-mailt küldtünk Önnek naptármeghívóval.
attendee-waitlisted-text = A rendezvény betelt. Ön a várólistán van: ha felszabadul egy hely, automatikusan bekerül a résztvevők közé, és e-mailt kap róla.
attendee-position = Helye a várólistán
attendee-pending-text = E-mailt küldtünk Önnek. Nyissa meg a benne lévő linket, hogy megerősítse címét és véglegesítse jelentkezését.
attendee-cancelled-text = Ez a jelentkezés le van mondva. Amíg van szabad hely, a rendezvény oldalán újra jelentkezhet.
attendee-details = Az Ön adatai
attendee-name = Név
attendee-sessions = Az Ön programpontjai
attendee-calendar = Hozzáadás a naptárához
attendee-google = Google Naptár
attendee-outlook = Outlook.com
attendee-ics = Meghívó letöltése (.ics)
attendee-cancel = Jelentkezésem lemondása
attendee-cancel-text = Mégsem tud eljönni? Mondja le a jelentkezését, és helye a várólista következő tagjáé lesz.
attendee-cancel-waitlist = Leiratkozás a várólistáról
attendee-keep-link = Őrizze meg ennek az oldalnak a címét: ez az Ön személyes linkje a jelentkezése kezeléséhez.
attendee-event-page = A rendezvény oldala
attendee-verified = Köszönjük, e-mail-címét megerősítette.
attendee-verify-full = Sajnáljuk, a rendezvény betelt, mielőtt megerősítette volna a címét.
attendee-verify-closed = Sajnáljuk, a jelentkezés lezárult, mielőtt megerősítette volna a címét.
attendee-verify-title = Erősítse meg e-mail-címét
attendee-verify-button = Jelentkezésem megerősítése
attendee-verify-text = Erősítse meg, hogy ez az Ön címe, és ezzel véglegesítse jelentkezését.
attendee-open = Jelentkezése megnyitása

registered-title = Nézze meg a postafiókját
registered-text = Ha ez a cím jelentkezett erre a rendezvényre, elküldtük rá a jelentkezés linkjét (legfeljebb 15 percenként egyszer, ezért korábbi e-mailt is keressen). Néhány percbe telhet, mire megérkezik.
registered-verify-text = E-mailt küldtünk a megadott címre (legfeljebb 15 percenként egyet, ezért korábbi e-mailt is keressen). Nyissa meg a benne lévő linket, hogy megerősítse jelentkezését: addig nem foglalunk Önnek helyet. Ha ez a cím már korábban jelentkezett, az e-mailből megtudja, hol tart a jelentkezés. Néhány percbe telhet, mire megérkezik.

error-ends-before-start = A befejezésnek a kezdés után kell lennie.
error-url-invalid = Adjon meg https://-sel kezdődő webcímet.
error-capacity-invalid = Adja meg a helyek számát, vagy hagyja üresen, ha nincs korlát.
error-capacity-below-confirmed = Már most több a visszaigazolt résztvevő ennél.

event-seats-remaining = { PLURAL($count) ->
    [one] { $count } szabad hely
   *[other] { $count } szabad hely
}

date-locale = hu
date-span = { $date } { $start }–{ $end }
date-span-days = { $date } { $start } – { $end_date } { $end }

# The confirmation before cancelling (GET /r/{token}/cancel).
cancel-title = Lemondja a jelentkezését?
cancel-title-waitlist = Leiratkozik a várólistáról?
cancel-seat-to-waitlist = Helye a várólista következő tagjáé lesz.
cancel-seat-free = Helye felszabadul, és más jelentkezhet rá.
cancel-waitlist = Lekerül a várólistáról, és nem kap helyet, ha felszabadul egy.
cancel-pending = Jelentkezését visszavonjuk: az e-mailünkben lévő link többé nem erősíti meg.
cancel-email = E-mailben megerősítjük a lemondást; ha a meghívót felvette a naptárába, ez az e-mail törli onnan.
cancel-again = Amíg van szabad hely, a rendezvény oldalán újra jelentkezhet.
cancel-confirm = Igen, lemondom a jelentkezésemet
cancel-confirm-waitlist = Igen, leiratkozom a várólistáról
cancel-keep = Nem, megtartom a jelentkezésemet

# The footer of every public page.
footer-organized-by = Szervező:
footer-label = A webhelyről
footer-privacy = Adatkezelési tájékoztató
footer-accessibility = Akadálymentesség
# The words of form-consent that link to the privacy notice (exactly as they appear there).
form-consent-notice = adatkezelési tájékoztatóban
# GET /privacy
privacy-title = Adatkezelési tájékoztató
privacy-version = A tájékoztató változata: { $version }
privacy-other-language = Ez a tájékoztató magyarul nem érhető el, ezért angolul jelenik meg.
# GET /accessibility
accessibility-title = Akadálymentességi nyilatkozat
accessibility-intro = A(z) { $organization } azt szeretné, hogy képességeitől és eszközétől függetlenül mindenki használhassa ezt a webhelyet.
accessibility-standard = A webhely célja, hogy megfeleljen a Webes tartalmak akadálymentesítési irányelvei (WCAG) 2.1 AA szintjének, amelyet az (EU) 2016/2102 irányelv és az EN 301 549 szabvány az Európai Unió közszférabeli szervezeteitől megkövetel.
accessibility-features = Minden oldal használható csak billentyűzettel, képernyőolvasóval, JavaScript nélkül, 200%-os nagyításban és telefonon is, és nyolc nyelven érhető el.
accessibility-report-title = Akadály bejelentése
accessibility-report = Ha a webhelyen valamit nehezen vagy egyáltalán nem tud használni, vagy más formában van szüksége a tartalomra, írjon nekünk:
accessibility-report-include = Kérjük, adja meg az oldal címét és azt, hogy mi nem működött. Válaszolunk, és szükség esetén olyan formában küldjük el az információt, amelyet használni tud.
accessibility-enforcement = Ha válaszunkkal nem elégedett, forduljon az országában a webes akadálymentességet felügyelő szervhez.
