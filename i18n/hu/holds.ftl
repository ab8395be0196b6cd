# Kétlépcsős megerősítés, amely fenntartja a helyet (issue 14).

hold-registered-text = E-mailt küldtünk a megadott címre (legfeljebb 15 percenként egyet, ezért korábbi e-mailt is keressen). { $minutes } percen belül nyissa meg a benne lévő linket, hogy megerősítse jelentkezését; ha volt szabad hely, addig fenntartjuk Önnek. Ha ez a cím már korábban jelentkezett, az e-mailből megtudja, hol tart a jelentkezés. Néhány percbe telhet, mire megérkezik.
hold-until = Helyét { $time }-ig tartjuk fenn Önnek.
hold-expired-title = Ez a link túl későn érkezett
hold-expired-text = E-mail-címét nem erősítette meg időben, ezért az Önnek fenntartott helyet felszabadítottuk, és jelentkezése nem jött létre. Ha továbbra is részt szeretne venni, kérjük, jelentkezzen újra.
hold-register-again = Újra jelentkezem

hold-expired-subject = Helyét már nem tartjuk fenn: { $title }
hold-expired-intro = Nem erősítette meg időben e-mail-címét, ezért a(z) „{ $title }” rendezvényen Önnek fenntartott helyet felszabadítottuk, és jelentkezése nem fejeződött be.
hold-expired-again = Ha továbbra is részt szeretne venni, a rendezvény oldalán újra jelentkezhet:
