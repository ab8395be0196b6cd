# Podwójne potwierdzenie, które rezerwuje miejsce (issue 14).

hold-registered-text = Wysłaliśmy wiadomość na podany adres (nie częściej niż raz na 15 minut, warto więc poszukać też wcześniejszej wiadomości). Aby potwierdzić rejestrację, prosimy otworzyć zawarty w niej link w ciągu { PLURAL($minutes) ->
    [one] { $minutes } minuty
    [few] { $minutes } minut
   *[many] { $minutes } minut
}; jeśli było wolne miejsce, do tego czasu jest ono dla Państwa zarezerwowane. Jeśli ten adres był już zarejestrowany, wiadomość informuje o stanie rejestracji. Może ona dotrzeć po kilku minutach.
hold-until = Miejsce jest dla Państwa zarezerwowane do { $time }.
hold-expired-title = Ten link przyszedł za późno
hold-expired-text = Adres e-mail nie został potwierdzony na czas, więc zarezerwowane miejsce zostało zwolnione i rejestracja nie została zapisana. Jeśli nadal chcą Państwo wziąć udział, prosimy zarejestrować się ponownie.
hold-register-again = Zarejestruj się ponownie

hold-expired-subject = Miejsce nie jest już zarezerwowane: { $title }
hold-expired-intro = Adres e-mail nie został potwierdzony na czas, dlatego miejsce zarezerwowane dla Państwa na wydarzenie „{ $title }” zostało zwolnione, a rejestracja nie została ukończona.
hold-expired-again = Jeśli nadal chcą Państwo wziąć udział, można zarejestrować się ponownie na stronie wydarzenia:
