#![forbid(unsafe_code)]
//! Caravan, a self-hosted newsletter service. `main.rs` only parses the command line and
//! hands over to [`cli::run`].
pub mod admin;
pub mod api;
pub mod archive;
pub mod articles;
pub mod bounces;
pub mod cli;
pub mod clicks;
pub mod commands;
pub mod config;
pub mod corrections;
pub mod delivery;
pub mod digest;
pub mod domain;
pub mod housekeeping;
pub mod i18n;
pub mod issues;
pub mod mail;
pub mod metrics;
pub mod passwords;
pub mod preferences;
pub mod routes;
pub mod startup;
pub mod store;
pub mod subscriptions;
pub mod telemetry;
pub mod tokens;
pub mod topics;
pub mod web;
pub mod webhooks;
pub mod welcome;
