//! One table's rows read from SQLite and inserted into PostgreSQL page by page, typed by its
//! columns; apart from the transaction around all tables (`mod.rs`).
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{Row, sqlite::SqlitePool};

use super::CopyError;
use super::tables::Kind::{Date, Int, Text, Time};
use super::tables::Table;

/// Rows read and written at a time: 16 columns × 1,000 rows stays under PostgreSQL's 65,535
/// bound values.
const PAGE: i64 = 1000;

enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Time(Option<DateTime<Utc>>),
    Date(Option<NaiveDate>),
}

pub(super) async fn copy_table(
    source: &SqlitePool,
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    table: &Table,
    progress: &mut impl FnMut(&'static str, u64),
) -> Result<u64, CopyError> {
    let names: Vec<&str> = table.columns.iter().map(|(name, _)| *name).collect();
    let list = names.join(", ");
    let mut after = i64::MIN;
    let mut copied = 0u64;
    loop {
        let rows = match table.id {
            Some(id) => {
                sqlx::query(&format!(
                    "SELECT {list} FROM {} WHERE {id} > $1 ORDER BY {id} LIMIT $2",
                    table.name
                ))
                .bind(after)
                .bind(PAGE)
                .fetch_all(source)
                .await?
            }
            None if copied == 0 => {
                sqlx::query(&format!("SELECT {list} FROM {}", table.name))
                    .fetch_all(source)
                    .await?
            }
            None => Vec::new(),
        };
        if rows.is_empty() {
            return Ok(copied);
        }
        let mut values: Vec<Vec<Value>> = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut record = Vec::with_capacity(table.columns.len());
            for (index, (_, kind)) in table.columns.iter().enumerate() {
                record.push(match kind {
                    Int => Value::Int(row.try_get(index)?),
                    Text => Value::Text(row.try_get(index)?),
                    Time => Value::Time(row.try_get(index)?),
                    Date => Value::Date(row.try_get(index)?),
                });
            }
            values.push(record);
        }
        if let Some(Value::Int(Some(last))) = values.last().map(|r| &r[0]) {
            after = *last;
        }
        // Whole small tables arrive in one read; insert them in pages too.
        for chunk in values.chunks(PAGE as usize) {
            let overriding = if table.id.is_some() {
                " OVERRIDING SYSTEM VALUE "
            } else {
                " "
            };
            let mut insert = sqlx::QueryBuilder::<sqlx::Postgres>::new(format!(
                "INSERT INTO {} ({list}){overriding}",
                table.name
            ));
            insert.push_values(chunk, |mut row, record| {
                for value in record {
                    match value {
                        Value::Int(v) => row.push_bind(*v),
                        Value::Text(v) => row.push_bind(v.clone()),
                        Value::Time(v) => row.push_bind(*v),
                        Value::Date(v) => row.push_bind(*v),
                    };
                }
            });
            insert.build().execute(&mut **tx).await?;
        }
        copied += rows.len() as u64;
        progress(table.name, copied);
        if table.id.is_none() {
            return Ok(copied);
        }
    }
}
