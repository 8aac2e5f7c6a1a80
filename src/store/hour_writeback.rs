//! Writing the hourly confirmation counts (`confirmation_hours`): per batch on PostgreSQL,
//! where several processes book and each learns the others' totals from what the upsert
//! returns; once a second on SQLite, whose one writer keeps them in memory meanwhile
//! (`hour_ledger`). A crash loses at most that second of counts, which only lets that
//! second's confirmations through the ceiling again.
use std::sync::PoisonError;

use super::hour_ledger::Bookings;
use super::{Store, StoreError};

/// Adds `$bookings` to `confirmation_hours` through `$executor`; with `$returning`, answers
/// the totals as `Vec<(scope, hour, booked)>`.
macro_rules! book_hours {
    ($executor:expr, $bookings:expr, $returning:expr) => {{
        let mut counts =
            sqlx::QueryBuilder::new("INSERT INTO confirmation_hours (scope, hour, booked) ");
        counts.push_values($bookings, |mut row, ((scope, hour), added)| {
            row.push_bind(scope.clone())
                .push_bind(*hour)
                .push_bind(*added);
        });
        counts.push(
            " ON CONFLICT (scope, hour) DO UPDATE \
             SET booked = confirmation_hours.booked + excluded.booked",
        );
        if $returning {
            counts.push(" RETURNING scope, hour, booked");
        }
        let totals: Vec<(String, i64, i64)> = counts.build_query_as().fetch_all($executor).await?;
        totals
    }};
}

impl Store {
    /// Writes the counts waiting in memory now (the sign-up writer calls this when idle and
    /// when it stops). Nothing waits on PostgreSQL, where every batch writes its own.
    pub async fn write_waiting_hours(&self) -> Result<(), StoreError> {
        let waiting = self
            .hours
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take_waiting(true);
        if waiting.is_empty() {
            return Ok(());
        }
        let written: Result<(), StoreError> = async {
            on_write_pool!(self, pool => {
                book_hours!(pool, &waiting, false);
            });
            Ok(())
        }
        .await;
        if written.is_err() {
            self.give_back(waiting);
        }
        written
    }

    /// Puts counts whose write failed back to wait for the next one.
    pub(super) fn give_back(&self, bookings: Bookings) {
        self.hours
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .wait(bookings);
    }
}
