//! What a sign-up batch's confirmation budget starts from, read while the writer inserts:
//! hourly counts from memory (`hour_ledger`), read only for scopes this process has not
//! seen, and each mailbox's confirmations from memory (`mailbox_ledger`), brought up to date
//! with the outbox at most once a second. Each statement is a round trip and rows come back
//! one by one, so the common batch reads nothing at all.
use std::collections::HashSet;
use std::sync::PoisonError;

use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::confirmation_budget::{ALL, Budget, ConfirmationLimits, CountedAs, hour_of};
use super::mailbox_ledger::MAX_MAILBOXES;
use super::{Store, StoreError};

/// A confirmation in the outbox as the mailbox ledger reads it: (mailbox hash, created at).
type MailedRow = (String, DateTime<Utc>);
/// A scope's latest hourly count: (scope, hour, booked).
pub type HourRow = (String, i64, i64);

impl Store {
    pub(super) async fn read_budget(
        &self,
        counted: &[CountedAs],
        limits: ConfirmationLimits,
        now: DateTime<Utc>,
    ) -> Result<Budget, StoreError> {
        let mut budget = Budget::new(limits, now);
        let mut seen = HashSet::new();
        let scopes: Vec<&str> = std::iter::once(ALL)
            .chain(counted.iter().map(|c| c.domain.as_str()))
            .filter(|scope| seen.insert(*scope))
            .collect();
        let unknown = self
            .hours
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .fill(&scopes, &mut budget.latest);
        let (due, loaded, read_from, own) = {
            let ledger = self
                .mailboxes
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let from = ledger.read_from(now);
            (ledger.due(), ledger.loaded(), from, ledger.own_since(from))
        };
        let (rows, mailed): (Vec<HourRow>, Option<Vec<MailedRow>>) = on_read_pool!(self, pool => {
            let rows = if unknown.is_empty() {
                Vec::new()
            } else {
                // Each scope's latest row only: a seek, however many hours a flood queued.
                let mut read = QueryBuilder::new("");
                for (n, scope) in unknown.iter().enumerate() {
                    if n > 0 {
                        read.push(" UNION ALL ");
                    }
                    read.push(
                        "SELECT * FROM (SELECT scope, hour, booked FROM confirmation_hours \
                         WHERE scope = ",
                    );
                    read.push_bind(scope.to_string())
                        .push(format!(" ORDER BY hour DESC LIMIT 1) AS latest{n}"));
                }
                read.build_query_as().fetch_all(pool).await?
            };
            // Rows after `read_from`, counted on the time index (which only appends: cheap
            // to keep, unlike one on the random hash) before any is read.
            let foreign = due && (!loaded || {
                let recent: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM outbox \
                     WHERE mailbox_hash IS NOT NULL AND created_at > $1",
                )
                .bind(read_from)
                .fetch_one(pool)
                .await?;
                recent != own
            });
            let mailed = if foreign {
                sqlx::query_as(
                    "SELECT mailbox_hash, created_at FROM outbox \
                     WHERE mailbox_hash IS NOT NULL AND created_at > $1 \
                     ORDER BY created_at DESC LIMIT $2",
                )
                .bind(read_from)
                .bind(MAX_MAILBOXES as i64)
                .fetch_all(pool)
                .await?
            } else {
                Vec::new()
            };
            (rows, foreign.then_some(mailed))
        });
        {
            let mut hours = self.hours.lock().unwrap_or_else(PoisonError::into_inner);
            for (scope, hour, booked) in rows {
                hours.learn(&scope, hour, booked, hour_of(now));
                budget.latest.insert(scope, (hour, booked));
            }
        }
        let mut ledger = self
            .mailboxes
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        match mailed {
            Some(rows) => {
                tracing::debug!(rows = rows.len(), "mailbox ledger read the outbox");
                ledger.absorb(rows, now);
            }
            None if due => ledger.caught_up(read_from),
            None => {}
        }
        for c in counted {
            let counts = ledger.counts(c.mailbox_bits, now, limits.mailbox_gap);
            budget.mailboxes.insert(c.mailbox_bits, counts);
        }
        Ok(budget)
    }
}
