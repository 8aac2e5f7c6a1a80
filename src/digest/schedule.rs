//! When the digest is due, decided from the database rather than from the cron library.
//!
//! tokio-cron-scheduler only wakes the process once a minute. What is due is computed here
//! from `CARAVAN_DIGEST_CRON` in `CARAVAN_TIMEZONE` (daylight-saving changes included) and the
//! last tick recorded in the database: a tick missed while every instance was down is caught
//! up once, and when several instances wake together a compare-and-swap on the recorded tick
//! lets exactly one of them build.
use std::path::Path;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::{DigestOutcome, build_digest};
use crate::articles::sync_folder;
use crate::domain::CronSchedule;
use crate::store::{Store, StoreError};

const LAST_TICK_KEY: &str = "digest.last_tick";

#[derive(Debug, Clone)]
pub struct DigestSchedule {
    pub cron: CronSchedule,
    pub tz: Tz,
    /// `CARAVAN_DIGEST_MODE=auto`: queue the digest for sending as soon as it is built.
    pub auto_queue: bool,
}

impl DigestSchedule {
    /// The latest scheduled instant in `(since, now]`, if any.
    pub fn due_tick(&self, since: DateTime<Utc>, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let mut due = None;
        let mut cursor = since.with_timezone(&self.tz);
        while let Some(next) = self.cron.next_after(&cursor) {
            if next.with_timezone(&Utc) > now {
                break;
            }
            due = Some(next.with_timezone(&Utc));
            cursor = next;
        }
        due
    }

    /// The next scheduled instant after `now`, for the operator's information.
    pub fn next_tick(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron
            .next_after(&now.with_timezone(&self.tz))
            .map(|t| t.with_timezone(&Utc))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TickError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Sync(#[from] crate::articles::SyncError),
}

/// Called on every wake-up: builds the digest when a scheduled tick has passed since the
/// last one recorded and this process wins the right to act on it. The first call on a new
/// database only records `now`, so a fresh install does not build at once.
#[tracing::instrument(name = "digest.tick", skip(store, schedule, articles_dir))]
pub async fn run_digest_tick(
    store: &Store,
    schedule: &DigestSchedule,
    articles_dir: &Path,
    now: DateTime<Utc>,
) -> Result<Option<DigestOutcome>, TickError> {
    let recorded = store
        .setting_or_insert(LAST_TICK_KEY, &now.to_rfc3339())
        .await?;
    let Ok(last) = DateTime::parse_from_rfc3339(&recorded) else {
        tracing::warn!(%recorded, "unreadable last digest tick; starting again from now");
        store
            .compare_and_set_setting(LAST_TICK_KEY, &recorded, &now.to_rfc3339())
            .await?;
        return Ok(None);
    };
    let Some(tick) = schedule.due_tick(last.with_timezone(&Utc), now) else {
        return Ok(None);
    };
    if !store
        .compare_and_set_setting(LAST_TICK_KEY, &recorded, &tick.to_rfc3339())
        .await?
    {
        return Ok(None); // another instance took this tick
    }
    let report = sync_folder(store, articles_dir).await?;
    for problem in &report.problems {
        tracing::warn!(path = %problem.path.display(), reason = %problem.reason, "article skipped");
    }
    let outcome = build_digest(store, now, schedule.tz).await?;
    if let (true, DigestOutcome::Built(id)) = (schedule.auto_queue, outcome) {
        crate::issues::queue(store, id, None).await?;
    }
    tracing::info!(?outcome, %tick, queued = schedule.auto_queue, "digest tick");
    crate::metrics::count(
        &crate::metrics::METRICS.digest_runs,
        match outcome {
            DigestOutcome::Built(_) => "built",
            DigestOutcome::AlreadyBuilt(_) => "already_built",
            DigestOutcome::NothingNew => "nothing_new",
        },
    );
    Ok(Some(outcome))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn schedule(cron: &str, tz: Tz) -> DigestSchedule {
        DigestSchedule {
            cron: CronSchedule::parse(cron).unwrap(),
            tz,
            auto_queue: false,
        }
    }

    #[test]
    fn a_tick_is_due_once_it_has_passed() {
        let s = schedule("0 0 8 * * Mon", chrono_tz::Asia::Almaty);
        let sunday = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
        let monday_8_almaty = chrono_tz::Asia::Almaty
            .with_ymd_and_hms(2026, 11, 30, 8, 0, 0)
            .unwrap();
        assert_eq!(
            s.due_tick(sunday, sunday + chrono::Duration::hours(1)),
            None
        );
        let after = monday_8_almaty.with_timezone(&Utc) + chrono::Duration::seconds(30);
        assert_eq!(
            s.due_tick(sunday, after),
            Some(monday_8_almaty.with_timezone(&Utc))
        );
        assert_eq!(
            s.next_tick(sunday),
            Some(monday_8_almaty.with_timezone(&Utc))
        );
    }

    #[test]
    fn missed_ticks_collapse_into_the_latest() {
        let s = schedule("0 0 8 * * Mon", chrono_tz::UTC);
        let start = Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap();
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 0, 0, 0).unwrap();
        assert_eq!(
            s.due_tick(start, now),
            Some(Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap())
        );
    }

    #[test]
    fn daylight_saving_keeps_local_eight_oclock() {
        // Paris changes to summer time on 29 March 2026: 8:00 local is 7:00 UTC before and
        // 6:00 UTC after. A fixed offset taken at start would be an hour off on one side.
        let s = schedule("0 0 8 * * Mon", chrono_tz::Europe::Paris);
        let before = Utc.with_ymd_and_hms(2026, 3, 22, 0, 0, 0).unwrap();
        assert_eq!(
            s.next_tick(before),
            Some(Utc.with_ymd_and_hms(2026, 3, 23, 7, 0, 0).unwrap())
        );
        let after = Utc.with_ymd_and_hms(2026, 3, 29, 12, 0, 0).unwrap();
        assert_eq!(
            s.next_tick(after),
            Some(Utc.with_ymd_and_hms(2026, 3, 30, 6, 0, 0).unwrap())
        );
    }
}
