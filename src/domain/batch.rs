//! The plan of a batch of registration changes, decided against the seat
//! counters the registration writer has locked (`store/writer/`): who is
//! confirmed, who waits, who is promoted, who is refused, and which email
//! each one is owed. Pure: it takes and returns domain values, and the writer
//! turns them into rows.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};

use super::capacity::{Placement, Seats, place};
use super::event::{EventStatus, RegistrationWindow, WindowState};
use super::invite;
use super::message::MessageKind;
use super::registration::RegistrationStatus;

/// A repeated submission re-sends the registration's email at most this
/// often (SPEC invariant 2).
pub const RESEND_INTERVAL: Duration = Duration::minutes(15);

/// An event's seats, as locked for the batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventSeats {
    pub window: RegistrationWindow,
    /// None: unlimited.
    pub capacity: Option<i64>,
    pub waitlist_enabled: bool,
    pub requires_verification: bool,
    /// The invites' SEQUENCE base (`domain::invite`).
    pub revision: i32,
    pub confirmed: i64,
    pub waitlisted: i64,
    /// Seats held by pending registrations until their address is
    /// confirmed: taken like confirmed ones.
    pub held: i64,
}

impl EventSeats {
    pub fn seats(&self) -> Seats {
        Seats {
            capacity: self.capacity,
            taken: self.confirmed + self.held,
        }
    }

    /// Someone waits and a seat is free: a promotion may be possible (the
    /// waiting person's sessions decide).
    pub fn can_promote(&self) -> bool {
        self.waitlisted > 0
            && self.seats().has_room()
            && self.window.status != EventStatus::Cancelled
    }
}

/// A session's own seats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionSeats {
    pub capacity: Option<i64>,
    pub confirmed: i64,
    pub held: i64,
}

impl SessionSeats {
    pub fn seats(&self) -> Seats {
        Seats {
            capacity: self.capacity,
            taken: self.confirmed + self.held,
        }
    }
}

/// The seat counters of every event (and its sessions) a batch touches.
/// Each decision updates them, so a batch is decided in arrival order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    pub events: HashMap<i64, EventSeats>,
    pub sessions: HashMap<i64, SessionSeats>,
    /// How long a new pending registration holds its seat (double opt-in);
    /// `None`: pending registrations hold none and are placed when verified.
    pub hold: Option<Duration>,
}

/// Why a registration cannot be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    NoSuchEvent,
    /// Full, and the event has no waiting list.
    Full,
    Window(WindowState),
    /// A verification after the registration's seat hold ran out: the
    /// registration is (or is about to be) cancelled, and nothing changes.
    HoldExpired,
}

/// Which seats of its sessions a registration holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionClaim {
    /// Confirmed: a confirmed seat of each.
    Confirmed,
    /// Pending with a live hold: a held seat of each.
    Held,
    /// Waitlisted, or pending without a hold: none.
    Nothing,
}

impl SessionClaim {
    pub fn of(status: RegistrationStatus, hold: Hold) -> Self {
        match (status, hold) {
            (RegistrationStatus::Confirmed, _) => SessionClaim::Confirmed,
            (RegistrationStatus::Pending, Hold::Until(_)) => SessionClaim::Held,
            _ => SessionClaim::Nothing,
        }
    }
}

/// What a pending registration holds while its address is unconfirmed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hold {
    /// No seat: the event (or a chosen session) was full when it came, and
    /// it is placed (confirmed or waitlisted) when verified.
    None,
    /// A seat of the event and of each chosen session, until then.
    Until(DateTime<Utc>),
}

impl Hold {
    pub fn of(hold_until: Option<DateTime<Utc>>) -> Self {
        hold_until.map_or(Hold::None, Hold::Until)
    }

    pub fn until(self) -> Option<DateTime<Utc>> {
        match self {
            Hold::None => None,
            Hold::Until(at) => Some(at),
        }
    }

