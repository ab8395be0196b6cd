//! Staff accounts: create, log in, reset a password, change a role,
//! disable. Every change writes its audit entry in its own transaction;
//! passwords are hashed with Argon2id off the async threads (a hash costs
//! tens of milliseconds by design).

use std::net::IpAddr;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{DbErr, SqlErr};
use serde_json::json;
use unicode_normalization::UnicodeNormalization;

use super::Services;
use crate::domain::client::bucket_of;
use crate::domain::password::{LoginLimits, SessionLimits};
use crate::domain::text::single_line;
use crate::domain::{Email, FieldErrors, NewPassword, Role};
use crate::store::audit::{self, Actor};
use crate::store::entities::organizer;
use crate::store::{accounts, begin_write, login_sessions, now};

const NAME_MAX: usize = 120;

/// A member of staff whose account is active: who the dashboard serves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffMember {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
}

/// An account as the accounts page lists it.
#[derive(Clone, Debug)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub disabled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A new account as typed, every field still a string.
#[derive(Clone, Debug, Default)]
pub struct AccountForm {
    pub email: String,
    pub name: String,
    pub role: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// Field name → message (an i18n key or plain English).
    #[error("invalid fields: {0:?}")]
    Invalid(FieldErrors),
    #[error("there is already an account for this email")]
    EmailTaken,
    #[error("no such account")]
    NotFound,
    #[error("at least one active administrator must remain")]
    LastAdmin,
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Unknown address, wrong password or disabled account: one answer for
    /// all, so the login page does not tell which addresses have accounts.
    #[error("wrong email or password")]
    Refused,
    #[error("too many failed logins; try again later")]
    Throttled,
    #[error(transparent)]
    Database(#[from] DbErr),
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

fn invalid(field: &str, message: &'static str) -> AccountError {
    let mut errors = FieldErrors::default();
    errors.add(field, message);
    AccountError::Invalid(errors)
}

impl AccountForm {
    /// The account's address (lower-cased), name and role, or every field's
    /// error at once. A missing name becomes the address's local part.
    fn parse(&self) -> Result<(String, String, Role), AccountError> {
        let mut errors = FieldErrors::default();
        let email = Email::parse(&self.email)
            .map_err(|message| errors.add("email", message))
            .ok();
        let name = single_line(&self.name, NAME_MAX, false)
            .map_err(|message| errors.add("name", message))
            .ok();
        let role = Role::parse(&self.role);
        if role.is_none() {
            errors.add("role", "choose a role");
        }
        match (email, name, role) {
            (Some(email), Some(name), Some(role)) if errors.is_empty() => {
                let email = email.normalized().to_owned();
                let name = if name.is_empty() {
                    email.split('@').next().unwrap_or_default().to_owned()
                } else {
                    name
                };
                Ok((email, name, role))
            }
            _ => Err(AccountError::Invalid(errors)),
        }
    }
}

impl From<organizer::Model> for Account {
    fn from(model: organizer::Model) -> Self {
        Self {
            role: model.role,
            id: model.id,
            email: model.email,
            name: model.name,
            disabled_at: model.disabled_at,
            created_at: model.created_at,
        }
    }
}

/// Argon2 is slow on purpose (tens of milliseconds of a core and 19 MiB per
/// hash).
/// At most one hash per core runs at a time, so a flood of logins waits
/// here instead of taking every core and the blocking pool from the
/// registrations beside it.
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(1, |n| n.get()))
});

/// How long a login waits for a hashing slot before it is turned away as
/// throttled (429) rather than queueing without end.
const LOGIN_HASHING_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

enum HashingError {
    /// No slot came free in time.
    Busy,
    Failed(String),
}

/// Runs `work` on the blocking pool in a hashing slot, waiting at most
/// `wait` for one (without end when None).
async fn in_hashing_slot<T: Send + 'static>(
    wait: Option<std::time::Duration>,
    work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, HashingError> {
    let slot = match wait {
        Some(wait) => tokio::time::timeout(wait, HASHING.acquire())
            .await
            .map_err(|_| HashingError::Busy)?,
        None => HASHING.acquire().await,
    };
    let _slot = slot.map_err(|e| HashingError::Failed(e.to_string()))?;
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| HashingError::Failed(e.to_string()))?
        .map_err(HashingError::Failed)
}

async fn hash(password: &NewPassword) -> Result<String, String> {
    let password = password.as_str().to_owned();
    let work = move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| e.to_string())
    };
    in_hashing_slot(None, work).await.map_err(|e| match e {
        HashingError::Busy => "no hashing slot".to_owned(),
        HashingError::Failed(e) => e,
    })
}

/// Whether `password` matches `hash`; a login that finds every hashing
/// slot taken for too long is throttled.
async fn verify(password: &str, hash: &str) -> Result<bool, LoginError> {
    let (password, hash) = (password.to_owned(), hash.to_owned());
    let work = move || {
        let parsed = PasswordHash::new(&hash).map_err(|e| e.to_string())?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    };
    in_hashing_slot(Some(LOGIN_HASHING_WAIT), work)
        .await
        .map_err(|e| match e {
            HashingError::Busy => LoginError::Throttled,
            HashingError::Failed(e) => LoginError::Hashing(e),
        })
}

