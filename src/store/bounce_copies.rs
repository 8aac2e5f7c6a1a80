//! Which copy a provider's event is about, from the `Message-ID` Caravan gave it: an issue's
//! copy is `<slug.delivery-id@domain>`, a single message's id is kept in its outbox row.
use super::{Store, StoreError};
use crate::bounces::BounceTag;

impl Store {
    /// The copy `message_id` (with or without its angle brackets) names, if it is ours.
    pub async fn copy_of_message(&self, message_id: &str) -> Result<Option<BounceTag>, StoreError> {
        let bare = message_id
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>');
        let bracketed = format!("<{bare}>");
        let delivery_id = bare
            .split_once('@')
            .and_then(|(local, _)| local.rsplit_once('.'))
            .and_then(|(_, id)| id.parse::<i64>().ok());
        let copy = on_read_pool!(self, pool => {
            let delivery: Option<(i64, i64)> = match delivery_id {
                None => None,
                Some(id) => sqlx::query_as(
                    "SELECT subscriber_id, issue_id FROM deliveries WHERE id = $1",
                )
                .bind(id)
                .fetch_optional(pool)
                .await?,
            };
            match delivery {
                Some((subscriber_id, issue_id)) => Some(BounceTag::Delivery {
                    subscriber_id,
                    issue_id,
                }),
                None => sqlx::query_scalar::<_, i64>("SELECT id FROM outbox WHERE message_id = $1")
                    .bind(&bracketed)
                    .fetch_optional(pool)
                    .await?
                    .map(|outbox_id| BounceTag::Outbox { outbox_id }),
            }
        });
        Ok(copy)
    }
}
