//! What every HTTP handler shares: application state, the page context (language, request
//! id), error pages, bounded body reading, and rendering.
mod body;
mod body_deadline;
mod client_ip;
mod failure_log;
mod json_error;
mod page_ctx;
mod page_error;
mod pages;
mod prune;
mod rate_limit;
mod request_id;
mod request_log;
mod share_meta;
mod state;

pub use body::{BodyError, BodyKind, parse_form, read_body};
pub use body_deadline::{BODY_TIMEOUT, body_deadline};
pub use client_ip::{client_ip, client_network};
pub use failure_log::log_failure;
pub use json_error::{ErrorBody, ErrorDetail, json_error};
pub use page_ctx::PageCtx;
pub use page_error::{PageError, PageErrorKind};
pub use pages::{MessagePage, Tone, render};
pub use prune::{MAX_KEYS, prune_periodically};
pub use rate_limit::{ClientAddress, SignupLimit, signup_limit};
pub use request_id::{current_request_id, request_id, within_request_id};
pub use request_log::RequestLog;
pub use share_meta::ShareMeta;
pub use state::AppState;
