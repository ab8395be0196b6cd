//! Check-in codes: the registration id signed with the service's secret, so
//! a code shown at the door (as a QR code in the confirmation email) can be
//! trusted without being guessable from the id alone.

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

fn mac(secret: &[u8], registration_id: &str) -> HmacSha256 {
    // HMAC takes keys of any length; this cannot fail.
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret).expect("HMAC accepts any key length");
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
}