/// A hash of a random password, verified against when nobody has the
/// address typed: an unknown address then costs as long as a wrong
/// password, so timing does not tell which addresses have accounts.
async fn dummy_hash() -> Result<&'static str, String> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY
        .get_or_try_init(|| async { hash(&NewPassword::generate()).await })
        .await
        .map(String::as_str)
}

/// The key failed logins count under for the address typed: the form an
/// account's address is compared in, so "ＡＤＡ@office.eu" and
/// "ada@office.eu " are one account; an address that does not parse is
/// folded the same way as far as it goes.
fn account_key(email: &str) -> String {
    let typed = match Email::parse(email) {
        Ok(email) => email.normalized().to_owned(),
        Err(_) => email.nfkc().collect::<String>().trim().to_lowercase(),
    };
    format!("account:{typed}")
}

/// The key failed logins count under for a client: an IPv4 address or an
/// IPv6 /64, as the public rate limit counts them.
fn client_key(client: IpAddr) -> String {
    format!("client:{}", bucket_of(client))
}

impl Services {
    /// Creates an account; without a password, one is generated and
    /// returned so that it can be shown once.
    pub async fn create_account(
        &self,
        form: &AccountForm,
        password: Option<NewPassword>,
        actor: &Actor,
    ) -> Result<(StaffMember, Option<NewPassword>), AccountError> {
        let (email, name, role) = form.parse()?;
        let (password, generated) = match password {
            Some(password) => (password, None),
            None => {
                let password = NewPassword::generate();
                (password.clone(), Some(password))
            }
        };
        let password_hash = hash(&password).await.map_err(AccountError::Hashing)?;
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        if accounts::by_email(&tx, &email).await?.is_some() {
            return Err(AccountError::EmailTaken);
        }
        let created = accounts::insert(
            &tx,
            accounts::NewOrganizer {
                email,
                name,
                password_hash,
                role,
            },
            clock,
        )
        .await
        .map_err(|e| match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => AccountError::EmailTaken,
            _ => AccountError::Database(e),
        })?;
        audit::record(
            &tx,
            actor,
            "account.created",
            "organizer",
            &created.id.to_string(),
            json!({ "after": { "email": created.email, "name": created.name, "role": created.role.as_str() } }),
            clock,
        )
        .await?;
        tx.commit().await?;
        let member = StaffMember {
            id: created.id,
            email: created.email,
            name: created.name,
            role,
        };
        Ok((member, generated))
    }

    /// On a database without any account, creates an administrator with a
    /// generated password and returns the login to print once; otherwise
    /// nothing.
    pub async fn first_admin(
        &self,
        email: &str,
    ) -> Result<Option<(String, NewPassword)>, AccountError> {
        if accounts::count(&self.db.read).await? > 0 {
            return Ok(None);
        }
        let form = AccountForm {
            email: email.to_owned(),
            name: "Administrator".into(),
            role: Role::Admin.as_str().into(),
        };
        match self.create_account(&form, None, &Actor::System).await {
            Ok((member, Some(password))) => Ok(Some((member.email, password))),
            Ok((_, None)) => Ok(None),
            // Another instance starting on the same database was first.
            Err(AccountError::EmailTaken) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Checks a login. Failed attempts are counted per typed address and
    /// per client address in the database, so every instance sees them.
    pub async fn authenticate(
        &self,
        email: &str,
        password: &str,
        client: IpAddr,
    ) -> Result<StaffMember, LoginError> {
        let db = &self.db.read;
        let clock = now();
        let since = clock - Duration::minutes(LoginLimits::WINDOW_MINUTES);
        let (account_key, client_key) = (account_key(email), client_key(client));
        if accounts::failures_since(db, &account_key, since).await? >= LoginLimits::PER_ACCOUNT
            || accounts::failures_since(db, &client_key, since).await? >= LoginLimits::PER_CLIENT
        {
            return Err(LoginError::Throttled);
        }
        let normalized = Email::parse(email).map(|e| e.normalized().to_owned());
        let account = match &normalized {
            Ok(email) => accounts::by_email(db, email).await?,
            Err(_) => None,
        };
        let stored_hash = match &account {
            Some(account) => account.password_hash.clone(),
            None => dummy_hash().await.map_err(LoginError::Hashing)?.to_owned(),
        };
        let matches = verify(password, &stored_hash).await?;
        let member = account
            .filter(|a| matches && a.disabled_at.is_none())
            .map(|a| StaffMember {
                role: a.role,
                id: a.id,
                email: a.email,
                name: a.name,
            });
        match member {
            Some(member) => {
                accounts::forget_failures(db, &account_key).await?;
                // Logins are rare: a good moment to drop what has expired.
                accounts::prune_failures(db, since).await?;
                login_sessions::delete_expired(db, clock).await?;
                Ok(member)
            }
            None => {
                accounts::record_failures(db, &[&account_key, &client_key], clock).await?;
                Err(LoginError::Refused)
            }
        }
    }

    /// The person behind a login session begun at `logged_in_at`, if the
    /// session still counts: the account is active, its password has not
    /// been reset since, and the login is younger than the absolute limit.
    pub async fn staff_member(
        &self,
        id: i64,
        logged_in_at: DateTime<Utc>,
    ) -> Result<Option<StaffMember>, DbErr> {
        if now() - logged_in_at > Duration::days(SessionLimits::ABSOLUTE_DAYS) {
            return Ok(None);
        }
        let Some(account) = accounts::by_id(&self.db.read, id).await? else {
            return Ok(None);
        };
        if account.disabled_at.is_some() || logged_in_at < account.sessions_valid_from {
            return Ok(None);
        }
        Ok(Some(StaffMember {
            id: account.id,
            email: account.email,
            name: account.name,
            role: account.role,
        }))
    }

    pub async fn accounts(&self) -> Result<Vec<Account>, DbErr> {
        Ok(accounts::all(&self.db.read)
            .await?
            .into_iter()
            .map(Account::from)
            .collect())
    }

    pub async fn account(&self, id: i64) -> Result<Option<Account>, DbErr> {
        Ok(accounts::by_id(&self.db.read, id).await?.map(Account::from))
    }

    /// Gives an account a new role. The last active administrator keeps
    /// theirs, so that someone can always manage accounts.
    pub async fn change_role(
        &self,
        id: i64,
        role: &str,
        actor: &Actor,
    ) -> Result<Account, AccountError> {
        let role = Role::parse(role).ok_or_else(|| invalid("role", "choose a role"))?;
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let account = accounts::by_id(&tx, id)
            .await?
            .ok_or(AccountError::NotFound)?;
        if account.role == role {
            return Ok(account.into());
        }
        if account.role == Role::Admin
            && account.disabled_at.is_none()
            && accounts::count_active_with_role(&tx, Role::Admin).await? <= 1
        {
            return Err(AccountError::LastAdmin);
        }
        accounts::set_role(&tx, id, role, clock).await?;
        audit::record(
            &tx,
            actor,
            "account.role_changed",
            "organizer",
            &id.to_string(),
            json!({ "before": { "role": account.role.as_str() }, "after": { "role": role.as_str() } }),
            clock,
        )
        .await?;
        let changed = accounts::by_id(&tx, id)
            .await?
            .ok_or(AccountError::NotFound)?;
        tx.commit().await?;
        Ok(changed.into())
    }

    /// Disables an account: its login sessions end at once and it can no
    /// longer log in. The last active administrator cannot be disabled.
    pub async fn disable_account(&self, id: i64, actor: &Actor) -> Result<Account, AccountError> {
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let account = accounts::by_id(&tx, id)
            .await?
            .ok_or(AccountError::NotFound)?;
        if account.disabled_at.is_some() {
            return Ok(account.into());
        }
        if account.role == Role::Admin
            && accounts::count_active_with_role(&tx, Role::Admin).await? <= 1
        {
            return Err(AccountError::LastAdmin);
        }
        accounts::disable(&tx, id, clock).await?;
        audit::record(
            &tx,
            actor,
            "account.disabled",
            "organizer",
            &id.to_string(),
            json!({ "before": { "disabled_at": null }, "after": { "disabled_at": clock } }),
            clock,
        )
        .await?;
        let changed = accounts::by_id(&tx, id)
            .await?
            .ok_or(AccountError::NotFound)?;
        tx.commit().await?;
        Ok(changed.into())
    }

    /// Sets a new password (generated when none is given, and returned to be
    /// shown once) and ends the account's login sessions.
    pub async fn reset_password(
        &self,
        id: i64,
        password: Option<NewPassword>,
        actor: &Actor,
    ) -> Result<(Account, Option<NewPassword>), AccountError> {
        let (password, generated) = match password {
            Some(password) => (password, None),
            None => {
                let password = NewPassword::generate();
                (password.clone(), Some(password))
            }
        };
        let password_hash = hash(&password).await.map_err(AccountError::Hashing)?;
        let clock = now();
        let tx = begin_write(&self.db.write).await?;
        let account = accounts::by_id(&tx, id)
            .await?
            .ok_or(AccountError::NotFound)?;
        accounts::set_password_hash(&tx, id, &password_hash, clock).await?;
        audit::record(
            &tx,
            actor,
            "account.password_reset",
            "organizer",
            &id.to_string(),
            json!({ "email": account.email }),
            clock,
        )
        .await?;
        tx.commit().await?;
        Ok((account.into(), generated))
    }

    /// `reset_password` for the account of an address (the command line).
    pub async fn reset_password_by_email(
        &self,
        email: &str,
        password: Option<NewPassword>,
        actor: &Actor,
    ) -> Result<(Account, Option<NewPassword>), AccountError> {
        let email = Email::parse(email).map_err(|message| invalid("email", message))?;
        let account = accounts::by_email(&self.db.read, email.normalized())
            .await?
            .ok_or(AccountError::NotFound)?;
        self.reset_password(account.id, password, actor).await
    }

    /// The store of dashboard login sessions.
    pub fn login_sessions(&self) -> login_sessions::LoginSessionStore {
        login_sessions::LoginSessionStore::new(self.db.read.clone())
    }
}
