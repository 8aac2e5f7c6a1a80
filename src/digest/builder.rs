//! `build_digest(now)`: the week's draft issue from the articles no sent issue has carried.
use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use super::{Subject, digest_subject, group_related, plain_text};
use crate::store::{CreateIssue, IssueItem, Store, StoreError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigestOutcome {
    Built(i64),
    /// This week's digest exists already (built earlier, or by another instance).
    AlreadyBuilt(i64),
    /// No new article: no issue this week.
    NothingNew,
}

impl DigestOutcome {
    pub fn issue_id(self) -> Option<i64> {
        match self {
            DigestOutcome::Built(id) | DigestOutcome::AlreadyBuilt(id) => Some(id),
            DigestOutcome::NothingNew => None,
        }
    }
}

/// The week's slug in the newsroom's time zone: ISO year and week, `2026-s48`.
pub fn week_slug(now: DateTime<Utc>, tz: Tz) -> String {
    let week = now.with_timezone(&tz).iso_week();
    format!("{}-s{:02}", week.year(), week.week())
}

/// Builds this week's digest as a draft: related stories grouped under their lead, groups
/// in the order of their newest story.
#[tracing::instrument(name = "digest.build", skip(store))]
pub async fn build_digest(
    store: &Store,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<DigestOutcome, StoreError> {
    let candidates = store.digest_candidates().await?;
    if candidates.is_empty() {
        return Ok(DigestOutcome::NothingNew);
    }
    let subjects: Vec<Subject> = candidates
        .iter()
        .map(|a| {
            let caption = a.caption.as_deref().unwrap_or_default();
            Subject::of(&format!(
                "{}\n{caption}\n{}",
                a.title,
                plain_text(&a.body_md)
            ))
        })
        .collect();
    let groups = group_related(&subjects);
    let mut items = Vec::with_capacity(candidates.len());
    for group in &groups {
        let lead = candidates[group.lead].id;
        for index in std::iter::once(group.lead).chain(group.related.iter().copied()) {
            items.push(IssueItem {
                article_id: candidates[index].id,
                position: items.len() as i32,
                lead_article_id: lead,
            });
        }
    }
    let slug = week_slug(now, tz);
    // The edition's subject, in the newsroom's language; each reader's copy that carries
    // fewer groups gets its own (`delivery::worker::copies`).
    let subject = digest_subject(
        &candidates[groups[0].lead].title,
        groups.len() - 1,
        crate::i18n::texts(crate::domain::Lang::Fr),
    );
    Ok(match store.create_digest(&slug, &subject, &items).await? {
        CreateIssue::Created(id) => {
            tracing::info!(issue_id = id, %slug, articles = items.len(), groups = groups.len(), "digest built");
            DigestOutcome::Built(id)
        }
        CreateIssue::Exists(id) => DigestOutcome::AlreadyBuilt(id),
    })
}

#[cfg(test)]
mod tests {
    use super::week_slug;
    use chrono::TimeZone;
    use chrono_tz::Asia::Almaty;

    #[test]
    fn the_week_is_counted_in_the_newsroom_time_zone() {
        // Sunday 29 November 2026, 20:00 UTC is already Monday 30 November in Almaty.
        let now = chrono::Utc
            .with_ymd_and_hms(2026, 11, 29, 20, 0, 0)
            .unwrap();
        assert_eq!(week_slug(now, Almaty), "2026-s49");
        assert_eq!(week_slug(now, chrono_tz::UTC), "2026-s48");
    }
}
