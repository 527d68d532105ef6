//! Grants: the models the role, database role and user APIs grant and list
//! ([`PrivilegeGrant`], [`SecurableRef`], [`ContainingScope`], [`GrantOf`], [`GrantOn`]), and
//! the older, deprecated grants API addressed by grantee (`root.grants()`: [`Grants`],
//! [`Grant`], [`Grantee`], [`Securable`]).

mod grants;
mod model;
mod verbs;

pub use grants::{Grant, GrantRecord, Grantee, GranteeType, Grants, Securable};
pub use model::{ContainingScope, DeleteMode, GrantOf, GrantOn, PrivilegeGrant, SecurableRef};
pub(crate) use verbs::{
    async_example, grant_shortcut, grant_shortcuts, list_grants_verb, role_grant_verbs,
    send_grant_verb, shortcut,
};
