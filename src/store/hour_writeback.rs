//! Writing the hourly confirmation counts (`confirmation_hours`) that wait in memory
//! (`hour_ledger`): with a sign-up batch, in its transaction, when they are due (on
//! PostgreSQL in the very statement that queues the batch's confirmations), or by the idle
//! sign-up writer. Every write returns the database's totals: what other processes booked is
//! learnt there. A crash loses at most a second of counts, which only lets that second's
//! confirmations through the ceiling again.
use std::sync::PoisonError;

use super::confirmation_budget::hour_of;
use super::hour_ledger::Bookings;
use super::{Store, StoreError};

/// Pushes the upsert that adds `$bookings` to `confirmation_hours` onto a query builder, in
/// key order: two processes' batches then wait for each other rather than deadlock.
macro_rules! push_hours {
    ($builder:expr, $bookings:expr) => {{
        let mut bookings: Vec<_> = $bookings.iter().collect();
        bookings.sort_unstable();
        $builder.push("INSERT INTO confirmation_hours (scope, hour, booked) ");
        $builder.push_values(bookings, |mut row, ((scope, hour), added)| {
            row.push_bind(scope.clone())
                .push_bind(*hour)
                .push_bind(*added);
        });
        $builder.push(
            " ON CONFLICT (scope, hour) DO UPDATE \
             SET booked = confirmation_hours.booked + excluded.booked \
             RETURNING scope, hour, booked",
        );
    }};
}

/// Adds `$bookings` to `confirmation_hours` through `$executor`; answers the totals as
/// `Vec<(scope, hour, booked)>` (how other processes' bookings are learnt).
macro_rules! book_hours {
    ($executor:expr, $bookings:expr) => {{
        let mut counts = sqlx::QueryBuilder::new("");
        push_hours!(counts, $bookings);
        let totals: Vec<(String, i64, i64)> = counts.build_query_as().fetch_all($executor).await?;
        totals
    }};
}

/// PostgreSQL only (a data-modifying `WITH`): queues `$messages` (at least one) and books
/// `$bookings` in one statement, answering the totals as [`book_hours!`] does.
macro_rules! queue_and_book {
    ($executor:expr, $messages:expr, $bookings:expr, $now:expr) => {{
        let mut statement = sqlx::QueryBuilder::new("WITH queued AS (");
        push_messages!(statement, $messages, $now);
        statement.push("), booked AS (");
        push_hours!(statement, $bookings);
        statement.push(") SELECT scope, hour, booked FROM booked");
        let totals: Vec<(String, i64, i64)> =
            statement.build_query_as().fetch_all($executor).await?;
        totals
    }};
}

impl Store {
    /// Writes the counts waiting in memory now (the sign-up writer calls this when idle and
    /// when it stops).
    pub async fn write_waiting_hours(&self) -> Result<(), StoreError> {
        let waiting = self
            .hours
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take_due(true, None);
        if waiting.is_empty() {
            return Ok(());
        }
        let written: Result<_, StoreError> =
            async { Ok(on_write_pool!(self, pool => book_hours!(pool, &waiting))) }.await;
        match written {
            Ok(totals) => {
                self.learn_totals(totals);
                Ok(())
            }
            Err(error) => {
                self.give_back(waiting);
                Err(error)
            }
        }
    }

    /// Takes in the database's totals a write answered.
    pub(super) fn learn_totals(&self, totals: Vec<(String, i64, i64)>) {
        let current = hour_of(super::now());
        let mut hours = self.hours.lock().unwrap_or_else(PoisonError::into_inner);
        for (scope, hour, count) in totals {
            hours.learn(&scope, hour, count, current);
        }
    }

    /// Puts counts whose write failed back to wait for the next one.
    pub(super) fn give_back(&self, bookings: Bookings) {
        self.hours
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .wait(bookings);
    }
}
