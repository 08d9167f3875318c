//! A test identity provider that the tests control, for the failures a certified provider will
//! not produce on demand: wrong nonce, expired or tampered ID tokens, tokens signed by a key it
//! does not publish, key rotation. It speaks the same protocol (discovery, JWKS, token endpoint
//! with client authentication and PKCE S256); the journeys against a real, independent
//! provider (`oidc-provider`) are the browser tests in `end2end/`.

use axum::{
    Form, Json, Router,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use openidconnect::{
    Audience, EmptyAdditionalClaims, EndUserBirthday, EndUserEmail, EndUserName, IssuerUrl, JsonWebKeyId,
    LocalizedClaim, Nonce, PkceCodeChallenge, PkceCodeVerifier, PrivateSigningKey, StandardClaims, SubjectIdentifier,
    core::{CoreIdToken, CoreIdTokenClaims, CoreJsonWebKeySet, CoreJwsSigningAlgorithm, CoreRsaPrivateSigningKey},
};
use serde::Deserialize;
use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

pub const CLIENT_ID: &str = "votre-sante";
pub const CLIENT_SECRET: &str = "test-client-secret";

/// What the next ID token will look like.
#[derive(Clone, Debug)]
pub struct TokenPlan {
    pub subject: String,
    pub name: String,
    /// Replaces the nonce the portal sent.
    pub nonce: Option<String>,
    /// Key id (`a`, `b` or `c`) that signs it.
    pub key: &'static str,
    /// Seconds until `exp` (negative: already expired).
    pub expires_in: i64,
    /// Flip a claim after signing.
    pub tamper: bool,
    /// Seconds from now to the `auth_time` claim (negative: in the past); none leaves it out.
    pub auth_time: Option<i64>,
}

impl Default for TokenPlan {
    fn default() -> Self {
        TokenPlan {
            subject: "citizen-0001".to_owned(),
            name: "Marie Côté".to_owned(),
            nonce: None,
            key: "a",
            expires_in: 300,
            tamper: false,
            auth_time: None,
        }
    }
}

struct Issued {
    nonce: String,
    challenge: String,
}

#[derive(Default)]
struct ProviderState {
    issuer: String,
    published: Vec<&'static str>,
    plan: TokenPlan,
    codes: HashMap<String, Issued>,
    jwks_fetches: usize,
}

/// A running test provider.
#[derive(Clone)]
pub struct TestProvider {
    pub issuer: String,
    state: Arc<Mutex<ProviderState>>,
}

fn key(id: &'static str) -> CoreRsaPrivateSigningKey {
    let pem = match id {
        "a" => include_str!("../fixtures/provider-key-a.pem"),
        "b" => include_str!("../fixtures/provider-key-b.pem"),
        _ => include_str!("../fixtures/provider-key-c.pem"),
    };
    CoreRsaPrivateSigningKey::from_pem(pem, Some(JsonWebKeyId::new(id.to_owned()))).expect("a test RSA key")
}

impl TestProvider {
    /// Starts a provider on a free port, publishing key `a`.
    pub async fn start() -> TestProvider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let issuer = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
        let state = Arc::new(Mutex::new(ProviderState {
            issuer: issuer.clone(),
            published: vec!["a"],
            ..ProviderState::default()
        }));
        let router = Router::new()
            .route("/.well-known/openid-configuration", get(discovery))
            .route("/jwks", get(jwks))
            .route("/token", post(token))
            .with_state(state.clone());
        tokio::spawn(async move { axum::serve(listener, router).await });
        TestProvider { issuer, state }
    }

    /// The next ID token will follow `plan`.
    pub fn plan(&self, plan: TokenPlan) {
        self.state.lock().unwrap().plan = plan;
    }

    /// Publishes only these keys from now on (rotation).
    pub fn publish(&self, keys: &[&'static str]) {
        self.state.lock().unwrap().published = keys.to_vec();
    }

    pub fn jwks_fetches(&self) -> usize {
        self.state.lock().unwrap().jwks_fetches
    }

    /// What the authorization endpoint would do after the person signs in: a code bound to the
    /// nonce and PKCE challenge of the portal's request.
    pub fn issue_code(&self, nonce: &str, challenge: &str) -> String {
        let code = format!("code-{}", uuid::Uuid::new_v4().simple());
        self.state.lock().unwrap().codes.insert(
            code.clone(),
            Issued {
                nonce: nonce.to_owned(),
                challenge: challenge.to_owned(),
            },
        );
        code
    }
}

async fn discovery(State(state): State<Arc<Mutex<ProviderState>>>) -> Json<serde_json::Value> {
    let issuer = state.lock().unwrap().issuer.clone();
    Json(serde_json::json!({
        "issuer": issuer,
        "authorization_endpoint": format!("{issuer}/auth"),
        "token_endpoint": format!("{issuer}/token"),
        "jwks_uri": format!("{issuer}/jwks"),
        "end_session_endpoint": format!("{issuer}/session/end"),
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic"],
    }))
}

async fn jwks(State(state): State<Arc<Mutex<ProviderState>>>) -> Json<CoreJsonWebKeySet> {
    let mut state = state.lock().unwrap();
    state.jwks_fetches += 1;
    Json(CoreJsonWebKeySet::new(
        state.published.iter().map(|id| key(id).as_verification_key()).collect(),
    ))
}

#[derive(Deserialize)]
struct TokenRequest {
    grant_type: String,
    code: String,
    code_verifier: Option<String>,
}

async fn token(
    State(state): State<Arc<Mutex<ProviderState>>>,
    headers: HeaderMap,
    Form(request): Form<TokenRequest>,
) -> Response {
    let refuse = |error: &str| (StatusCode::BAD_REQUEST, Json(serde_json::json!({ "error": error }))).into_response();
    let expected = basic_auth(CLIENT_ID, CLIENT_SECRET);
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(expected.as_str()) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(serde_json::json!({ "error": "invalid_client" })),
        )
            .into_response();
    }
    let mut state = state.lock().unwrap();
    let Some(issued) = state.codes.remove(&request.code) else {
        return refuse("invalid_grant");
    };
    let verifier = PkceCodeVerifier::new(request.code_verifier.unwrap_or_default());
    if request.grant_type != "authorization_code"
        || PkceCodeChallenge::from_code_verifier_sha256(&verifier).as_str() != issued.challenge
    {
        return refuse("invalid_grant");
    }
    let plan = state.plan.clone();
    let now = chrono::Utc::now();
    let mut name = LocalizedClaim::new();
    name.insert(None, EndUserName::new(plan.name.clone()));
    let claims = CoreIdTokenClaims::new(
        IssuerUrl::new(state.issuer.clone()).unwrap(),
        vec![Audience::new(CLIENT_ID.to_owned())],
        now + chrono::Duration::seconds(plan.expires_in),
        now,
        StandardClaims::new(SubjectIdentifier::new(plan.subject.clone()))
            .set_name(Some(name))
            .set_email(Some(EndUserEmail::new("marie.cote@example.org".to_owned())))
            .set_birthdate(Some(EndUserBirthday::new("1990-04-01".to_owned()))),
        EmptyAdditionalClaims {},
    )
    .set_nonce(Some(Nonce::new(plan.nonce.clone().unwrap_or(issued.nonce))))
    .set_auth_time(plan.auth_time.map(|offset| now + chrono::Duration::seconds(offset)));
    let signed = CoreIdToken::new(
        claims,
        &key(plan.key),
        CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
        None,
        None,
    )
    .expect("a signed token")
    .to_string();
    let id_token = if plan.tamper { tamper(&signed) } else { signed };
    Json(serde_json::json!({
        "access_token": "test-access-token",
        "token_type": "Bearer",
        "expires_in": 300,
        "id_token": id_token,
    }))
    .into_response()
}

/// Replaces the payload's subject, keeping the original signature.
fn tamper(token: &str) -> String {
    use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
    let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
    let payload = URL_SAFE_NO_PAD.decode(&parts[1]).expect("a base64url payload");
    let text = String::from_utf8(payload)
        .unwrap()
        .replace("citizen-0001", "citizen-0666");
    parts[1] = URL_SAFE_NO_PAD.encode(text.as_bytes());
    parts.join(".")
}

fn basic_auth(user: &str, password: &str) -> String {
    use base64::{Engine, engine::general_purpose::STANDARD};
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}
