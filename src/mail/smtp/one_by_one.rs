//! Sending to a relay without PIPELINING: each command waits for its reply; apart from the
//! pipelined path, which most relays take.
use super::connection::Connection;
use super::data::dot_stuffed;
use super::transaction::{Expect, Failed, Job, envelope_commands, fail_all, final_outcome};

/// For relays without PIPELINING: each command waits for its reply.
pub(super) async fn send_one_by_one(connection: &mut Connection, job: Job) -> Result<(), Failed> {
    let mut commands = Vec::new();
    if let Err(error) = envelope_commands(connection, &job, false, &mut commands) {
        job.answer(Err(error));
        return Ok(());
    }
    let mut first = true;
    let mut mail_accepted = false;
    let mut accepted = 0;
    let mut refusal = None;
    for line in commands.split_inclusive(|&b| b == b'\n') {
        let sent = async {
            connection.write(line).await?;
            connection.read_reply().await
        };
        let reply = match sent.await {
            Ok(reply) => reply,
            Err(error) if first => {
                return Err(fail_all(
                    vec![Expect::Envelope {
                        job,
                        chunked: false,
                    }],
                    error,
                    true,
                ));
            }
            Err(error) => {
                job.answer(Err(error));
                return Err(Failed::Answered);
            }
        };
        let command = if first {
            "MAIL FROM"
        } else if line.starts_with(b"DATA") {
            "DATA"
        } else {
            "RCPT TO"
        };
        if first {
            mail_accepted = reply.is_positive();
        } else if command == "RCPT TO" && reply.is_positive() {
            accepted += 1;
        }
        first = false;
        if command == "DATA" {
            if reply.code != 354 || !mail_accepted || accepted == 0 {
                let error = refusal.unwrap_or_else(|| reply.into_error("DATA"));
                job.answer(Err(error));
                let _ = connection.command("RSET\r\n").await;
                return Ok(());
            }
            break;
        }
        if !reply.is_positive() {
            if command == "MAIL FROM" {
                job.answer(Err(reply.into_error(command)));
                let _ = connection.command("RSET\r\n").await;
                return Ok(());
            }
            refusal.get_or_insert(reply.into_error(command));
        }
    }
    let mut body = Vec::with_capacity(job.bytes.len() + 64);
    dot_stuffed(&job.bytes, &mut body);
    let end = async {
        connection.write(&body).await?;
        connection.read_reply().await
    };
    match end.await {
        Ok(reply) => {
            job.answer(final_outcome(reply, "the end of the message"));
            Ok(())
        }
        Err(error) => {
            job.answer(Err(error));
            Err(Failed::Answered)
        }
    }
}
