//! The demo event, modelled on Women 2027: three days in Brussels, three
//! sessions, 120 seats with a waiting list, and two custom questions. It is
//! dated a few weeks after the day it is loaded, so it is always upcoming.

use chrono::{Days, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Brussels;
use sea_orm::{DbErr, EntityTrait, PaginatorTrait};

use super::events::{EventDraft, QuestionDraft, SessionDraft, create_event};
use crate::domain::QuestionKind;
use crate::domain::event::EventStatus;
use crate::store::Database;
use crate::store::entities::event;

pub const DEMO_SLUG: &str = "women-2027";

/// Loads the demo event; does nothing if an event with its slug exists.
pub async fn load(db: &Database) -> Result<Option<event::Model>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let exists = event::Entity::find()
        .filter(event::Column::Slug.eq(DEMO_SLUG))
        .count(&db.read)
        .await?
        > 0;
    if exists {
        return Ok(None);
    }
    create_event(db, draft(Utc::now().date_naive() + Days::new(28)))
        .await
        .map(Some)
}

fn at(day: chrono::NaiveDate, hour: u32, minute: u32) -> chrono::DateTime<Utc> {
    let local = day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default());
    // Office hours never fall in a DST gap; `earliest` still answers one.
    Brussels
        .from_local_datetime(&local)
        .earliest()
        .unwrap_or_else(|| Utc.from_utc_datetime(&local).with_timezone(&Brussels))
        .with_timezone(&Utc)
}

fn draft(first_day: chrono::NaiveDate) -> EventDraft {
    let day2 = first_day + Days::new(1);
    let day3 = first_day + Days::new(2);
    EventDraft {
        slug: DEMO_SLUG.into(),
        title: "Women 2027 — Entrepreneurship Days".into(),
        summary: "Three days of workshops, mentoring and exchange for women entrepreneurs \
                  from Belgium, Italy, Hungary, Poland, Spain and Lithuania."
            .into(),
        description: "Women 2027 brings together women who run, or are about to start, \
a business. Over three days at the Chamber of Commerce in Brussels you will meet \
peers from six European regions, work on your growth plan with experienced mentors, \
and learn how to reach customers across borders.\n\n\
**What to expect**\n\n\
- Practical workshops on financing, export and digital sales\n\
- One-to-one mentoring sessions\n\
- A networking evening with partners of the project\n\n\
Attendance is free of charge. Lunch and coffee are provided. The venue is accessible \
by wheelchair; please tell us in the form if you need any assistance.\n\n\
This event is part of a European cooperation project with partners in Italy, \
Hungary, Poland, Spain and Lithuania."
            .into(),
        language: "en".into(),
        timezone: Brussels,
        starts_at: at(first_day, 9, 0),
        ends_at: at(day3, 17, 30),
        venue_name: "Chamber of Commerce Brussels — Conference Centre".into(),
        venue_address: "Avenue Louise 500, 1050 Brussels, Belgium".into(),
        online_url: None,
        capacity: Some(120),
        waitlist_enabled: true,
        registration_opens_at: None,
        registration_closes_at: None,
        requires_verification: false,
        dedupe_plus_addressing: true,
        contact_email: "women2027@chamber.example.be".into(),
        organizer_name: "Women 2027 team, Chamber of Commerce Brussels".into(),
        funding_line: "Interreg Europe — INTER VENTURES".into(),
        status: EventStatus::Published,
        sessions: vec![
            SessionDraft {
                title: "Opening and workshop: financing your growth".into(),
                starts_at: at(first_day, 9, 0),
                ends_at: at(first_day, 17, 0),
                room: "Auditorium".into(),
                capacity: None,
            },
            SessionDraft {
                title: "Mentoring day: one-to-one sessions".into(),
                starts_at: at(day2, 9, 30),
                ends_at: at(day2, 17, 0),
                room: "Meeting rooms 2–6".into(),
                capacity: Some(40),
            },
            SessionDraft {
                title: "Selling across borders, and networking evening".into(),
                starts_at: at(day3, 9, 30),
                ends_at: at(day3, 17, 30),
                room: "Auditorium".into(),
                capacity: None,
            },
        ],
        questions: vec![
            QuestionDraft {
                label: "Which best describes your business?".into(),
                kind: QuestionKind::Select,
                options: vec![
                    "Planning to start".into(),
                    "Started in the last 3 years".into(),
                    "Established for more than 3 years".into(),
                ],
                required: true,
            },
            QuestionDraft {
                label: "Dietary needs or accessibility requirements".into(),
                kind: QuestionKind::Text,
                options: vec![],
                required: false,
            },
        ],
    }
}
