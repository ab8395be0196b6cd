# Samodzielne zmiany na stronie uczestnika (issue 14).

self-service-link = Zmień odpowiedzi, sesje lub język wiadomości
self-service-title = Zmiana rejestracji
self-service-intro = Tutaj można zmienić odpowiedzi, wybrane sesje i język wiadomości e-mail podane przy rejestracji. Imię, nazwisko i adres e-mail pozostają bez zmian.
self-service-save = Zapisz zmiany
self-service-back = Powrót do rejestracji
self-service-saved = Zmiany zostały zapisane.
self-service-saved-invite = Zmiany zostały zapisane. Zaktualizowane zaproszenie do kalendarza wyślemy e-mailem.
self-service-session-full = Brak wolnych miejsc na sesji „{ $title }”: prosimy wybrać inną lub zachować wcześniejszy wybór.
self-service-cancelled-title = Tej rejestracji nie można już zmienić
self-service-cancelled = Ta rejestracja została anulowana, więc nie można jej już zmienić.
self-service-answers = Odpowiedzi

sessions-changed-subject = Zmiana wybranych sesji: { $title }
sessions-changed-intro = Wybór sesji na wydarzenie „{ $title }” został zmieniony. Tak wygląda teraz Państwa rejestracja.
sessions-changed-invite = W załączniku znajduje się zaktualizowane zaproszenie do kalendarza: zastępuje ono poprzednie.
