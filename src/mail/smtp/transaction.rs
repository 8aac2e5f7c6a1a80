//! Messages over one connection: with PIPELINING (RFC 2920), a message's MAIL, RCPT and DATA
//! go in one write, and its body goes in the same write as the next message's MAIL, RCPT and
//! DATA, so a steady stream costs one round trip per message; with CHUNKING (RFC 3030) too,
//! MAIL, RCPT and `BDAT n LAST` with the body all go at once. Without PIPELINING, one command
//! at a time. Each message's outcome comes from its own replies, in order.
use lettre::address::Envelope;
use tokio::sync::oneshot;

use super::connection::{Connection, broken};
use super::data::dot_stuffed;
use super::one_by_one::send_one_by_one;
use super::reply::Reply;
use crate::mail::SendError;

/// A message waiting to be sent, and where its outcome goes.
pub struct Job {
    pub envelope: Envelope,
    /// Shared: the same bytes go to the next relay if this one cannot be reached.
    pub bytes: std::sync::Arc<Vec<u8>>,
    pub outcome: oneshot::Sender<Result<(), SendError>>,
}

impl Job {
    pub(super) fn answer(self, outcome: Result<(), SendError>) {
        // The sender may have gone (shutdown): nobody is left to tell.
        let _ = self.outcome.send(outcome);
    }
}

/// How a connection that failed under a job leaves it.
pub enum Failed {
    /// Nothing was answered about this job: it may go again on a fresh connection (a reused
    /// connection the relay had closed while idle).
    Unanswered(Job),
    /// Every job taken has been answered (with the connection's error where it broke).
    Answered,
}

/// What is awaited, in the order the replies come.
pub(super) enum Expect {
    Rset,
    /// MAIL, one RCPT per recipient, then DATA (or BDAT with the body).
    Envelope {
        job: Job,
        chunked: bool,
    },
    /// The end of a body sent after DATA's 354.
    Dot(Job),
}

/// Sends `first`, then, while the connection is busy, whatever `more` hands over at once.
/// Returns once every job taken is answered; `Err` means the connection is unusable.
pub async fn send_jobs(
    connection: &mut Connection,
    first: Job,
    mut more: impl FnMut() -> Option<Job>,
) -> Result<(), Failed> {
    if !connection.extensions.pipelining {
        return send_one_by_one(connection, first).await;
    }
    let chunking = connection.extensions.chunking;
    let mut next = Some(first);
    let mut body: Option<Job> = None;
    let mut reset = false;
    let mut first_group = true;
    loop {
        let mut out = Vec::with_capacity(16 * 1024);
        let mut expects = Vec::with_capacity(3);
        if let Some(job) = body.take() {
            dot_stuffed(&job.bytes, &mut out);
            expects.push(Expect::Dot(job));
        }
        if next.is_none() {
            next = more();
        }
        if let Some(job) = next.take() {
            if reset {
                out.extend_from_slice(b"RSET\r\n");
                expects.push(Expect::Rset);
                reset = false;
            }
            if let Err(error) = envelope_commands(connection, &job, chunking, &mut out) {
                job.answer(Err(error));
            } else {
                expects.push(Expect::Envelope {
                    job,
                    chunked: chunking,
                });
            }
        }
        if expects.is_empty() {
            return Ok(());
        }
        if let Err(error) = connection.write(&out).await {
            return Err(fail_all(expects, error, first_group));
        }
        let mut pending = expects.into_iter();
        while let Some(expect) = pending.next() {
            match expect {
                Expect::Rset => {
                    if let Err(error) = connection.read_reply().await {
                        return Err(fail_all(pending.collect(), error, false));
                    }
                }
                Expect::Dot(job) => match connection.read_reply().await {
                    Ok(reply) => job.answer(final_outcome(reply, "the end of the message")),
                    Err(error) => {
                        job.answer(Err(error.clone()));
                        return Err(fail_all(pending.collect(), error, false));
                    }
                },
                Expect::Envelope { job, chunked } => {
                    let answered = match read_envelope(connection, &job).await {
                        Ok(answered) => answered,
                        Err(error) => {
                            let unanswered = first_group;
                            let rest: Vec<Expect> =
                                std::iter::once(Expect::Envelope { job, chunked })
                                    .chain(pending)
                                    .collect();
                            return Err(fail_all(rest, error, unanswered));
                        }
                    };
                    match answered {
                        EnvelopeAnswer::Accepted if !chunked => body = Some(job),
                        EnvelopeAnswer::Accepted => job.answer(Ok(())),
                        EnvelopeAnswer::Refused { error, reset: r } => {
                            reset = r;
                            job.answer(Err(error));
                        }
                        EnvelopeAnswer::DataWithoutRecipients(error) => {
                            // The relay wants a body although the transaction failed. Ending
                            // it with "." could deliver an empty message; dropping the
                            // connection before "." makes the relay discard it.
                            job.answer(Err(error.clone()));
                            return Err(fail_all(pending.collect(), error, false));
                        }
                    }
                }
            }
            first_group = false;
        }
    }
}

