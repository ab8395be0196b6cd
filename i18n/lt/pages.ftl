site-name = Tessera
site-tagline = Registracija į renginius
site-skip = Pereiti prie turinio
site-language = Kalba

home-title = Artėjantys renginiai
home-none = Šiuo metu suplanuotų renginių nėra.

event-when = Kada
event-where = Kur
event-online = Internetu
event-join-online = Prisijungti internetu
event-about = Apie renginį
event-agenda = Programa
event-session = Sesija
event-time = Laikas
event-room = Salė
event-seats = Vietos
event-seats-left = laisvos vietos
event-seat-left = laisva vieta
event-unlimited = Neribota
event-full = Vietų nebėra
event-full-waitlist = Visos vietos užimtos. Galite užsirašyti į laukiančiųjų sąrašą: jei atsilaisvins vieta, būsite užregistruoti automatiškai.
event-full-closed = Visos vietos užimtos, laukiančiųjų sąrašo nėra.
event-cancelled = Šis renginys atšauktas.
event-draft = Šis renginys dar nepaskelbtas.
event-not-yet-open = Registracija dar neprasidėjo.
event-opens = Registracija prasideda
event-closed = Registracija baigta.
event-contact = Turite klausimų? Rašykite adresu
event-add-calendar = Įtraukti į kalendorių (.ics)
event-time-zone = Laikas nurodytas pagal laiko juostą

form-title = Registracija
form-title-waitlist = Užsirašymas į laukiančiųjų sąrašą
form-intro = Laukus, pažymėtus *, užpildyti privaloma.
form-first-name = Vardas
form-last-name = Pavardė
form-email = El. pašto adresas
form-email-hint = Šiuo adresu atsiųsime patvirtinimą ir kvietimą į kalendorių.
form-organization = Organizacija
form-country = Šalis
form-choose = Pasirinkite…
form-language = Laiškų kalba
form-sessions = Sesijos, kuriose dalyvausite
form-consent = Sutinku, kad mano duomenys būtų naudojami mano registracijai į šį renginį tvarkyti, kaip aprašyta privatumo pranešime.
form-website = Šį lauką palikite tuščią
form-submit = Registruotis
form-submit-waitlist = Užsirašyti į laukiančiųjų sąrašą
form-errors = Pataisykite toliau pažymėtus laukus.
form-yes = Taip

error-required = Šį lauką užpildyti privaloma.
error-too-long = Tekstas per ilgas.
error-invalid-characters = Yra neleistinų simbolių.
error-email-invalid = Įveskite tinkamą el. pašto adresą, pavyzdžiui, vardas@pavyzdys.lt.
error-email-not-ascii = Mūsų laiškai nepasieks adreso, kuriame prieš @ yra raidžių su diakritikais ar ne lotyniškų raidžių. Nurodykite kitą adresą.
error-country-invalid = Pasirinkite šalį iš sąrašo.
error-language-invalid = Pasirinkite kalbą iš sąrašo.
error-consent-required = Norėdami užsiregistruoti, turite sutikti, kad jūsų duomenys būtų naudojami.
error-session-invalid = Rinkitės tik šio renginio sesijas.
error-option-invalid = Pasirinkite vieną iš pateiktų variantų.
error-one-value-expected = Pasirinkite tik vieną variantą.
error-question-unknown = Šis klausimas nepriklauso šiam renginiui.
error-not-found = Puslapis nerastas
error-not-found-text = Puslapio, kurio ieškote, nėra arba jis nebepasiekiamas.
error-full = Vietų nebėra
error-closed = Registracija neatidaryta
error-busy = Per daug registracijų vienu metu
error-busy-text = Šiuo metu registruojasi daug žmonių. Pabandykite dar kartą po kelių sekundžių – niekas neprarasta.
error-rate-limited = Per daug užklausų
error-rate-limited-text = Prieš bandydami dar kartą, palaukite minutę.
error-too-large = Išsiųsta forma per didelė.
error-internal = Įvyko klaida
error-internal-text = Nepavyko įvykdyti jūsų užklausos. Pabandykite vėliau.
error-back = Grįžti į renginio puslapį

attendee-title = Jūsų registracija
attendee-status = Būsena

status-confirmed = Patvirtinta
status-waitlisted = Laukiančiųjų sąraše
status-pending = Laukiama, kol patvirtinsite el. pašto adresą
status-cancelled = Atšaukta

attendee-confirmed-text = Jūsų vieta rezervuota. Išsiuntėme jums patvirtinimo laišką su kvietimu į kalendorių.
attendee-waitlisted-text = Vietų nebėra. Esate laukiančiųjų sąraše: jei atsilaisvins vieta, būsite užregistruoti automatiškai ir gausite laišką.
attendee-position = Jūsų vieta laukiančiųjų sąraše
attendee-pending-text = Išsiuntėme jums laišką. Atidarykite jame esančią nuorodą, kad patvirtintumėte adresą ir užbaigtumėte registraciją.
attendee-cancelled-text = Ši registracija atšaukta. Kol yra laisvų vietų, galite vėl užsiregistruoti renginio puslapyje.
attendee-details = Jūsų duomenys
attendee-name = Vardas ir pavardė
attendee-sessions = Jūsų sesijos
attendee-calendar = Įtraukti į kalendorių
attendee-google = Google kalendorius
attendee-outlook = Outlook.com
attendee-ics = Atsisiųsti kvietimą (.ics)
attendee-cancel = Atšaukti registraciją
attendee-cancel-text = Negalėsite atvykti? Atšaukite registraciją – jūsų vieta atiteks kitam laukiančiųjų sąraše.
attendee-cancel-waitlist = Išsibraukti iš laukiančiųjų sąrašo
attendee-keep-link = Išsaugokite šio puslapio adresą: tai jūsų asmeninė nuoroda registracijai tvarkyti.
attendee-event-page = Renginio puslapis
attendee-verified = Ačiū, jūsų el. pašto adresas patvirtintas.
attendee-verify-full = Deja, kol patvirtinote adresą, vietų nebeliko.
attendee-verify-closed = Deja, kol patvirtinote adresą, registracija baigėsi.
attendee-verify-title = Patvirtinkite el. pašto adresą
attendee-verify-button = Patvirtinti registraciją
attendee-verify-text = Patvirtinkite, kad tai jūsų adresas, ir užbaikite registraciją.
attendee-open = Atidaryti registraciją

