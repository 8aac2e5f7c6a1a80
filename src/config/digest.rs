//! The digest's settings: when it is built (cron, time zone) and whether it is queued by
//! itself. Apart from the server and mail settings so each group reads on its own.
use chrono_tz::Tz;

use super::{ConfigError, DigestMode, Env, fail};
use crate::domain::CronSchedule;

pub(super) fn digest_cron(env: &Env) -> Result<CronSchedule, ConfigError> {
    let cron_raw = env.or("CARAVAN_DIGEST_CRON", "0 0 8 * * Mon");
    let digest_cron = CronSchedule::parse(&cron_raw).map_err(|_| {
        fail(
            "CARAVAN_DIGEST_CRON",
            "six cron fields, seconds first (e.g. `0 0 8 * * Mon`)",
            &cron_raw,
        )
    })?;
    Ok(digest_cron)
}

pub(super) fn timezone(env: &Env) -> Result<Tz, ConfigError> {
    let tz_raw = env.or("CARAVAN_TIMEZONE", "Asia/Almaty");
    let timezone = tz_raw.parse().map_err(|_| {
        fail(
            "CARAVAN_TIMEZONE",
            "an IANA time zone such as Asia/Almaty",
            &tz_raw,
        )
    })?;
    Ok(timezone)
}

pub(super) fn digest_mode(env: &Env) -> Result<DigestMode, ConfigError> {
    let mode_raw = env.or("CARAVAN_DIGEST_MODE", "review");
    let digest_mode = match mode_raw.as_str() {
        "review" => DigestMode::Review,
        "auto" => DigestMode::Auto,
        _ => return Err(fail("CARAVAN_DIGEST_MODE", "review or auto", &mode_raw)),
    };
    Ok(digest_mode)
}
