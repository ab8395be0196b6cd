# A résztvevő jogai az adatai felett: letöltés és törlés.

rights-title = Az Ön adatai
rights-text = Letöltheti mindazt, amit Önről tárolunk, vagy törölheti a regisztrációját a személyes adataival együtt.
rights-download = Adataim letöltése (JSON)
rights-delete = Regisztrációm és adataim törlése

delete-title = Törli a regisztrációját és az adatait?
delete-erases = A nevét, e-mail-címét, szervezetét és írásos válaszait azonnal töröljük, és ennek az oldalnak a linkje megszűnik működni.
delete-email = Még egy utolsó e-mailt küldünk, amely megerősíti a lemondást (és eltávolítja a meghívót a naptárából); a címét azonnal töröljük nyilvántartásunkból, amint ezt az e-mailt kézbesítettük.
delete-kept = Ami megmarad, már nem köthető Önhöz: az ország, a regisztráció állapota, a belépés és a választott szekciók, amelyek az esemény statisztikáiban szerepelnek.
delete-final = Ez nem vonható vissza.
delete-over = Az esemény véget ért: a regisztrációja a neve nélkül továbbra is szerepel a statisztikákban.
delete-cancelled-already = A regisztrációját már lemondta.
delete-copy-first = Előbb egy másolatot szeretne?
delete-confirm = Igen, törlöm a regisztrációmat és az adataimat
delete-keep = Nem, megtartom a regisztrációmat

deleted-title = Regisztrációját és adatait töröltük
deleted-text = A(z) „{ $title }” eseményre szóló regisztrációját lemondtuk, személyes adatait töröltük.
deleted-email = Ha a regisztrációja még érvényes volt, kap egy utolsó e-mailt a lemondásról; amint ezt kézbesítettük, a címét is töröljük nyilvántartásunkból.

cancellation-erased = Kérésének megfelelően személyes adatait töröltük: ez az utolsó e-mail, amelyet erről a regisztrációról kap.

privacy-retention-days = Ez itt az esemény vége után { $days } nap, amikor a törlés automatikusan megtörténik.
privacy-retention-manual = A szervezők az utómunkálatok lezárultával törlik, Ön pedig bármikor kérheti a korábbi törlést (lásd alább).