registered-title = Patikrinkite el. paštą
registered-text = Jei šiuo adresu užsiregistruota į šį renginį, išsiuntėme į jį registracijos nuorodą (ne dažniau kaip kartą per 15 minučių, todėl paieškokite ir ankstesnio laiško). Laiškas gali ateiti po kelių minučių.
registered-verify-text = Išsiuntėme laišką jūsų nurodytu adresu (ne dažniau kaip kartą per 15 minučių, todėl paieškokite ir ankstesnio laiško). Atidarykite jame esančią nuorodą ir patvirtinkite registraciją: iki tol vieta nerezervuojama. Jei šiuo adresu jau buvo užsiregistruota, laiške rasite registracijos būseną. Laiškas gali ateiti po kelių minučių.

error-ends-before-start = Pabaiga turi būti vėliau nei pradžia.
error-url-invalid = Įveskite interneto adresą, prasidedantį https://.
error-capacity-invalid = Įveskite vietų skaičių arba palikite tuščią, jei vietų skaičius neribojamas.
error-capacity-below-confirmed = Patvirtintų dalyvių jau yra daugiau.

# one: 1, 21, 31…; few: 2–9, 22–29…; other: 10–20, 30…
event-seats-remaining = { PLURAL($count) ->
    [one] { $count } laisva vieta
    [few] { $count } laisvos vietos
   *[other] { $count } laisvų vietų
}

date-locale = lt
date-span = { $date }, { $start }–{ $end }
date-span-days = { $date }, { $start } – { $end_date }, { $end }

# The confirmation before cancelling (GET /r/{token}/cancel).
cancel-title = Atšaukti registraciją?
cancel-title-waitlist = Išsibraukti iš laukiančiųjų sąrašo?
cancel-seat-to-waitlist = Jūsų vieta atiteks kitam laukiančiųjų sąraše.
cancel-seat-free = Jūsų vieta atsilaisvins kitiems.
cancel-waitlist = Būsite išbraukti iš laukiančiųjų sąrašo ir vietos negausite, net jei ji atsilaisvins.
cancel-pending = Jūsų registracija atšaukiama: mūsų laiške esanti nuoroda jos nebepatvirtins.
cancel-email = Atšaukimą patvirtinsime laišku; jei kvietimą įsidėjote į kalendorių, šis laiškas jį iš ten pašalins.
cancel-again = Kol yra laisvų vietų, galite vėl užsiregistruoti renginio puslapyje.
cancel-confirm = Taip, atšaukti registraciją
cancel-confirm-waitlist = Taip, išsibraukti iš sąrašo
cancel-keep = Ne, palikti registraciją

# The footer of every public page.
footer-organized-by = Organizatorius:
footer-label = Apie šią svetainę
footer-privacy = Privatumo pranešimas
footer-accessibility = Prieinamumas
# The words of form-consent that link to the privacy notice (exactly as they appear there).
form-consent-notice = privatumo pranešime
# GET /privacy
privacy-title = Privatumo pranešimas
privacy-version = Šio pranešimo versija: { $version }
privacy-other-language = Šis pranešimas lietuvių kalba neprieinamas, todėl rodomas anglų kalba.
# GET /accessibility
accessibility-title = Pareiškimas dėl prieinamumo
accessibility-intro = { $organization } siekia, kad šia svetaine galėtų naudotis visi, nepaisant jų galimybių ar naudojamo įrenginio.
accessibility-standard = Svetaine siekiama atitikti Žiniatinklio turinio prieinamumo gairių (WCAG) 2.1 AA lygį – tokio lygio Direktyva (ES) 2016/2102 ir standartas EN 301 549 reikalauja iš Europos Sąjungos viešojo sektoriaus institucijų.
accessibility-features = Kiekvienu puslapiu galima naudotis vien klaviatūra, su ekrano skaitytuvu, be JavaScript, padidinus iki 200 % ir telefone; puslapiai prieinami aštuoniomis kalbomis.
accessibility-report-title = Pranešti apie kliūtį
accessibility-report = Jei kuria nors šios svetainės dalimi naudotis sunku ar neįmanoma arba jums reikia turinio kitu formatu, parašykite mums adresu
accessibility-report-include = Nurodykite puslapio adresą ir kas neveikė. Atsakysime ir, jei reikės, atsiųsime informaciją jums tinkamu formatu.
accessibility-enforcement = Jei mūsų atsakymas jūsų netenkina, galite kreiptis į instituciją, kuri jūsų šalyje prižiūri interneto svetainių prieinamumą.
