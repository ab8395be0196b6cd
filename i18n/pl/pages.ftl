site-name = Tessera
site-tagline = Rejestracja na wydarzenia
site-skip = Przejdź do treści
site-language = Język

home-title = Nadchodzące wydarzenia
home-none = Obecnie nie ma zaplanowanych wydarzeń.

event-when = Kiedy
event-where = Gdzie
event-online = Online
event-join-online = Dołącz online
event-about = O wydarzeniu
event-agenda = Program
event-session = Sesja
event-time = Godzina
event-room = Sala
event-seats = Miejsca
event-seats-left = wolne miejsca
event-seat-left = wolne miejsce
event-unlimited = Bez limitu
event-full = Brak miejsc
event-full-waitlist = Wszystkie miejsca są zajęte. Można zapisać się na listę rezerwową: jeśli zwolni się miejsce, rejestracja zostanie potwierdzona automatycznie.
event-full-closed = Wszystkie miejsca są zajęte, a lista rezerwowa nie jest prowadzona.
event-cancelled = To wydarzenie zostało odwołane.
event-draft = To wydarzenie nie zostało jeszcze opublikowane.
event-not-yet-open = Rejestracja jeszcze się nie rozpoczęła.
event-opens = Rejestracja rusza
event-closed = Rejestracja została zamknięta.
event-contact = Pytania? Prosimy pisać na adres
event-add-calendar = Dodaj do kalendarza (.ics)
event-time-zone = Godziny w strefie

form-title = Rejestracja
form-title-waitlist = Zapis na listę rezerwową
form-intro = Pola oznaczone * są obowiązkowe.
form-first-name = Imię
form-last-name = Nazwisko
form-email = Adres e-mail
form-email-hint = Na ten adres wyślemy potwierdzenie i zaproszenie do kalendarza.
form-organization = Organizacja
form-country = Kraj
form-choose = Wybierz…
form-language = Język wiadomości e-mail
form-sessions = Sesje, w których weźmie Pan/Pani udział
form-consent = Wyrażam zgodę na wykorzystanie moich danych do obsługi mojej rejestracji na to wydarzenie, zgodnie z informacją o ochronie prywatności.
form-website = Proszę zostawić to pole puste
form-submit = Zarejestruj się
form-submit-waitlist = Zapisz się na listę rezerwową
form-errors = Prosimy poprawić pola oznaczone poniżej.
form-yes = Tak

error-required = To pole jest obowiązkowe.
error-too-long = Ten tekst jest za długi.
error-invalid-characters = Zawiera niedozwolone znaki.
error-email-invalid = Proszę podać prawidłowy adres e-mail, np. imie@przyklad.pl.
error-email-not-ascii = Nasze wiadomości nie dotrą na adres, który przed znakiem @ zawiera litery z ogonkami lub znaki spoza alfabetu łacińskiego. Prosimy podać inny adres.
error-country-invalid = Proszę wybrać kraj z listy.
error-language-invalid = Proszę wybrać język z listy.
error-consent-required = Rejestracja wymaga zgody na wykorzystanie danych.
error-session-invalid = Proszę wybrać wyłącznie sesje tego wydarzenia.
error-option-invalid = Proszę wybrać jedną z podanych opcji.
error-one-value-expected = Proszę wybrać tylko jedną opcję.
error-question-unknown = To pytanie nie dotyczy tego wydarzenia.
error-not-found = Nie znaleziono strony
error-not-found-text = Szukana strona nie istnieje lub nie jest już dostępna.
error-full = Brak wolnych miejsc
error-closed = Rejestracja nie jest otwarta
error-busy = Zbyt wiele rejestracji naraz
error-busy-text = W tej chwili rejestruje się wiele osób. Prosimy spróbować ponownie za kilka sekund; nic nie zostało utracone.
error-rate-limited = Zbyt wiele żądań
error-rate-limited-text = Prosimy odczekać minutę i spróbować ponownie.
error-too-large = Przesłany formularz jest zbyt duży.
error-internal = Coś poszło nie tak
error-internal-text = Nie udało się zrealizować żądania. Prosimy spróbować ponownie później.
error-back = Powrót do wydarzenia

attendee-title = Rejestracja
attendee-status = Status

status-confirmed = Potwierdzona
status-waitlisted = Na liście rezerwowej
status-pending = Oczekuje na potwierdzenie adresu e-mail
status-cancelled = Anulowana

attendee-confirmed-text = Miejsce jest zarezerwowane. Wysłaliśmy e-mail z potwierdzeniem i zaproszeniem do kalendarza.
attendee-waitlisted-text = Brak wolnych miejsc. Rejestracja znajduje się na liście rezerwowej: jeśli zwolni się miejsce, zostanie potwierdzona automatycznie, a my wyślemy wiadomość e-mail.
attendee-position = Miejsce na liście rezerwowej
attendee-pending-text = Wysłaliśmy wiadomość e-mail. Aby potwierdzić adres i dokończyć rejestrację, prosimy otworzyć zawarty w niej link.
attendee-cancelled-text = Ta rejestracja została anulowana. Dopóki są wolne miejsca, można zarejestrować się ponownie na stronie wydarzenia.
attendee-details = Dane uczestnika
attendee-name = Imię i nazwisko
attendee-sessions = Wybrane sesje
attendee-calendar = Dodaj do kalendarza
attendee-google = Kalendarz Google
attendee-outlook = Outlook.com
attendee-ics = Pobierz zaproszenie (.ics)
attendee-cancel = Anuluj rejestrację
attendee-cancel-text = Nie może Pan/Pani przyjść? Prosimy anulować rejestrację: miejsce otrzyma kolejna osoba z listy rezerwowej.
attendee-cancel-waitlist = Wypisz się z listy rezerwowej
attendee-keep-link = Prosimy zachować adres tej strony: to osobisty link do zarządzania rejestracją.
attendee-event-page = Strona wydarzenia
attendee-verified = Dziękujemy, adres e-mail został potwierdzony.
attendee-verify-full = Niestety, zanim adres został potwierdzony, zabrakło miejsc.
attendee-verify-closed = Niestety, zanim adres został potwierdzony, rejestracja została zamknięta.
attendee-verify-title = Potwierdzenie adresu e-mail
attendee-verify-button = Potwierdzam rejestrację
attendee-verify-text = Prosimy potwierdzić, że to właściwy adres, aby dokończyć rejestrację.
attendee-open = Otwórz rejestrację

