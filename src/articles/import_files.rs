//! `caravan articles import FILE…`: raw text files in, article files written to the
//! articles folder, one line said for each.
use std::path::{Path, PathBuf};

use super::{ImportError, Imported, import_raw, slugify};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Created,
    /// The same article was already there, byte for byte.
    Unchanged,
    /// A different article stood under that name and `--force` replaced it.
    Replaced,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    #[error("{}: cannot read: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: the file is not UTF-8 text", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("{}: {source}", path.display())]
    Import { path: PathBuf, source: ImportError },
    #[error(
        "{}: {} already holds a different article (import with --force to replace it)",
        file.display(),
        target.display()
    )]
    Exists { file: PathBuf, target: PathBuf },
    #[error("{}: cannot write: {error}", path.display())]
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

pub struct ImportReport {
    pub target: PathBuf,
    pub written: Written,
    pub imported: Imported,
}

/// Imports one raw file into `dir` as `<slug>.md`; never replaces a different article
/// unless `force` is set.
pub fn import_file(
    dir: &Path,
    source: &Path,
    force: bool,
) -> Result<ImportReport, ImportFileError> {
    let bytes = std::fs::read(source).map_err(|e| ImportFileError::Read {
        path: source.to_owned(),
        source: e,
    })?;
    let text = String::from_utf8(bytes).map_err(|_| ImportFileError::NotUtf8 {
        path: source.to_owned(),
    })?;
    let imported = import_raw(&text).map_err(|e| ImportFileError::Import {
        path: source.to_owned(),
        source: e,
    })?;
    let target = dir.join(format!("{}.md", slugify(&imported.file.front.title)));
    let rendered = imported.file.render();
    let written = match std::fs::read_to_string(&target) {
        Ok(existing) if existing == rendered => Written::Unchanged,
        Ok(_) if !force => {
            return Err(ImportFileError::Exists {
                file: source.to_owned(),
                target,
            });
        }
        Ok(_) => Written::Replaced,
        Err(_) => Written::Created,
    };
    if written != Written::Unchanged {
        let write = |e| ImportFileError::Write {
            path: target.clone(),
            error: e,
        };
        std::fs::create_dir_all(dir).map_err(write)?;
        std::fs::write(&target, rendered).map_err(write)?;
    }
    Ok(ImportReport {
        target,
        written,
        imported,
    })
}
