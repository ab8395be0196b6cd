//! Check-in codes: the registration id signed with the service's secret, so
//! a code shown at the door (as a QR code in the confirmation email) can be
//! trusted without being guessable from the id alone. The address
//! verification link (`/v/{code}`, double opt-in) is signed the same way
//! under a purpose of its own, so neither code ever passes for the other.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// `{registration_id}.{base64url(HMAC-SHA256(secret, registration_id))}`
pub fn sign(secret: &[u8], registration_id: &str) -> String {
    let signature = URL_SAFE_NO_PAD.encode(mac(secret, registration_id).finalize().into_bytes());
    format!("{registration_id}.{signature}")
}

/// The registration id of a genuine code; `None` for anything else. The
/// signature is compared in constant time.
pub fn verify(secret: &[u8], code: &str) -> Option<String> {
    let (id, signature) = code.trim().rsplit_once('.')?;
    if id.is_empty() {
        return None;
    }
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    mac(secret, id).verify_slice(&signature).ok()?;
    Some(id.to_owned())
}

/// The check-in link a QR code carries, on the confirmation email and on
/// the badge alike: the check-in screen with the signed code.
pub fn link(base_url: &str, secret: &[u8], registration_id: &str) -> String {
    format!(
        "{}/admin/check-in?code={}",
        base_url.trim_end_matches('/'),
        sign(secret, registration_id)
    )
}

/// The secret of a verification link: only the registrant's mailbox gets
/// it, so opening it proves the address (unlike the manage token, which the
/// form's sender sees). `{registration_id}.{base64url(HMAC)}`.
pub fn sign_address(secret: &[u8], registration_id: &str) -> String {
    let signature =
        URL_SAFE_NO_PAD.encode(address_mac(secret, registration_id).finalize().into_bytes());
    format!("{registration_id}.{signature}")
}

/// The registration id of a genuine verification secret; `None` for
/// anything else, a check-in code included.
pub fn verify_address(secret: &[u8], code: &str) -> Option<String> {
    let (id, signature) = code.trim().rsplit_once('.')?;
    if id.is_empty() {
        return None;
    }
    let signature = URL_SAFE_NO_PAD.decode(signature).ok()?;
    address_mac(secret, id).verify_slice(&signature).ok()?;
    Some(id.to_owned())
}

fn mac(secret: &[u8], registration_id: &str) -> HmacSha256 {
    // HMAC takes keys of any length; this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(registration_id.as_bytes());
    mac
}

/// Check-in codes sign the bare id (codes already sent stay valid); the
/// verification purpose is prefixed, and ids never hold a NUL.
fn address_mac(secret: &[u8], registration_id: &str) -> HmacSha256 {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret).expect("HMAC accepts any key length");
    mac.update(b"verify-address\0");
    mac.update(registration_id.as_bytes());
    mac
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0190e4a5-7b1c-7d2e-8f00-123456789abc";

    #[test]
    fn a_signed_code_verifies_to_its_id() {
        let code = sign(b"secret", ID);
        assert!(code.starts_with(&format!("{ID}.")));
        assert!(!code.contains(['+', '/', '=']));
        assert_eq!(verify(b"secret", &code).as_deref(), Some(ID));
    }

    #[test]
    fn forged_or_damaged_codes_are_refused() {
        let code = sign(b"secret", ID);
        assert_eq!(verify(b"other secret", &code), None);
        let other_id = code.replacen("0190", "0191", 1);
        assert_eq!(verify(b"secret", &other_id), None);
        let mut truncated = code.clone();
        truncated.pop();
        assert_eq!(verify(b"secret", &truncated), None);
        assert_eq!(verify(b"secret", ID), None);
        assert_eq!(verify(b"secret", ""), None);
        assert_eq!(verify(b"secret", ".abc"), None);
        assert_eq!(verify(b"secret", &format!("{ID}.!!!")), None);
    }

    #[test]
    fn a_verification_secret_is_not_a_check_in_code() {
        let secret = sign_address(b"secret", ID);
        assert_eq!(verify_address(b"secret", &secret).as_deref(), Some(ID));
        assert_eq!(verify(b"secret", &secret), None);
        assert_eq!(verify_address(b"secret", &sign(b"secret", ID)), None);
        assert_eq!(verify_address(b"other secret", &secret), None);
        let other_id = secret.replacen("0190", "0191", 1);
        assert_eq!(verify_address(b"secret", &other_id), None);
        assert_eq!(verify_address(b"secret", ID), None);
    }
}