    /// A hold that has run out at `clock`: its seat is to be freed.
    pub fn expired(self, clock: DateTime<Utc>) -> bool {
        matches!(self, Hold::Until(at) if at <= clock)
    }
}

/// A registration request as the plan sees it.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub event_id: i64,
    /// The address as compared (`Email::normalized`).
    pub key: &'a str,
    pub sessions: &'a [i64],
}

/// A live registration already stored for a request's address.
#[derive(Clone, Copy, Debug)]
pub struct Stored {
    pub status: RegistrationStatus,
    pub last_emailed_at: Option<DateTime<Utc>>,
    /// A pending registration's seat hold.
    pub hold: Hold,
}

/// Which registration a repeated address already has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Earlier {
    /// Stored before this batch.
    Stored,
    /// Made by the request at this index of the same batch.
    InBatch(usize),
}

/// What happens to one request of the batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    New {
        status: RegistrationStatus,
        /// Place in line from 1, when waitlisted.
        position: Option<i64>,
        /// What a pending registration holds.
        hold: Hold,
        email: Option<MessageKind>,
    },
    /// The address already has a live registration: no second seat. The
    /// answer is what a newcomer would get (a refusal when the event would
    /// refuse one), so the answer tells nobody whether the address is
    /// registered; the owner is sent their email again unless it went out
    /// within `RESEND_INTERVAL`.
    Repeat {
        earlier: Earlier,
        answer: Result<RegistrationStatus, Refusal>,
        resend: Option<MessageKind>,
    },
    Refused(Refusal),
}

/// The email a registration in `status` is owed.
/// Whether an address sent again is owed its email again: never emailed,
/// or not within `RESEND_INTERVAL`.
pub fn resend_due(last_emailed_at: Option<DateTime<Utc>>, clock: DateTime<Utc>) -> bool {
    last_emailed_at.is_none_or(|at| clock - at >= RESEND_INTERVAL)
}

pub fn status_email(status: RegistrationStatus) -> Option<MessageKind> {
    match status {
        RegistrationStatus::Confirmed => Some(MessageKind::Confirmation),
        RegistrationStatus::Waitlisted => Some(MessageKind::Waitlisted),
        RegistrationStatus::Pending => Some(MessageKind::Verification),
        RegistrationStatus::Cancelled => None,
    }
}

/// The SEQUENCE an email of `kind` carries for an event at `revision`.
pub fn sequence(kind: MessageKind, revision: i32) -> i64 {
    invite::sequence(revision, kind == MessageKind::Cancellation, false)
}

