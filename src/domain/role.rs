//! What a member of staff may do. Every dashboard route names the roles
//! that may use it (`src/web/admin/mod.rs`); the role itself says nothing
//! about routes, only who the person is to the office.

/// Stored as its text (`organizers.role`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sea_orm::EnumIter, sea_orm::DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "Text")]
pub enum Role {
    /// Everything, including the accounts of other staff.
    #[sea_orm(string_value = "admin")]
    Admin,
    /// Events, attendees and emails to them.
    #[sea_orm(string_value = "organizer")]
    Organizer,
    /// Only the check-in screen on the day of the event.
    #[sea_orm(string_value = "checkin")]
    CheckIn,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Organizer, Role::CheckIn];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Organizer => "organizer",
            Role::CheckIn => "checkin",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value.trim().to_ascii_lowercase().as_str() {
            "admin" => Some(Role::Admin),
            "organizer" => Some(Role::Organizer),
            "checkin" | "check-in" => Some(Role::CheckIn),
            _ => None,
        }
    }

    /// How the dashboard names the role to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Organizer => "Organizer",
            Role::CheckIn => "Check-in",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_reads_back_from_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