registered-title = Prosimy sprawdzić skrzynkę
registered-text = Jeśli ten adres jest zarejestrowany na to wydarzenie, wysłaliśmy na niego link do rejestracji (nie częściej niż raz na 15 minut, warto więc poszukać też wcześniejszej wiadomości). Wiadomość może dotrzeć po kilku minutach.
registered-verify-text = Wysłaliśmy wiadomość na podany adres (nie częściej niż raz na 15 minut, warto więc poszukać też wcześniejszej wiadomości). Aby potwierdzić rejestrację, prosimy otworzyć zawarty w niej link: do tego czasu miejsce nie jest rezerwowane. Jeśli ten adres był już zarejestrowany, wiadomość informuje o stanie rejestracji. Może ona dotrzeć po kilku minutach.

error-ends-before-start = Zakończenie musi nastąpić po rozpoczęciu.
error-url-invalid = Proszę podać adres strony zaczynający się od https://.
error-capacity-invalid = Proszę podać liczbę miejsc lub zostawić puste pole, jeśli nie ma limitu.
error-capacity-below-confirmed = Potwierdzonych uczestników jest już więcej.

# one: 1; few: 2–4, 22–24…; many: 5–21, 25–31…
event-seats-remaining = { PLURAL($count) ->
    [one] { $count } wolne miejsce
    [few] { $count } wolne miejsca
   *[many] { $count } wolnych miejsc
}

date-locale = pl
date-span = { $date }, { $start }–{ $end }
date-span-days = { $date }, { $start } – { $end_date }, { $end }

# The confirmation before cancelling (GET /r/{token}/cancel).
cancel-title = Anulować rejestrację?
cancel-title-waitlist = Wypisać się z listy rezerwowej?
cancel-seat-to-waitlist = Miejsce otrzyma kolejna osoba z listy rezerwowej.
cancel-seat-free = Miejsce zwolni się dla innej osoby.
cancel-waitlist = Rejestracja zostanie usunięta z listy rezerwowej i nie otrzyma miejsca, jeśli któreś się zwolni.
cancel-pending = Rejestracja zostanie wycofana: link z naszej wiadomości e-mail nie będzie już jej potwierdzał.
cancel-email = Wyślemy wiadomość e-mail potwierdzającą anulowanie; jeśli zaproszenie zostało dodane do kalendarza, ta wiadomość je z niego usunie.
cancel-again = Dopóki są wolne miejsca, można zarejestrować się ponownie na stronie wydarzenia.
cancel-confirm = Tak, anuluj rejestrację
cancel-confirm-waitlist = Tak, wypisz mnie z listy rezerwowej
cancel-keep = Nie, zachowaj rejestrację

# The footer of every public page.
footer-organized-by = Organizator:
footer-label = O tej stronie
footer-privacy = Informacja o ochronie prywatności
footer-accessibility = Dostępność
# The words of form-consent that link to the privacy notice (exactly as they appear there).
form-consent-notice = informacją o ochronie prywatności
# GET /privacy
privacy-title = Informacja o ochronie prywatności
privacy-version = Wersja tej informacji: { $version }
privacy-other-language = Ta informacja nie jest dostępna po polsku; wyświetlamy ją po angielsku.
# GET /accessibility
accessibility-title = Deklaracja dostępności
accessibility-intro = { $organization } chce, aby z tej strony mógł korzystać każdy, niezależnie od swoich możliwości i używanego urządzenia.
accessibility-standard = Strona ma spełniać poziom AA Wytycznych dotyczących dostępności treści internetowych (WCAG) 2.1, wymagany od podmiotów publicznych w Unii Europejskiej przez dyrektywę (UE) 2016/2102 i normę EN 301 549.
accessibility-features = Każda strona działa przy użyciu samej klawiatury, z czytnikiem ekranu, bez JavaScriptu, w powiększeniu 200% i na telefonie, i jest dostępna w ośmiu językach.
accessibility-report-title = Zgłoś barierę
accessibility-report = Jeśli coś na tej stronie jest trudne lub niemożliwe w użyciu albo potrzebna jest jej treść w innej formie, prosimy o wiadomość na adres
accessibility-report-include = Prosimy podać adres strony i opisać, co nie zadziałało. Odpowiemy i w razie potrzeby prześlemy informacje w dostępnej formie.
accessibility-enforcement = W razie niezadowolenia z naszej odpowiedzi można zwrócić się do organu nadzorującego dostępność stron internetowych w swoim kraju.