impl Ledger {
    /// Decides the registrations of a batch in arrival order. `stored` has
    /// the live registrations already in the database, by (event, address).
    pub fn decide(
        &mut self,
        requests: &[Request<'_>],
        stored: &HashMap<(i64, String), Stored>,
        clock: DateTime<Utc>,
    ) -> Vec<Decision> {
        let mut made: HashMap<(i64, &str), (usize, RegistrationStatus)> = HashMap::new();
        let mut decisions = Vec::with_capacity(requests.len());
        for (index, request) in requests.iter().enumerate() {
            let Some(event) = self.events.get(&request.event_id) else {
                decisions.push(Decision::Refused(Refusal::NoSuchEvent));
                continue;
            };
            let refusal = match event.window.state(clock) {
                WindowState::Open => None,
                state => Some(Refusal::Window(state)),
            }
            .or_else(|| {
                // A full event without a waiting list refuses at once, also
                // when it asks for verification.
                (!event.waitlist_enabled && !self.fits(request.event_id, request.sessions))
                    .then_some(Refusal::Full)
            });
            let earlier = match made.get(&(request.event_id, request.key)) {
                Some(&(at, status)) => Some((Earlier::InBatch(at), status, Some(clock), false)),
                None => stored
                    .get(&(request.event_id, request.key.to_owned()))
                    .map(|s| {
                        let held = matches!(s.hold, Hold::Until(until) if until > clock);
                        (Earlier::Stored, s.status, s.last_emailed_at, held)
                    }),
            };
            if let Some((earlier, status, last_emailed_at, held)) = earlier {
                let due = resend_due(last_emailed_at, clock);
                // A verification link is useless while the event refuses
                // (its confirmation would be refused too) unless it holds a
                // seat, which its confirmation takes whatever newcomers are
                // told.
                let useful = held || !(status == RegistrationStatus::Pending && refusal.is_some());
                decisions.push(Decision::Repeat {
                    earlier,
                    answer: refusal.map_or(Ok(status), Err),
                    resend: status_email(status).filter(|_| due && useful),
                });
                continue;
            }
            if let Some(refusal) = refusal {
                decisions.push(Decision::Refused(refusal));
                continue;
            }
            let requires_verification = event.requires_verification;
            let (status, position, hold) = if requires_verification {
                // Pending holds a seat while the address is confirmed, so
                // that confirming never meets a full event. With no seat
                // free (there is a waiting list: a full event without one
                // refused above), it holds none and is placed when verified.
                // Either way the answer is the same neutral page.
                let hold = match self.hold {
                    Some(hold) if self.fits(request.event_id, request.sessions) => {
                        self.take_hold(request.event_id, request.sessions);
                        Hold::Until(clock + hold)
                    }
                    _ => Hold::None,
                };
                (RegistrationStatus::Pending, None, hold)
            } else {
                match self.place(request.event_id, request.sessions) {
                    Placement::Confirmed => (RegistrationStatus::Confirmed, None, Hold::None),
                    Placement::Waitlisted => (
                        RegistrationStatus::Waitlisted,
                        self.events.get(&request.event_id).map(|e| e.waitlisted),
                        Hold::None,
                    ),
                    Placement::Full => {
                        decisions.push(Decision::Refused(Refusal::Full));
                        continue;
                    }
                }
            };
            made.insert((request.event_id, request.key), (index, status));
            decisions.push(Decision::New {
                status,
                position,
                hold,
                email: status_email(status),
            });
        }
        decisions
    }

    /// True when the event and every chosen session have a seat left.
    fn fits(&self, event_id: i64, chosen: &[i64]) -> bool {
        self.events
            .get(&event_id)
            .is_some_and(|e| e.seats().has_room())
            && chosen
                .iter()
                .all(|id| self.sessions.get(id).is_none_or(|s| s.seats().has_room()))
    }

    /// Applies the capacity rule to one registration and counts it in.
    pub fn place(&mut self, event_id: i64, chosen: &[i64]) -> Placement {
        let Some(event) = self.events.get_mut(&event_id) else {
            return Placement::Full;
        };
        let mut event_seats = event.seats();
        let mut session_seats: Vec<Seats> = chosen
            .iter()
            .filter_map(|id| self.sessions.get(id).map(SessionSeats::seats))
            .collect();
        let mut refs: Vec<&mut Seats> = session_seats.iter_mut().collect();
        let placement = place(&mut event_seats, &mut refs, event.waitlist_enabled);
        match placement {
            Placement::Confirmed => {
                event.confirmed += 1;
                for id in chosen {
                    if let Some(session) = self.sessions.get_mut(id) {
                        session.confirmed += 1;
                    }
                }
            }
            Placement::Waitlisted => event.waitlisted += 1,
            Placement::Full => {}
        }
        placement
    }

    /// Counts a hold in: a seat of the event and of each chosen session.
    fn take_hold(&mut self, event_id: i64, chosen: &[i64]) {
        if let Some(event) = self.events.get_mut(&event_id) {
            event.held += 1;
        }
        for id in chosen {
            if let Some(session) = self.sessions.get_mut(id) {
                session.held += 1;
            }
        }
    }

    /// Frees a hold's seats.
    fn drop_hold(&mut self, event_id: i64, chosen: &[i64]) {
        if let Some(event) = self.events.get_mut(&event_id) {
            event.held -= 1;
        }
        for id in chosen {
            if let Some(session) = self.sessions.get_mut(id) {
                session.held -= 1;
            }
        }
    }

    /// Confirms a pending registration's address. A live hold becomes a
    /// confirmed seat whatever the counters say now (it was counted when
    /// taken), also after the registration window closed, as long as the
    /// event is on; an expired hold changes nothing; without a hold the
    /// registration is placed now, as if it had just arrived.
    pub fn verify(
        &mut self,
        event_id: i64,
        chosen: &[i64],
        hold: Hold,
        clock: DateTime<Utc>,
    ) -> Result<(RegistrationStatus, Option<i64>), Refusal> {
        let event = self.events.get(&event_id).ok_or(Refusal::NoSuchEvent)?;
        if hold.expired(clock) {
            return Err(Refusal::HoldExpired);
        }
        let state = event.window.state(clock);
        if let Hold::Until(_) = hold {
            if state == WindowState::Unavailable || clock >= event.window.event_ends_at {
                return Err(Refusal::Window(state));
            }
            self.drop_hold(event_id, chosen);
            if let Some(event) = self.events.get_mut(&event_id) {
                event.confirmed += 1;
            }
            for id in chosen {
                if let Some(session) = self.sessions.get_mut(id) {
                    session.confirmed += 1;
                }
            }
            return Ok((RegistrationStatus::Confirmed, None));
        }
        if state != WindowState::Open {
            return Err(Refusal::Window(state));
        }
        match self.place(event_id, chosen) {
            Placement::Confirmed => Ok((RegistrationStatus::Confirmed, None)),
            Placement::Waitlisted => Ok((
                RegistrationStatus::Waitlisted,
                self.events.get(&event_id).map(|e| e.waitlisted),
            )),
            Placement::Full => Err(Refusal::Full),
        }
    }

    /// Frees what a registration held as it is cancelled (or its hold
    /// expires); `hold` is what a pending one held.
    pub fn release(
        &mut self,
        event_id: i64,
        previous: RegistrationStatus,
        hold: Hold,
        chosen: &[i64],
    ) {
        if previous == RegistrationStatus::Pending && hold != Hold::None {
            self.drop_hold(event_id, chosen);
            return;
        }
        let Some(event) = self.events.get_mut(&event_id) else {
            return;
        };
        match previous {
            RegistrationStatus::Confirmed => {
                event.confirmed -= 1;
                for id in chosen {
                    if let Some(session) = self.sessions.get_mut(id) {
                        session.confirmed -= 1;
                    }
                }
            }
            RegistrationStatus::Waitlisted => event.waitlisted -= 1,
            RegistrationStatus::Pending | RegistrationStatus::Cancelled => {}
        }
    }

    /// Moves a registration from the sessions `before` to those `after`
    /// (the attendee changed them on their page). A confirmed registration
    /// holds a confirmed seat of each session, a pending one with a hold a
    /// held seat; either must find room in every session it adds — sessions
    /// have no waiting list of their own — or nothing changes and the first
    /// full session is named. One that holds no seat (waitlisted, pending
    /// without a hold) takes none now: its sessions are checked when it is
    /// placed or promoted.
    pub fn change_sessions(
        &mut self,
        before: &[i64],
        after: &[i64],
        seats: SessionClaim,
    ) -> Result<(), i64> {
        if seats == SessionClaim::Nothing {
            return Ok(());
        }
        let added: Vec<i64> = after
            .iter()
            .copied()
            .filter(|id| !before.contains(id))
            .collect();
        if let Some(full) = added
            .iter()
            .copied()
            .find(|id| self.sessions.get(id).is_some_and(|s| !s.seats().has_room()))
        {
            return Err(full);
        }
        let removed = before.iter().filter(|id| !after.contains(id));
        for (ids, step) in [
            (added.iter().collect::<Vec<_>>(), 1),
            (removed.collect(), -1),
        ] {
            for id in ids {
                if let Some(session) = self.sessions.get_mut(id) {
                    match seats {
                        SessionClaim::Confirmed => session.confirmed += step,
                        SessionClaim::Held => session.held += step,
                        SessionClaim::Nothing => {}
                    }
                }
            }
        }
        Ok(())
    }

    pub fn can_promote(&self, event_id: i64) -> bool {
        self.events
            .get(&event_id)
            .is_some_and(EventSeats::can_promote)
    }

    /// Gives free seats to waiting registrations, in the order given (their
    /// place in line), skipping those whose sessions are full. Returns the
    /// indexes of the promoted ones; stops as soon as the event is full.
    pub fn promote<'a>(
        &mut self,
        event_id: i64,
        waiting: impl IntoIterator<Item = &'a [i64]>,
    ) -> Vec<usize> {
        let mut promoted = Vec::new();
        for (index, chosen) in waiting.into_iter().enumerate() {
            if !self.can_promote(event_id) {
                break;
            }
            if !self.fits(event_id, chosen) {
                continue;
            }
            if let Some(event) = self.events.get_mut(&event_id) {
                event.confirmed += 1;
                event.waitlisted -= 1;
            }
            for id in chosen {
                if let Some(session) = self.sessions.get_mut(id) {
                    session.confirmed += 1;
                }
            }
            promoted.push(index);
        }
        promoted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> DateTime<Utc> {
        "2027-03-01T10:00:00Z".parse().unwrap()
    }

    fn event(capacity: Option<i64>, waitlist: bool) -> EventSeats {
        EventSeats {
            window: RegistrationWindow {
                status: EventStatus::Published,
                opens_at: None,
                closes_at: None,
                event_ends_at: "2027-03-10T10:00:00Z".parse().unwrap(),
            },
            capacity,
            waitlist_enabled: waitlist,
            requires_verification: false,
            revision: 3,
            confirmed: 0,
            waitlisted: 0,
            held: 0,
        }
    }

    fn ledger(event: EventSeats, sessions: &[(i64, Option<i64>)]) -> Ledger {
        Ledger {
            events: HashMap::from([(1, event)]),
            sessions: sessions
                .iter()
                .map(|&(id, capacity)| {
                    (
                        id,
                        SessionSeats {
                            capacity,
                            confirmed: 0,
                            held: 0,
                        },
                    )
                })
                .collect(),
            hold: None,
        }
    }

    fn requests<'a>(keys: &'a [&'a str], sessions: &'a [i64]) -> Vec<Request<'a>> {
        keys.iter()
            .map(|key| Request {
                event_id: 1,
                key,
                sessions,
            })
            .collect()
    }

