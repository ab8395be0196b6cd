# The error summary at the top of a rejected form (GOV.UK pattern).
summary-title = Wystąpił problem

# Lost-link recovery on the event page.
lost-link-title = Zgubiony link?
lost-link-intro = Jest Pan/Pani już zarejestrowany(-a)? Prosimy podać adres e-mail, a wyślemy na niego link do rejestracji.
lost-link-submit = Wyślij mi link
lost-link-sent-title = Prosimy sprawdzić skrzynkę
lost-link-sent-text = Jeśli ten adres jest zarejestrowany na to wydarzenie, wysłaliśmy na niego link. Wysyłamy go nie częściej niż raz na 15 minut, warto więc poszukać też wcześniejszej wiadomości. Wiadomość może dotrzeć po kilku minutach.
