## Wspólne dla wszystkich wiadomości

email-greeting = Dzień dobry,
email-signature = Z wyrazami szacunku
email-when = Kiedy:
email-where = Gdzie:
email-online = Online:
email-sessions = Wybrane sesje:
email-event-page = Strona wydarzenia:
email-manage = Zarządzaj rejestracją
email-manage-link = Zarządzanie rejestracją:
email-questions = Pytania? Prosimy pisać na adres { $email }
email-invite-attached = W załączniku przesyłamy zaproszenie, które można dodać do kalendarza.
email-invite-removes = Załączona aktualizacja usuwa wydarzenie z kalendarza.
email-invite-moves = Załączona aktualizacja zmienia wydarzenie w kalendarzu.
email-cancel-please = W razie rezygnacji prosimy anulować rejestrację, aby miejsce mogła zająć inna osoba.
email-cancel-please-text = W razie rezygnacji prosimy anulować rejestrację przez powyższy link, aby miejsce mogła zająć inna osoba.
email-check-in-text = Przy wejściu prosimy okazać kod QR z tej wiadomości (wersja HTML) lub ten link:
email-check-in-reminder = Przy wejściu prosimy okazać kod QR z wiadomości potwierdzającej lub ten link:

## Kod wejściowy

check-in-title = Kod wejściowy
check-in-intro = Przy wejściu prosimy okazać ten kod na telefonie lub wydruku. Kod jest imienny ({ $name }) i pozwala obsłudze przy wejściu w sekundę odnaleźć rejestrację, bez szukania nazwiska.
check-in-name = Imię i nazwisko
check-in-email = E-mail
check-in-registration = Rejestracja
check-in-confirmed = potwierdzona
check-in-image = Kod wejściowy: { $name }
check-in-private = Prosimy nie przekazywać dalej tej wiadomości ani nie udostępniać kodu: osoba, która okaże go przy wejściu, wejdzie na to miejsce.
check-in-no-image = Nie widać obrazka? Program pocztowy mógł zablokować obrazy: można je zezwolić dla tej wiadomości albo przy wejściu okazać ten link:

## Poszczególne wiadomości

confirmation-subject = Rejestracja potwierdzona: { $title }
confirmation-intro = potwierdzamy rejestrację na wydarzenie „{ $title }”.

promoted-subject = Zwolniło się miejsce: { $title }
promoted-intro = mamy dobrą wiadomość: zwolniło się miejsce i jest ono dla Pana/Pani. Rejestracja na wydarzenie „{ $title }” jest teraz potwierdzona.

waitlisted-subject = Lista rezerwowa: { $title }
waitlisted-intro = na wydarzenie „{ $title }” nie ma już wolnych miejsc, dlatego rejestracja trafiła na listę rezerwową, na pozycję { $position }.
waitlisted-next = Jeśli zwolni się miejsce, otrzyma je pierwsza osoba z listy: wtedy potwierdzimy rejestrację i wyślemy wiadomość z zaproszeniem do kalendarza. Na razie nie trzeba nic robić.
waitlisted-leave = W razie rezygnacji prosimy wypisać się z listy rezerwowej.
waitlisted-leave-text = W razie rezygnacji prosimy wypisać się z listy rezerwowej przez powyższy link.

verification-subject = Prosimy potwierdzić adres e-mail: { $title }
verification-intro = aby dokończyć rejestrację na wydarzenie „{ $title }”, prosimy potwierdzić adres e-mail.
verification-button = Potwierdzam adres e-mail
verification-or-link = Można też otworzyć ten link:
verification-until = Do czasu potwierdzenia rejestracja nie jest zakończona. Jeśli to nie Pan/Pani się rejestrował(a), prosimy zignorować tę wiadomość.

cancellation-subject = Rejestracja anulowana: { $title }
cancellation-intro = rejestracja na wydarzenie „{ $title }” została anulowana.
cancellation-intro-waitlist = rejestracja została usunięta z listy rezerwowej na wydarzenie „{ $title }”.
cancellation-mistake = Jeśli to pomyłka, można zarejestrować się ponownie na stronie wydarzenia, dopóki rejestracja jest otwarta.

event-updated-subject = Zmiany: { $title }
event-updated-intro = szczegóły wydarzenia „{ $title }” uległy zmianie. Aktualne informacje:

event-cancelled-subject = Wydarzenie odwołane: { $title }
event-cancelled-intro = z przykrością informujemy, że wydarzenie „{ $title }”, zaplanowane na { $when }, zostało odwołane. Rejestracja traci ważność.

reminder-subject = Przypomnienie: { $title }, { $when }
reminder-intro = przypominamy, że wkrótce odbędzie się wydarzenie „{ $title }”.

announcement-subject = { $subject } – { $title }
