# Dalyvio teisės į savo duomenis: atsisiųsti ir ištrinti.

rights-title = Jūsų duomenys
rights-text = Galite atsisiųsti viską, ką apie jus saugome, arba ištrinti savo registraciją kartu su asmens duomenimis.
rights-download = Atsisiųsti mano duomenis (JSON)
rights-delete = Ištrinti mano registraciją ir duomenis

delete-title = Ištrinti registraciją ir jūsų duomenis?
delete-erases = Jūsų vardas, pavardė, el. pašto adresas, organizacija ir rašytiniai atsakymai ištrinami iš karto, o šio puslapio nuoroda nebeveiks.
delete-email = Atsiųsime paskutinį laišką, patvirtinantį atšaukimą (jis pašalins kvietimą iš jūsų kalendoriaus); jūsų adresas ištrinamas iš mūsų įrašų, kai tik šis laiškas pristatomas.
delete-kept = Tai, kas lieka, jūsų nebeatskleidžia: šalis, registracijos būsena, atvykimo žymė ir sesijos, įskaičiuotos į renginio statistiką.
delete-final = Šio veiksmo atšaukti negalima.
delete-over = Renginys jau baigėsi: jūsų registracija lieka statistikoje, bet be jūsų vardo.
delete-cancelled-already = Jūsų registracija jau atšaukta.
delete-copy-first = Pirmiausia norite kopijos?
delete-confirm = Taip, ištrinti mano registraciją ir duomenis
delete-keep = Ne, palikti registraciją

deleted-title = Jūsų registracija ir duomenys ištrinti
deleted-text = Jūsų registracija į „{ $title }“ atšaukta, o asmens duomenys ištrinti.
deleted-email = Jei registracija dar galiojo, gausite paskutinį laišką, patvirtinantį atšaukimą; jį pristačius, jūsų adresas taip pat ištrinamas iš mūsų įrašų.

cancellation-erased = Kaip prašėte, jūsų asmens duomenys ištrinti: tai paskutinis laiškas, kurį gausite apie šią registraciją.

privacy-retention-days = Čia tai { PLURAL($days) ->
    [one] { $days } diena
    [few] { $days } dienos
   *[other] { $days } dienų
} po renginio pabaigos, kai duomenys ištrinami automatiškai.
privacy-retention-manual = Organizatoriai juos ištrina, kai baigiami tolesni darbai, o jūs bet kada galite paprašyti juos ištrinti anksčiau (žr. toliau).
