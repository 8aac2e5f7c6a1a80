//! The audit entries of `/admin/login`, kept apart so that the login handler changes by one
//! line on each path (the throttle and two-factor sign-in change the same handler).
use super::error::AdminError;
use crate::store::{Actor, AuditAction};
use crate::web::AppState;

/// A session was opened: recorded, or the sign-in fails (an unrecorded sign-in is worse than
/// a refused one).
pub async fn succeeded(state: &AppState, user_id: i64, email: &str) -> Result<(), AdminError> {
    let actor = Actor::Account {
        id: user_id,
        email: email.to_owned(),
    };
    state
        .store
        .record_audit(&actor, AuditAction::SignIn, "signed in")
        .await?;
    Ok(())
}

/// A sign-in was refused: the account if the address has one, never the password typed. A
/// database failure here is logged and the refusal stands as it is.
pub async fn failed(state: &AppState, email_key: Option<&str>) {
    if let Err(error) = state.store.record_sign_in_failed(email_key).await {
        tracing::error!(%error, "a refused sign-in could not be recorded");
    }
}
