//! Grants: the models the role, database role and user APIs grant and list
//! ([`PrivilegeGrant`], [`SecurableRef`], [`ContainingScope`], [`GrantOf`], [`GrantOn`]), and
//! the older, deprecated grants API addressed by grantee (`root.grants()`: [`Grants`],
//! [`Grant`], [`Grantee`], [`Securable`]).

mod grants;
mod model;

pub use grants::{Grant, GrantRecord, Grantee, GranteeType, Grants, Securable};
pub use model::{ContainingScope, DeleteMode, GrantOf, GrantOn, PrivilegeGrant, SecurableRef};
