//! Where composed emails go: an SMTP server, or `.eml` files in a folder
//! when none is configured (development, demos).

use std::path::PathBuf;
use std::time::Duration;

use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long one SMTP conversation may take. Short enough that a batch of
/// claimed messages finishes well within the outbox lease.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(PathBuf),
}

/// Why a send did not happen.
#[derive(Debug)]
pub enum SendError {
    /// The server refused for good (5xx): do not retry.
    Permanent(String),
    /// Anything else (4xx, refused connection, timeout): retry later.
    Transient(String),
}

impl Transport {
    /// `connections`: how many SMTP connections stay open between messages,
    /// one per message the worker sends at once; a message beyond them would
    /// open and close a connection of its own.
    pub fn smtp(url: &str, connections: u32) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
            .timeout(Some(SMTP_TIMEOUT))
            .pool_config(PoolConfig::new().max_size(connections))
            .build();
        Ok(Transport::Smtp(transport))
    }

    pub fn files(dir: PathBuf) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&dir)?;
        Ok(Transport::Files(dir))
    }

    /// `name` (no extension) is used by the file transport only.
    pub async fn send(&self, name: &str, message: Message) -> Result<(), SendError> {
        match self {
            Transport::Smtp(smtp) => match smtp.send(message).await {
                Ok(_) => Ok(()),
                Err(e) if e.is_permanent() => Err(SendError::Permanent(e.to_string())),
                Err(e) => Err(SendError::Transient(e.to_string())),
            },
            Transport::Files(dir) => {
                let path = dir.join(format!("{name}.eml"));
                tokio::fs::write(&path, message.formatted())
                    .await
                    .map_err(|e| SendError::Transient(format!("{}: {e}", path.display())))?;
                tracing::info!(path = %path.display(), "email written to file (no SMTP server configured)");
                Ok(())
            }
        }
    }
}
