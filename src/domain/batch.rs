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
}

impl EventSeats {
    pub fn seats(&self) -> Seats {
        Seats {
            capacity: self.capacity,
            taken: self.confirmed,
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
}

impl SessionSeats {
    pub fn seats(&self) -> Seats {
        Seats {
            capacity: self.capacity,
            taken: self.confirmed,
        }
    }
}

/// The seat counters of every event (and its sessions) a batch touches.
/// Each decision updates them, so a batch is decided in arrival order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    pub events: HashMap<i64, EventSeats>,
    pub sessions: HashMap<i64, SessionSeats>,
}

/// Why a registration cannot be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    NoSuchEvent,
    /// Full, and the event has no waiting list.
    Full,
    Window(WindowState),
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
                Some(&(at, status)) => Some((Earlier::InBatch(at), status, Some(clock))),
                None => stored
                    .get(&(request.event_id, request.key.to_owned()))
                    .map(|s| (Earlier::Stored, s.status, s.last_emailed_at)),
            };
            if let Some((earlier, status, last_emailed_at)) = earlier {
                let due = last_emailed_at.is_none_or(|at| clock - at >= RESEND_INTERVAL);
                // A verification link is useless while the event refuses: its
                // confirmation would be refused too.
                let useful = !(status == RegistrationStatus::Pending && refusal.is_some());
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
            let (status, position) = if requires_verification {
                // Pending holds no seat until the address is confirmed.
                (RegistrationStatus::Pending, None)
            } else {
                match self.place(request.event_id, request.sessions) {
                    Placement::Confirmed => (RegistrationStatus::Confirmed, None),
                    Placement::Waitlisted => (
                        RegistrationStatus::Waitlisted,
                        self.events.get(&request.event_id).map(|e| e.waitlisted),
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

    /// Confirms a pending registration's address: it is placed now.
    pub fn verify(
        &mut self,
        event_id: i64,
        chosen: &[i64],
        clock: DateTime<Utc>,
    ) -> Result<(RegistrationStatus, Option<i64>), Refusal> {
        let event = self.events.get(&event_id).ok_or(Refusal::NoSuchEvent)?;
        match event.window.state(clock) {
            WindowState::Open => {}
            state => return Err(Refusal::Window(state)),
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

    /// Frees what a registration held as it is cancelled.
    pub fn release(&mut self, event_id: i64, previous: RegistrationStatus, chosen: &[i64]) {
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
                        },
                    )
                })
                .collect(),
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
    fn verification_events_hold_no_seat_until_verified() {
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
            ledger.verify(1, &[], clock()),
            Ok((RegistrationStatus::Confirmed, None))
        );
        assert_eq!(
            ledger.verify(1, &[], clock()),
            Ok((RegistrationStatus::Waitlisted, Some(1)))
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
        ledger.release(1, RegistrationStatus::Confirmed, &[7]);
        assert!(ledger.can_promote(1));
        assert_eq!(ledger.promote(1, [&[7][..]]), [0]);
        assert_eq!(ledger.sessions[&7].confirmed, 1);
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
            },
        )]);
        let got = ledger.decide(&requests(&["known", "new"], &[]), &stored, clock());
        let refusal = Refusal::Window(WindowState::Closed);
        assert!(matches!(got[0], Decision::Repeat { answer: Err(r), .. } if r == refusal));
        assert_eq!(got[1], Decision::Refused(refusal));
    }
}
