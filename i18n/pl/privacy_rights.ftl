# Prawa uczestnika do jego danych: pobranie i usunięcie.

rights-title = Twoje dane
rights-text = Możesz pobrać wszystko, co o Tobie przechowujemy, albo usunąć swoją rejestrację razem z danymi osobowymi.
rights-download = Pobierz moje dane (JSON)
rights-delete = Usuń moją rejestrację i dane

delete-title = Usunąć rejestrację i Twoje dane?
delete-erases = Twoje imię i nazwisko, adres e-mail, organizacja i pisemne odpowiedzi zostaną natychmiast usunięte, a link do tej strony przestanie działać.
delete-email = Wyślemy Ci ostatni e-mail potwierdzający anulowanie (usunie zaproszenie z Twojego kalendarza); Twój adres zostanie usunięty z naszych danych, gdy tylko ta wiadomość zostanie doręczona.
delete-kept = To, co zostaje, nie pozwala już Cię zidentyfikować: kraj, status rejestracji, odprawa przy wejściu i sesje, liczone w statystykach wydarzenia.
delete-final = Tej operacji nie można cofnąć.
delete-over = Wydarzenie już się odbyło: Twoja rejestracja pozostaje w statystykach, bez Twojego nazwiska.
delete-cancelled-already = Twoja rejestracja jest już anulowana.
delete-copy-first = Najpierw kopia?
delete-confirm = Tak, usuń moją rejestrację i dane
delete-keep = Nie, zachowaj moją rejestrację

deleted-title = Rejestracja i dane zostały usunięte
deleted-text = Twoja rejestracja na „{ $title }” została anulowana, a Twoje dane osobowe usunięte.
deleted-email = Jeśli rejestracja była jeszcze aktywna, otrzymasz ostatni e-mail potwierdzający anulowanie; po jego doręczeniu usuniemy z naszych danych także Twój adres.

cancellation-erased = Zgodnie z Twoją prośbą Twoje dane osobowe zostały usunięte: to ostatni e-mail, jaki otrzymasz w sprawie tej rejestracji.

privacy-retention-days = U nas jest to { PLURAL($days) ->
    [one] { $days } dzień
   *[other] { $days } dni
} po zakończeniu wydarzenia, kiedy dane są usuwane automatycznie.
privacy-retention-manual = Organizatorzy usuwają je po zakończeniu działań po wydarzeniu, a Ty możesz w każdej chwili zażądać wcześniejszego usunięcia (zob. niżej).