    #[test]
    fn confirms_until_full_then_waitlists_with_places_in_line() {
        let mut ledger = ledger(event(Some(2), true), &[]);
        let got = ledger.decide(
            &requests(&["a", "b", "c", "d"], &[]),
            &HashMap::new(),
            clock(),
        );
        let statuses: Vec<_> = got
            .iter()
            .map(|d| match d {
                Decision::New {
                    status, position, ..
                } => (*status, *position),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            statuses,
            [
                (RegistrationStatus::Confirmed, None),
                (RegistrationStatus::Confirmed, None),
                (RegistrationStatus::Waitlisted, Some(1)),
                (RegistrationStatus::Waitlisted, Some(2)),
            ]
        );
        assert_eq!(
            (ledger.events[&1].confirmed, ledger.events[&1].waitlisted),
            (2, 2)
        );
    }

    #[test]
    fn a_double_click_in_one_batch_is_one_registration_and_one_email() {
        let mut ledger = ledger(event(Some(1), true), &[]);
        let got = ledger.decide(&requests(&["b", "a", "a"], &[]), &HashMap::new(), clock());
        assert!(matches!(
            got[1],
            Decision::New {
                status: RegistrationStatus::Waitlisted,
                position: Some(1),
                ..
            }
        ));
        assert_eq!(
            got[2],
            Decision::Repeat {
                earlier: Earlier::InBatch(1),
                answer: Ok(RegistrationStatus::Waitlisted),
                resend: None,
            }
        );
        assert_eq!(ledger.events[&1].waitlisted, 1);
    }

    #[test]
    fn a_repeat_is_emailed_again_only_after_the_interval() {
        let stored = |minutes_ago: i64| {
            HashMap::from([(
                (1, "a".to_owned()),
                Stored {
                    status: RegistrationStatus::Confirmed,
                    last_emailed_at: Some(clock() - Duration::minutes(minutes_ago)),
                    hold: Hold::None,
                },
            )])
        };
        for (minutes_ago, resend) in [(1, None), (14, None), (15, Some(MessageKind::Confirmation))]
        {
            let mut ledger = ledger(event(Some(5), true), &[]);
            let got = ledger.decide(&requests(&["a"], &[]), &stored(minutes_ago), clock());
            assert_eq!(
                got[0],
                Decision::Repeat {
                    earlier: Earlier::Stored,
                    answer: Ok(RegistrationStatus::Confirmed),
                    resend,
                },
                "{minutes_ago} minutes after the last email"
            );
            assert_eq!(ledger.events[&1].confirmed, 0, "a repeat takes no seat");
        }
    }

    #[test]
    fn a_full_event_answers_a_repeated_address_as_a_new_one() {
        let mut full = event(Some(1), false);
        full.confirmed = 1;
        let mut ledger = ledger(full, &[]);
        let stored = HashMap::from([(
            (1, "known".to_owned()),
            Stored {
                status: RegistrationStatus::Confirmed,
                last_emailed_at: None,
                hold: Hold::None,
            },
        )]);
        let got = ledger.decide(&requests(&["known", "new"], &[]), &stored, clock());
        assert!(matches!(
            got[0],
            Decision::Repeat {
                answer: Err(Refusal::Full),
                ..
            }
        ));
        assert_eq!(got[1], Decision::Refused(Refusal::Full));
    }

    #[test]
    fn a_pending_repeat_on_a_refusing_event_is_not_sent_a_useless_link() {
        let mut closed = event(Some(5), true);
        closed.requires_verification = true;
        closed.window.closes_at = Some(clock() - Duration::hours(1));
        let mut ledger = ledger(closed, &[]);
        let stored = HashMap::from([(
            (1, "pending".to_owned()),
            Stored {
                status: RegistrationStatus::Pending,
                last_emailed_at: None,
                hold: Hold::None,
            },
        )]);
        let got = ledger.decide(&requests(&["pending"], &[]), &stored, clock());
        assert!(matches!(
            got[0],
            Decision::Repeat {
                resend: None,
                answer: Err(_),
                ..
            }
        ));
    }

    #[test]
    fn without_a_hold_time_pending_holds_no_seat_until_verified() {
        let mut verified = event(Some(1), true);
        verified.requires_verification = true;
        let mut ledger = ledger(verified, &[]);
        let got = ledger.decide(&requests(&["a", "b"], &[]), &HashMap::new(), clock());
        assert!(got.iter().all(|d| matches!(
            d,
            Decision::New {
                status: RegistrationStatus::Pending,
                email: Some(MessageKind::Verification),
                ..
            }
        )));
        assert_eq!(
            ledger.verify(1, &[], Hold::None, clock()),
            Ok((RegistrationStatus::Confirmed, None))
        );
        assert_eq!(
            ledger.verify(1, &[], Hold::None, clock()),
            Ok((RegistrationStatus::Waitlisted, Some(1)))
        );
    }

    fn holds(d: &Decision) -> Hold {
        match d {
            Decision::New {
                status: RegistrationStatus::Pending,
                hold,
                ..
            } => *hold,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_pending_registration_holds_its_seat_and_its_sessions_seats() {
        let mut verified = event(Some(2), true);
        verified.requires_verification = true;
        let mut ledger = ledger(verified, &[(7, Some(1))]);
        ledger.hold = Some(Duration::minutes(30));
        let got = ledger.decide(&requests(&["a"], &[7]), &HashMap::new(), clock());
        let until = clock() + Duration::minutes(30);
        assert_eq!(holds(&got[0]), Hold::Until(until));
        assert_eq!((ledger.events[&1].held, ledger.sessions[&7].held), (1, 1));
        // The session is full with the hold: the next one holds nothing and
        // is placed when verified.
        let got = ledger.decide(&requests(&["b"], &[7]), &HashMap::new(), clock());
        assert_eq!(holds(&got[0]), Hold::None);
        // Someone else fills the event's last seat meanwhile; the hold still
        // confirms.
        assert_eq!(ledger.place(1, &[]), Placement::Confirmed);
        assert!(!ledger.events[&1].seats().has_room());
        assert_eq!(
            ledger.verify(1, &[7], Hold::Until(until), clock()),
            Ok((RegistrationStatus::Confirmed, None))
        );
        assert_eq!(
            (ledger.events[&1].confirmed, ledger.events[&1].held),
            (2, 0)
        );
        assert_eq!(
            (ledger.sessions[&7].confirmed, ledger.sessions[&7].held),
            (1, 0)
        );
    }

    #[test]
    fn an_expired_hold_confirms_nothing_and_its_release_frees_the_seat() {
        let mut verified = event(Some(1), true);
        verified.requires_verification = true;
        let mut ledger = ledger(verified, &[(7, None)]);
        ledger.hold = Some(Duration::minutes(30));
        let got = ledger.decide(&requests(&["a"], &[7]), &HashMap::new(), clock());
        let hold = holds(&got[0]);
        let later = clock() + Duration::minutes(30);
        assert_eq!(
            ledger.verify(1, &[7], hold, later),
            Err(Refusal::HoldExpired)
        );
        assert_eq!(
            ledger.events[&1].held, 1,
            "a refused verification changes nothing"
        );
        ledger.events.get_mut(&1).unwrap().waitlisted = 1;
        assert!(!ledger.can_promote(1));
        ledger.release(1, RegistrationStatus::Pending, hold, &[7]);
        assert_eq!((ledger.events[&1].held, ledger.sessions[&7].held), (0, 0));
        assert!(
            ledger.can_promote(1),
            "the freed seat goes to the waiting list"
        );
    }

    #[test]
    fn a_full_verification_event_without_waiting_list_refuses_new_and_known_alike() {
        let mut verified = event(Some(1), false);
        verified.requires_verification = true;
        let mut ledger = ledger(verified, &[]);
        ledger.hold = Some(Duration::minutes(30));
        let got = ledger.decide(&requests(&["a", "a", "b"], &[]), &HashMap::new(), clock());
        let hold = holds(&got[0]);
        assert!(matches!(hold, Hold::Until(_)));
        assert!(matches!(
            got[1],
            Decision::Repeat {
                answer: Err(Refusal::Full),
                ..
            }
        ));
        assert_eq!(got[2], Decision::Refused(Refusal::Full));
        // Later, the holder asks again: the same answer as a newcomer, and
        // their link again, which still confirms.
        let stored = HashMap::from([(
            (1, "a".to_owned()),
            Stored {
                status: RegistrationStatus::Pending,
                last_emailed_at: None,
                hold,
            },
        )]);
        let got = ledger.decide(&requests(&["a"], &[]), &stored, clock());
        assert_eq!(
            got[0],
            Decision::Repeat {
                earlier: Earlier::Stored,
                answer: Err(Refusal::Full),
                resend: Some(MessageKind::Verification),
            }
        );
    }

    #[test]
    fn promotion_skips_those_whose_session_is_full_and_stops_when_full() {
        let mut ledger = ledger(event(Some(2), true), &[(7, Some(1))]);
        ledger.sessions.get_mut(&7).unwrap().confirmed = 1;
        ledger.events.get_mut(&1).unwrap().waitlisted = 4;
        let waiting: [&[i64]; 4] = [&[7], &[], &[], &[]];
        assert_eq!(ledger.promote(1, waiting), [1, 2]);
        assert_eq!(
            (ledger.events[&1].confirmed, ledger.events[&1].waitlisted),
            (2, 2)
        );
        assert!(!ledger.can_promote(1));
    }

    #[test]
    fn releasing_a_confirmed_seat_frees_event_and_sessions() {
        let mut ledger = ledger(event(Some(1), true), &[(7, Some(1))]);
        assert_eq!(ledger.place(1, &[7]), Placement::Confirmed);
        assert_eq!(ledger.place(1, &[7]), Placement::Waitlisted);
        ledger.release(1, RegistrationStatus::Confirmed, Hold::None, &[7]);
        assert!(ledger.can_promote(1));
        assert_eq!(ledger.promote(1, [&[7][..]]), [0]);
        assert_eq!(ledger.sessions[&7].confirmed, 1);
    }

    #[test]
    fn changing_sessions_moves_seats_or_names_the_full_session() {
        let mut ledger = ledger(
            event(Some(5), true),
            &[(7, Some(1)), (8, Some(1)), (9, None)],
        );
        ledger.sessions.get_mut(&8).unwrap().held = 1;
        assert_eq!(
            ledger.change_sessions(&[7], &[8, 9], SessionClaim::Confirmed),
            Err(8),
            "a held seat is taken"
        );
        assert_eq!(ledger.sessions[&9].confirmed, 0, "nothing changed");
        ledger.sessions.get_mut(&7).unwrap().confirmed = 1;
        assert_eq!(
            ledger.change_sessions(&[7], &[9], SessionClaim::Confirmed),
            Ok(())
        );
        assert_eq!(
            (ledger.sessions[&7].confirmed, ledger.sessions[&9].confirmed),
            (0, 1)
        );
        assert_eq!(
            ledger.change_sessions(&[], &[7], SessionClaim::Held),
            Ok(())
        );
        assert_eq!(ledger.sessions[&7].held, 1);
        // Who holds no seat takes none, even of a full session.
        assert_eq!(
            ledger.change_sessions(&[], &[7, 8], SessionClaim::Nothing),
            Ok(())
        );
        assert_eq!(ledger.sessions[&8].held, 1);
    }

    #[test]
    fn a_cancelled_event_promotes_nobody() {
        let mut cancelled = event(Some(5), true);
        cancelled.window.status = EventStatus::Cancelled;
        cancelled.waitlisted = 1;
        let mut ledger = ledger(cancelled, &[]);
        assert!(ledger.promote(1, [&[][..]]).is_empty());
    }

    #[test]
    fn closed_events_refuse_newcomers_and_repeats_alike() {
        let mut closed = event(Some(5), true);
        closed.window.closes_at = Some(clock() - Duration::hours(1));
        let mut ledger = ledger(closed, &[]);
        let stored = HashMap::from([(
            (1, "known".to_owned()),
            Stored {
                status: RegistrationStatus::Waitlisted,
                last_emailed_at: None,
                hold: Hold::None,
            },
        )]);
        let got = ledger.decide(&requests(&["known", "new"], &[]), &stored, clock());
        let refusal = Refusal::Window(WindowState::Closed);
        assert!(matches!(got[0], Decision::Repeat { answer: Err(r), .. } if r == refusal));
        assert_eq!(got[1], Decision::Refused(refusal));
    }
}
