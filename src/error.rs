//! The one error type the command line reports: a message, an optional hint
//! saying what to do, and the exit status (1 could not be done, 2 usage).

use std::fmt;

use crate::model::lifecycle::DomainError;
use crate::store::StoreError;
use crate::store::write::WriteError;

/// Exit status for a command that could not be done.
pub const FAILED: u8 = 1;
/// Exit status for a usage error.
pub const USAGE: u8 = 2;

#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub hint: Option<String>,
    pub code: u8,
}

impl Error {
    pub fn failed(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            hint: None,
            code: FAILED,
        }
    }

    pub fn usage(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
            hint: None,
            code: USAGE,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Error {
        self.hint = Some(hint.into());
        self
    }

    /// A closed pipe on stdout (`sprx list | head`) ends output quietly.
    pub fn is_broken_pipe(&self) -> bool {
        self.code == 0
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\nhint: {hint}")?;
        }
        Ok(())
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Error {
        Error {
            message: e.to_string(),
            hint: e.hint(),
            code: FAILED,
        }
    }
}

impl From<DomainError> for Error {
    fn from(e: DomainError) -> Error {
        Error {
            message: e.to_string(),
            hint: e.hint(),
            code: FAILED,
        }
    }
}

impl From<WriteError<DomainError>> for Error {
    fn from(e: WriteError<DomainError>) -> Error {
        match e {
            WriteError::Store(s) => s.into(),
            WriteError::Domain(d) => d.into(),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            return Error {
                message: String::new(),
                hint: None,
                code: 0,
            };
        }
        Error::failed(e.to_string())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
