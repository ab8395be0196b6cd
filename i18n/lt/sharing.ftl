# The error summary at the top of a rejected form (GOV.UK pattern).
summary-title = Kilo problema

# Lost-link recovery on the event page.
lost-link-title = Pametėte nuorodą?
lost-link-intro = Jau užsiregistravote? Įveskite savo el. pašto adresą ir atsiųsime nuorodą į jūsų registraciją.
lost-link-submit = Atsiųskite man nuorodą
lost-link-sent-title = Patikrinkite el. paštą
lost-link-sent-text = Jei šiuo adresu užsiregistruota į šį renginį, išsiuntėme į jį nuorodą. Ją siunčiame ne dažniau kaip kartą per 15 minučių, todėl paieškokite ir ankstesnio laiško. Laiškas gali ateiti po kelių minučių.
