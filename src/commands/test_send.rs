//! `caravan issues test ID --to EMAIL…`: an editor's proof copy, sent at once from the
//! terminal through the same outbox and relay as everything else.
use super::with_store;
use crate::config::Settings;
use crate::domain::Lang;
use crate::issues::{RecipientsError, TestRecipients, queue_test_copies};
use crate::startup::outbox_sender;

pub async fn test_issue(
    settings: &Settings,
    id: i64,
    to: &[String],
    lang: &str,
) -> anyhow::Result<()> {
    let recipients = TestRecipients::parse(to).map_err(|why| match why {
        RecipientsError::Address { address, why } => anyhow::anyhow!("--to {address:?}: {why}"),
        count => anyhow::anyhow!("--to: {count}"),
    })?;
    let lang = Lang::from_code(lang).unwrap_or(Lang::Fr);
    with_store(settings, |store| async move {
        let queued = queue_test_copies(
            &store,
            settings.base_url.as_str(),
            settings.click_counts,
            &settings.mail_from,
            id,
            &recipients,
            lang,
        )
        .await?;
        // Send now rather than wait for a worker: the editor is looking at their inbox.
        let signer = crate::startup::token_signer(settings, &store).await?;
        let sender = outbox_sender(settings, store.clone(), &signer)?;
        while sender.deliver_next_batch().await? > 0 {}
        let addresses: Vec<&str> = recipients.addresses().iter().map(|r| r.as_str()).collect();
        println!(
            "{queued} test cop{} of issue {id} sent to {}",
            if queued == 1 { "y" } else { "ies" },
            addresses.join(", ")
        );
        Ok(())
    })
    .await
}
