//! Key-pair JWTs (PROTOCOL.md §6): RS256 tokens signed with a key whose public half is a user's
//! RSA_PUBLIC_KEY or RSA_PUBLIC_KEY_2. Used by `SNOWFLAKE_JWT` logins and `KEYPAIR_JWT` bearer
//! tokens.

use std::sync::Arc;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use rsa::{RsaPublicKey, pkcs8::DecodePublicKey, traits::PublicKeyParts};
use serde::Deserialize;

use crate::catalog::{Catalog, User};

/// Clock skew allowed on `exp` and `iat`, in seconds.
const LEEWAY_SECONDS: i64 = 60;
/// The longest lifetime (`exp - iat`) accepted, in seconds.
const MAX_LIFETIME_SECONDS: i64 = 3600;

/// Why a JWT was refused. Callers answer one message for all of them, so a caller cannot learn
/// which check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JwtRejection {
    /// Malformed, forged, wrong account/user/fingerprint, or a lifetime too long.
    Invalid,
    /// Verified, but `exp` has passed.
    Expired,
}

/// The claims a key-pair JWT carries.
#[derive(Debug, Deserialize)]
struct Claims {
    iss: String,
    sub: String,
    iat: i64,
    exp: i64,
}

/// The user a key-pair JWT authenticates, after checking its signature against the key named
/// by its fingerprint, its account against `account`, and its times.
pub(crate) fn verify(
    catalog: &Catalog,
    account: &str,
    token: &str,
) -> Result<Arc<User>, JwtRejection> {
    use JwtRejection::Invalid;
    let header = jsonwebtoken::decode_header(token).map_err(|_| Invalid)?;
    if header.alg != Algorithm::RS256 {
        return Err(Invalid);
    }
    // The claims name the key to check the signature with, so they are read unverified first
    // and trusted only once the signature verified.
    let unverified: Claims =
        jsonwebtoken::dangerous::insecure_decode_claims(token).map_err(|_| Invalid)?;
    let (claimed_account, login) = unverified.sub.split_once('.').ok_or(Invalid)?;
    if !same_account(claimed_account, account) {
        return Err(Invalid);
    }
    let (issuer, fingerprint) = unverified.iss.rsplit_once(".SHA256:").ok_or(Invalid)?;
    if !issuer.eq_ignore_ascii_case(&unverified.sub) {
        return Err(Invalid);
    }
    let user = catalog
        .user_by_login(login)
        .filter(|u| !u.is_disabled())
        .ok_or(Invalid)?;
    let fingerprint = format!("SHA256:{fingerprint}");
    let key = [user.rsa_public_key(), user.rsa_public_key_2()]
        .into_iter()
        .flatten()
        .find(|key| User::public_key_fingerprint(key).as_deref() == Some(fingerprint.as_str()))
        .ok_or(Invalid)?;
    let key = decoding_key(key).ok_or(Invalid)?;
    let mut validation = Validation::new(Algorithm::RS256);
    // Times are checked below, with Snowflake's rules.
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    validation.validate_aud = false;
    let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
        .map_err(|_| Invalid)?
        .claims;
    let now = chrono::Utc::now().timestamp();
    if claims.exp - claims.iat > MAX_LIFETIME_SECONDS || claims.iat > now + LEEWAY_SECONDS {
        return Err(Invalid);
    }
    if claims.exp + LEEWAY_SECONDS < now {
        return Err(JwtRejection::Expired);
    }
    Ok(Arc::clone(user))
}

/// Whether an account name from a client (a JWT's, a login's ACCOUNT_NAME) names the emulator's
/// account: case-insensitive, after cutting at the first `.`; the organization alone (4.8.1's
/// form for `org-account.global`) also matches.
pub(crate) fn same_account(claimed: &str, account: &str) -> bool {
    let ours = account.split('.').next().unwrap_or(account);
    let claimed = claimed.split('.').next().unwrap_or(claimed);
    claimed.eq_ignore_ascii_case(ours)
        || ours
            .rsplit_once('-')
            .is_some_and(|(org, _)| claimed.eq_ignore_ascii_case(org))
}

/// The verification key of a stored RSA_PUBLIC_KEY (base64 DER SubjectPublicKeyInfo, PEM
/// armour tolerated).
fn decoding_key(stored: &str) -> Option<DecodingKey> {
    let body: String = stored
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .flat_map(|line| line.split_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .ok()?;
    let key = RsaPublicKey::from_public_key_der(&der).ok()?;
    Some(DecodingKey::from_rsa_raw_components(
        &key.n().to_bytes_be(),
        &key.e().to_bytes_be(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_compare_like_snowflake() {
        assert!(same_account("SNOWAPI", "snowapi"));
        assert!(same_account("xy12345.us-east-1", "XY12345"));
        assert!(same_account("XY12345", "xy12345.us-east-1.aws"));
        assert!(same_account("MYORG-MYACCT", "myorg-myacct"));
        assert!(same_account("MYORG", "myorg-myacct"));
        assert!(!same_account("OTHER", "SNOWAPI"));
        assert!(!same_account("MYACCT", "myorg-myacct"));
    }

    #[test]
    fn garbage_is_invalid() {
        let catalog = Catalog::default();
        assert_eq!(
            verify(&catalog, "SNOWAPI", "not.a.jwt").unwrap_err(),
            JwtRejection::Invalid
        );
        assert!(decoding_key("not base64!").is_none());
    }
}
