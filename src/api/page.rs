use serde::Deserialize;

use super::ApiError;

const MAX_PAGE: i64 = 100;
const DEFAULT_PAGE: i64 = 20;

/// `?limit=&cursor=`: pages by id, newest first; `cursor` is the previous page's
/// `next_cursor`, so pages stay fast and stable however many rows come before.
#[derive(Debug, Default, Deserialize)]
pub struct Page {
    pub limit: Option<i64>,
    pub cursor: Option<String>,
}

impl Page {
    /// The id to start below and the page size, or a 422 naming the bad parameter.
    pub fn bounds(&self) -> Result<(Option<i64>, i64), ApiError> {
        let limit = self.limit.unwrap_or(DEFAULT_PAGE);
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(ApiError::Invalid {
                field: "limit",
                message: format!("limit is from 1 to {MAX_PAGE}"),
            });
        }
        let before = match self.cursor.as_deref() {
            None | Some("") => None,
            Some(cursor) => Some(cursor.parse::<i64>().map_err(|_| ApiError::Invalid {
                field: "cursor",
                message: "use the next_cursor of the previous page".into(),
            })?),
        };
        Ok((before, limit))
    }

    /// The cursor of the next page: the last id, when this page is full.
    pub fn next_cursor(&self, ids: impl Iterator<Item = i64>, limit: i64) -> Option<String> {
        let ids: Vec<i64> = ids.collect();
        (ids.len() as i64 == limit)
            .then(|| ids.last().map(i64::to_string))
            .flatten()
    }
}
