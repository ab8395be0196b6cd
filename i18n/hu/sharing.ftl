# The error summary at the top of a rejected form (GOV.UK pattern).
summary-title = Hiba történt

# Lost-link recovery on the event page.
lost-link-title = Elveszett a linkje?
lost-link-intro = Már jelentkezett? Adja meg e-mail-címét, és elküldjük Önnek a jelentkezése linkjét.
lost-link-submit = Kérem a linket
lost-link-sent-title = Nézze meg a postafiókját
lost-link-sent-text = Ha ez a cím jelentkezett erre a rendezvényre, elküldtük rá a linkjét. Legfeljebb 15 percenként egyszer küldjük el, ezért korábbi e-mailt is keressen. Néhány percbe telhet, mire megérkezik.
