/// Seats of an event or of one of its sessions: how many there are (none:
/// unlimited) and how many confirmed registrations hold one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Seats {
    pub capacity: Option<i64>,
    pub taken: i64,
}

impl Seats {
    pub fn left(&self) -> Option<i64> {
        self.capacity.map(|c| (c - self.taken).max(0))
    }

    pub fn has_room(&self) -> bool {
        self.left().is_none_or(|left| left > 0)
    }

    /// How the seats left read to a search engine's listing (schema.org's
    /// `ItemAvailability`): limited once a tenth of the seats or five are
    /// left, whichever is more, so a listing says "few left" before "none".
    pub fn availability(&self) -> Availability {
        match (self.capacity, self.left()) {
            (Some(_), Some(0)) => Availability::SoldOut,
            (Some(capacity), Some(left)) if left <= (capacity / 10).max(5) => {
                Availability::LimitedAvailability
            }
            _ => Availability::InStock,
        }
    }
}

/// An event's seats as schema.org names them in an `Offer`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Availability {
    InStock,
    LimitedAvailability,
    SoldOut,
}

impl Availability {
    pub fn schema_url(self) -> &'static str {
        match self {
            Availability::InStock => "https://schema.org/InStock",
            Availability::LimitedAvailability => "https://schema.org/LimitedAvailability",
            Availability::SoldOut => "https://schema.org/SoldOut",
        }
    }
}

/// Where a registration lands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    Confirmed,
    Waitlisted,
    /// No seat and no waiting list.
    Full,
}

/// The one rule of capacity: a registration is confirmed when the event and
/// every session it chose have a seat left; otherwise it joins the waiting
/// list if the event has one. Seats are taken from the counts passed in, so
/// the caller decides a whole batch in arrival order.
pub fn place(event: &mut Seats, sessions: &mut [&mut Seats], waitlist_enabled: bool) -> Placement {
    if event.has_room() && sessions.iter().all(|s| s.has_room()) {
        event.taken += 1;
        for session in sessions.iter_mut() {
            session.taken += 1;
        }
        Placement::Confirmed
    } else if waitlist_enabled {
        Placement::Waitlisted
    } else {
        Placement::Full
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn availability_follows_the_seats_left() {
        let seats = |capacity: Option<i64>, taken: i64| Seats { capacity, taken }.availability();
        assert_eq!(seats(None, 500), Availability::InStock);
        assert_eq!(seats(Some(120), 100), Availability::InStock);
        assert_eq!(seats(Some(120), 108), Availability::LimitedAvailability);
        assert_eq!(seats(Some(50), 44), Availability::InStock);
        assert_eq!(seats(Some(50), 45), Availability::LimitedAvailability);
        assert_eq!(seats(Some(3), 1), Availability::LimitedAvailability);
        assert_eq!(seats(Some(50), 50), Availability::SoldOut);
        assert_eq!(seats(Some(50), 53), Availability::SoldOut);
    }

    #[test]
    fn confirms_until_full_then_waitlists() {
        let mut event = Seats {
            capacity: Some(2),
            taken: 0,
        };
        let got: Vec<_> = (0..3).map(|_| place(&mut event, &mut [], true)).collect();
        assert_eq!(
            got,
            [
                Placement::Confirmed,
                Placement::Confirmed,
                Placement::Waitlisted
            ]
        );
        assert_eq!(event.left(), Some(0));
    }

    #[test]
    fn a_full_session_waitlists_even_with_event_seats_left() {
        let mut event = Seats {
            capacity: None,
            taken: 10,
        };
        let mut session = Seats {
            capacity: Some(1),
            taken: 1,
        };
        assert_eq!(
            place(&mut event, &mut [&mut session], false),
            Placement::Full
        );
        assert_eq!(event.taken, 10, "a refused registration takes no seat");
    }
}
