//! `/admin/users`, for admins only: accounts, their roles, adding and removing them. The
//! last admin can be neither removed nor demoted.
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::chrome::{Chrome, local_time};
use super::error::{AdminError, AdminErrorKind};
use super::issue_list::{CsrfForm, see_other};
use super::notice::Notice;
use super::session::Admin;
use crate::domain::SubscriberEmail;
use crate::passwords::{PasswordError, hash_password};
use crate::store::{Role, UserChange, UserRow};
use crate::web::{AppState, render};

struct Line {
    user: UserRow,
    created: String,
    is_me: bool,
}

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    c: Chrome,
    lines: Vec<Line>,
}

#[derive(Deserialize)]
pub struct AddForm {
    csrf: String,
    email: String,
    role: String,
    password: String,
}

#[derive(Deserialize)]
pub struct RoleForm {
    csrf: String,
    role: String,
}

fn users_page(notice: Notice) -> HttpResponse {
    see_other(format!("/admin/users?notice={notice}"))
}

#[tracing::instrument(name = "admin.users", skip_all, fields(user_id = admin.0.user.user_id))]
pub async fn list(
    admin: Admin,
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, AdminError> {
    let editor = &admin.0;
    let users = state.store.list_users().await?;
    let lines = users
        .into_iter()
        .map(|user| Line {
            created: local_time(editor.t, user.created_at, state.timezone),
            is_me: user.id == editor.user.user_id,
            user,
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &UsersPage {
            c: Chrome::new(editor, &req, "users"),
            lines,
        },
    ))
}

#[tracing::instrument(name = "admin.add_user", skip_all, fields(user_id = admin.0.user.user_id))]
pub async fn add(
    admin: Admin,
    state: web::Data<AppState>,
    form: web::Form<AddForm>,
) -> Result<HttpResponse, AdminError> {
    let editor = &admin.0;
    editor.check_csrf(&form.csrf)?;
    let form = form.into_inner();
    let Ok(email) = SubscriberEmail::parse(&form.email) else {
        return Ok(users_page(Notice::UserBadEmail));
    };
    let role = form.role.parse().unwrap_or(Role::Editor);
    let hash = match hash_password(form.password).await {
        Ok(hash) => hash,
        Err(PasswordError::TooShort) => return Ok(users_page(Notice::UserShortPassword)),
        Err(e) => return Err(AdminError::internal(e)),
    };
    match state
        .store
        .create_user(&email, role, &hash, &editor.actor())
        .await?
    {
        Some(id) => {
            tracing::info!(new_user_id = id, %role, "account added from the admin");
            Ok(users_page(Notice::UserAdded))
        }
        None => Ok(users_page(Notice::UserExists)),
    }
}

fn outcome(admin: &Admin, change: UserChange, done: Notice) -> Result<HttpResponse, AdminError> {
    match change {
        UserChange::Done => Ok(users_page(done)),
        UserChange::LastAdmin => Ok(users_page(Notice::LastAdmin)),
        UserChange::NotFound => Err(admin.0.refuse(AdminErrorKind::NotFound)),
    }
}

#[tracing::instrument(name = "admin.set_role", skip_all, fields(user_id = admin.0.user.user_id))]
pub async fn set_role(
    admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<RoleForm>,
) -> Result<HttpResponse, AdminError> {
    admin.0.check_csrf(&form.csrf)?;
    let id = admin.0.path_id(&id)?;
    let Ok(role) = form.role.parse::<Role>() else {
        return Err(admin.0.refuse(AdminErrorKind::BadForm));
    };
    let change = state
        .store
        .set_user_role(id, role, &admin.0.actor())
        .await?;
    outcome(&admin, change, Notice::UserRoleChanged)
}

#[tracing::instrument(name = "admin.delete_user", skip_all, fields(user_id = admin.0.user.user_id))]
pub async fn delete(
    admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, AdminError> {
    admin.0.check_csrf(&form.csrf)?;
    let id = admin.0.path_id(&id)?;
    let change = state.store.delete_user(id, &admin.0.actor()).await?;
    outcome(&admin, change, Notice::UserDeleted)
}
