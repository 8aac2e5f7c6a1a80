//! Cuts request bodies that trickle in. actix-web's `client_request_timeout` covers only the
//! request head: a client sending its body a byte at a time would hold a connection and a
//! worker slot for as long as it likes. This middleware wraps every request's payload in a
//! deadline, so every extractor (forms, JSON, multipart, `read_body`) is covered at once;
//! when it fires, the answer is a 408 and the connection is closed.
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::ContentType;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use actix_web::{Error, HttpMessage, HttpResponse};
use futures_util::Stream;
use tokio::time::Sleep;

/// The whole body must arrive within this long after the request head: generous for a CSV
/// upload of the reader list on a slow line, short enough that a trickle frees its slot.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(20);

/// A payload that ends in an error once its deadline passes.
struct Deadline<S> {
    inner: S,
    sleep: Pin<Box<Sleep>>,
    expired: Arc<AtomicBool>,
    finished: bool,
}

impl<S> Stream for Deadline<S>
where
    S: Stream<Item = Result<Bytes, PayloadError>> + Unpin,
{
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.finished {
            return Poll::Ready(None);
        }
        // The deadline first: a trickle always has a byte ready, so polling the body first
        // would never look at the clock.
        if this.sleep.as_mut().poll(cx).is_ready() {
            this.finished = true;
            this.expired.store(true, Ordering::Relaxed);
            let timed_out = std::io::Error::new(std::io::ErrorKind::TimedOut, "body too slow");
            return Poll::Ready(Some(Err(PayloadError::Io(timed_out))));
        }
        let next = Pin::new(&mut this.inner).poll_next(cx);
        if let Poll::Ready(None) = next {
            this.finished = true;
        }
        next
    }
}

/// Puts the deadline on the request's body, and answers 408 when it fired, whatever the
/// handler made of the cut body (most would call it a malformed form).
pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let payload = req.take_payload();
    if let Payload::None = payload {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let expired = Arc::new(AtomicBool::new(false));
    req.set_payload(Payload::Stream {
        payload: Box::pin(Deadline {
            inner: payload,
            sleep: Box::pin(tokio::time::sleep(BODY_TIMEOUT)),
            expired: expired.clone(),
            finished: false,
        }),
    });
    let result = next.call(req).await;
    if !expired.load(Ordering::Relaxed) {
        return result.map(ServiceResponse::map_into_boxed_body);
    }
    tracing::warn!(
        timeout_s = BODY_TIMEOUT.as_secs(),
        "request body too slow: cut"
    );
    let timeout = HttpResponse::RequestTimeout()
        .force_close()
        .content_type(ContentType::plaintext())
        .body(
            "Le contenu de la requête est arrivé trop lentement.\n\
             The request body came in too slowly.\n",
        );
    match result {
        Ok(response) => Ok(response.into_response(timeout)),
        Err(_) => Err(actix_web::error::ErrorRequestTimeout(
            "request body too slow",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::{App, test, web};
    use futures_util::StreamExt;

    async fn read_all(mut body: web::Payload) -> HttpResponse {
        let mut total = 0;
        while let Some(chunk) = body.next().await {
            match chunk {
                Ok(bytes) => total += bytes.len(),
                Err(_) => return HttpResponse::BadRequest().finish(),
            }
        }
        HttpResponse::Ok().body(total.to_string())
    }

    #[actix_web::test]
    async fn a_body_in_time_passes_untouched() {
        let app = test::init_service(
            App::new()
                .wrap(actix_web::middleware::from_fn(body_deadline))
                .route("/", web::post().to(read_all)),
        )
        .await;
        let req = test::TestRequest::post()
            .uri("/")
            .set_payload("email=a%40b.kz")
            .to_request();
        let response = test::call_service(&app, req).await;
        assert_eq!(response.status(), 200);
        assert_eq!(test::read_body(response).await, "14");
    }

    #[actix_web::test]
    async fn a_body_that_never_completes_ends_in_an_error_at_the_deadline() {
        let expired = Arc::new(AtomicBool::new(false));
        let mut stream = Deadline {
            inner: futures_util::stream::pending::<Result<Bytes, PayloadError>>(),
            sleep: Box::pin(tokio::time::sleep(Duration::from_millis(30))),
            expired: expired.clone(),
            finished: false,
        };
        assert!(matches!(
            stream.next().await,
            Some(Err(PayloadError::Io(_)))
        ));
        assert!(expired.load(Ordering::Relaxed));
        assert!(stream.next().await.is_none(), "nothing after the cut");
    }
}
