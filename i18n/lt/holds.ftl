# Dvigubas patvirtinimas, kuris rezervuoja vietą (issue 14).

hold-registered-text = Išsiuntėme laišką jūsų nurodytu adresu (ne dažniau kaip kartą per 15 minučių, todėl paieškokite ir ankstesnio laiško). Atidarykite jame esančią nuorodą per { PLURAL($minutes) ->
    [one] { $minutes } minutę
    [few] { $minutes } minutes
   *[other] { $minutes } minučių
} ir patvirtinkite registraciją; jei buvo laisva vieta, iki tol ji jums rezervuota. Jei šiuo adresu jau buvo užsiregistruota, laiške rasite registracijos būseną. Laiškas gali ateiti po kelių minučių.
hold-until = Jūsų vieta rezervuota iki { $time }.
hold-expired-title = Ši nuoroda atidaryta per vėlai
hold-expired-text = Jūsų el. pašto adresas nebuvo laiku patvirtintas, todėl jums rezervuota vieta atlaisvinta ir registracija neįvyko. Jei vis dar norite dalyvauti, užsiregistruokite iš naujo.
hold-register-again = Registruotis iš naujo

hold-expired-subject = Jūsų vieta nebėra rezervuota: { $title }
hold-expired-intro = Laiku nepatvirtinote savo el. pašto adreso, todėl renginiui „{ $title }“ jums rezervuota vieta atlaisvinta, o registracija nebaigta.
hold-expired-again = Jei vis dar norite dalyvauti, galite užsiregistruoti iš naujo renginio puslapyje:
