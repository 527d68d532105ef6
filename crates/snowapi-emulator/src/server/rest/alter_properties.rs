//! `PUT` on an existing object (create-or-alter) as SQL: set the properties the body gives and
//! put the left-out ones back to their defaults.

use axum::response::Response;

use super::{caller::Caller, error::RestError};

/// `ALTER <kind> <target> SET k = v…` (when there is anything to set; `separator` between the
/// pairs) and then `ALTER … UNSET` of the `absent` properties (when any); the 200 of a write.
/// SET checks the values before anything changes, so a bad one leaves the object as it was;
/// the UNSET of left-out properties cannot fail.
pub(super) async fn set_then_unset(
    caller: &Caller,
    (kind, target): (&str, &str),
    properties: &[(&str, String)],
    separator: &str,
    absent: &[&str],
) -> Result<Response, RestError> {
    if !properties.is_empty() {
        let set: Vec<String> = properties
            .iter()
            .map(|(key, value)| format!("{key} = {value}"))
            .collect();
        caller
            .sql(&format!(
                "ALTER {kind} {target} SET {}",
                set.join(separator)
            ))
            .await?;
    }
    if !absent.is_empty() {
        caller
            .sql(&format!(
                "ALTER {kind} {target} UNSET {}",
                absent.join(", ")
            ))
            .await?;
    }
    Ok(super::success("Statement executed successfully."))
}
