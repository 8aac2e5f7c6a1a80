use actix_web::HttpRequest;
use actix_web::http::header;
use actix_web::web::{Bytes, BytesMut, Payload};
use futures_util::StreamExt;

/// The body formats a public endpoint accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    Form,
    Json,
}

#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    #[error("the body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("unsupported content type")]
    UnsupportedType,
    #[error("the body is not valid UTF-8")]
    NotUtf8,
    #[error("the body could not be read: {0}")]
    Read(String),
}

/// Reads the whole body, refusing it as soon as it passes `limit` bytes (before reading it
/// all when `Content-Length` already says so), and tells a form from JSON.
pub async fn read_body(
    req: &HttpRequest,
    mut payload: Payload,
    limit: usize,
) -> Result<(BodyKind, Bytes), BodyError> {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|len| len > limit) {
        return Err(BodyError::TooLarge(limit));
    }
    let kind = body_kind(req).ok_or(BodyError::UnsupportedType)?;
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| BodyError::Read(e.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok((kind, body.freeze()))
}

fn body_kind(req: &HttpRequest) -> Option<BodyKind> {
    let value = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next()?.trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/x-www-form-urlencoded" => Some(BodyKind::Form),
        "application/json" => Some(BodyKind::Json),
        _ => None,
    }
}

/// Decodes `application/x-www-form-urlencoded`, refusing bytes that are not UTF-8 instead of
/// silently replacing them (the usual decoders do, and a name full of U+FFFD would be stored).
pub fn parse_form(body: &[u8]) -> Result<Vec<(String, String)>, BodyError> {
    let decode = |raw: &[u8]| -> Result<String, BodyError> {
        let spaced: Vec<u8> = raw
            .iter()
            .map(|&b| if b == b'+' { b' ' } else { b })
            .collect();
        percent_encoding::percent_decode(&spaced)
            .decode_utf8()
            .map(|s| s.into_owned())
            .map_err(|_| BodyError::NotUtf8)
    };
    body.split(|&b| b == b'&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let mut parts = pair.splitn(2, |&b| b == b'=');
            let key = decode(parts.next().unwrap_or_default())?;
            let value = decode(parts.next().unwrap_or_default())?;
            Ok((key, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_forms_and_refuses_broken_utf8() {
        let pairs = parse_form(b"email=a%40b.kz&name=Ai+g%C3%BCl&empty=").unwrap();
        assert_eq!(pairs[0], ("email".into(), "a@b.kz".into()));
        assert_eq!(pairs[1], ("name".into(), "Ai gül".into()));
        assert_eq!(pairs[2], ("empty".into(), String::new()));
        assert!(matches!(
            parse_form(b"name=%FF%FE"),
            Err(BodyError::NotUtf8)
        ));
        assert!(matches!(parse_form(b"name=\xff"), Err(BodyError::NotUtf8)));
    }

    proptest::proptest! {
        /// Any body decodes or is refused, never a panic; what a browser encodes decodes back.
        #[test]
        fn forms_decode_or_are_refused(raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200), value in "\\PC{0,40}") {
            let _ = parse_form(&raw);
            let encoded = serde_urlencoded::to_string([("name", value.as_str())]).unwrap();
            let pairs = parse_form(encoded.as_bytes()).unwrap();
            proptest::prop_assert_eq!(&pairs[0].1, &value);
        }
    }
}
