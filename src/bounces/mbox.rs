//! `caravan bounces import FILE.mbox`: a mailbox of bounces, for relays that can only store
//! them, read message by message (mail-parser's mbox reader) into the same ledger as the
//! listener's. The same report imported twice counts once.
use std::path::Path;

use super::Intake;
use crate::store::StoreError;

/// What an import did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    pub messages: usize,
    pub new: usize,
    pub suppressed: usize,
    pub duplicates: usize,
    pub dropped: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads every message of the mailbox at `path` into the ledger.
pub async fn import_mbox(intake: &Intake, path: &Path) -> Result<Imported, ImportError> {
    let read_error = |source| ImportError::Read {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let messages = mail_parser::mailbox::mbox::MessageIterator::new(std::io::BufReader::new(file));
    let mut imported = Imported::default();
    for message in messages {
        let message = message.map_err(read_error)?;
        let taken = intake.take(message.contents(), &[], "mbox").await?;
        imported.messages += 1;
        imported.new += taken.new;
        imported.suppressed += taken.suppressed;
        imported.duplicates += taken.duplicates;
        imported.dropped += usize::from(taken.dropped.is_some() && taken.new == 0);
    }
    Ok(imported)
}