enum EnvelopeAnswer {
    /// DATA's 354 (or, chunked, the whole message accepted).
    Accepted,
    /// Refused; `reset` when MAIL was accepted and the transaction must be cleared.
    Refused { error: SendError, reset: bool },
    /// 354 although nothing could be delivered (a relay that does not follow RFC 2920).
    DataWithoutRecipients(SendError),
}

/// MAIL, RCPT… and DATA, or BDAT with the message, for one job.
pub(super) fn envelope_commands(
    connection: &Connection,
    job: &Job,
    chunked: bool,
    out: &mut Vec<u8>,
) -> Result<(), SendError> {
    let from = job
        .envelope
        .from()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let ascii = from.is_ascii() && job.envelope.to().iter().all(|a| a.to_string().is_ascii());
    if !ascii && !connection.extensions.smtputf8 {
        return Err(SendError::permanent(
            "the relay does not take addresses beyond ASCII (no SMTPUTF8)",
        ));
    }
    let utf8 = if ascii { "" } else { " SMTPUTF8" };
    out.extend_from_slice(format!("MAIL FROM:<{from}>{utf8}\r\n").as_bytes());
    for to in job.envelope.to() {
        out.extend_from_slice(format!("RCPT TO:<{to}>\r\n").as_bytes());
    }
    if chunked {
        out.extend_from_slice(format!("BDAT {} LAST\r\n", job.bytes.len()).as_bytes());
        out.extend_from_slice(&job.bytes);
    } else {
        out.extend_from_slice(b"DATA\r\n");
    }
    Ok(())
}

/// Reads MAIL's reply, each RCPT's and DATA's (or BDAT's), and says what they add up to. A
/// message goes when MAIL and at least one RCPT were accepted.
async fn read_envelope(
    connection: &mut Connection,
    job: &Job,
) -> Result<EnvelopeAnswer, SendError> {
    let mail = connection.read_reply().await?;
    let mut refusal = (!mail.is_positive()).then(|| mail.clone().into_error("MAIL FROM"));
    let mut accepted = 0;
    for _ in job.envelope.to() {
        let rcpt = connection.read_reply().await?;
        if rcpt.is_positive() {
            accepted += 1;
        } else if refusal.is_none() {
            refusal = Some(rcpt.into_error("RCPT TO"));
        }
    }
    let data = connection.read_reply().await?;
    let deliverable = mail.is_positive() && accepted > 0;
    Ok(match (deliverable, data.code) {
        (true, 354) => EnvelopeAnswer::Accepted,
        (true, 250) => EnvelopeAnswer::Accepted,
        (false, 354) => EnvelopeAnswer::DataWithoutRecipients(
            refusal.unwrap_or_else(|| broken("no recipient was accepted")),
        ),
        (_, _) => EnvelopeAnswer::Refused {
            error: refusal.unwrap_or_else(|| data.into_error("the message")),
            reset: mail.is_positive(),
        },
    })
}

pub(super) fn final_outcome(reply: Reply, what: &str) -> Result<(), SendError> {
    if reply.is_positive() {
        Ok(())
    } else {
        Err(reply.into_error(what))
    }
}

/// Answers every job still waiting with `error`. A job none of whose replies came back, in
/// the first group on this connection, may go again on a fresh one.
pub(super) fn fail_all(expects: Vec<Expect>, error: SendError, retry_first: bool) -> Failed {
    let mut retry = None;
    for (index, expect) in expects.into_iter().enumerate() {
        match expect {
            Expect::Rset => {}
            Expect::Envelope { job, .. } if retry_first && index == 0 => retry = Some(job),
            Expect::Envelope { job, .. } | Expect::Dot(job) => job.answer(Err(error.clone())),
        }
    }
    match retry {
        Some(job) => Failed::Unanswered(job),
        None => Failed::Answered,
    }
}
