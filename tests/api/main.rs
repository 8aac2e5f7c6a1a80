//! One integration-test binary: every test starts the real server on port 0 with a fresh
//! database. Tests listed in `both_databases!` run on SQLite always, and on PostgreSQL too
//! when `CARAVAN_TEST_POSTGRES_URL` is set.
#[macro_use]
mod helpers;
mod smtp_server;

mod admin_access;
mod admin_account;
mod admin_account_2fa;
mod admin_articles;
mod admin_auth;
mod admin_bounces;
mod admin_client;
mod admin_dashboard;
mod admin_internal_errors;
mod admin_issues;
mod admin_readers;
mod admin_roles;
mod admin_users;

mod abuse_limits;

mod api_draft_patch;
mod api_drafts;
mod api_fuzz_findings;
mod api_internal_errors;
mod api_issues;
mod api_subscribers;
mod archive;
mod archive_sharing;
mod articles_sync;
mod audit_log;
mod audit_sources;
mod bad_input;
mod binary;
mod bounces;
mod browser;
mod browser_flows;
mod cli_sending;
mod confirm;
mod copy_to;
mod corrections;
mod delivery;
mod dev_mailbox;
mod digest;
mod dkim;
mod erasure;
mod fan_out;
mod fault_smtp;
mod hardening;
mod health;
mod languages;
mod log_privacy;
mod logged_server;
mod logs;
mod metrics;
mod nul_bytes;
mod openapi;
mod outbox;
mod postfix;
mod preferences;
mod reader_copies;
mod reader_topics;
mod relay_client;
mod retention;
mod scale_out;
mod signup;
mod signup_batch;
mod signup_safeguards;
mod story_clicks;
mod unsubscribe;
mod webhooks;
mod webhooks_ses;
mod welcome;
mod workers;
