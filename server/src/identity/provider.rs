//! The relying party's side of OpenID Connect, on the `openidconnect` crate: discovery (cached,
//! refreshed when a token names a key we do not have, so key rotation needs no restart), the
//! authorization URL with PKCE S256, `state` and `nonce`, the code exchange, and ID token
//! validation (signature by an allowed algorithm, `iss`, `aud`, `exp`, `iat`, `nonce`).

use app::auth::db::{Claims, SignInAttempt};
use app::auth::model::SignInFailure;
use app::clock::Clock;
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret, CsrfToken, IdTokenVerifier,
    IssuerUrl, LanguageTag, LogoutRequest, Nonce, PkceCodeChallenge, PkceCodeVerifier, PostLogoutRedirectUrl,
    ProviderMetadataWithLogout, RedirectUrl, RequestTokenError, Scope, SignatureVerificationError, TokenResponse,
    core::{CoreAuthPrompt, CoreClient, CoreIdTokenClaims, CoreJsonWebKey, CoreJwsSigningAlgorithm, CoreResponseType},
    reqwest,
};
use std::{
    sync::Arc,
    time::{Duration, Instant},
};
use tokio::sync::{Mutex, RwLock};
use url::Url;

/// How long discovery metadata (endpoints and keys) is trusted before it is fetched again.
const METADATA_TTL: Duration = Duration::from_secs(3600);

/// Only asymmetric signatures: a token signed with the client secret (HS256) or unsigned
/// (`none`) is refused whatever the provider advertises.
const ALLOWED_ALGORITHMS: [CoreJwsSigningAlgorithm; 6] = [
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha256,
    CoreJwsSigningAlgorithm::RsaSsaPkcs1V15Sha384,
    CoreJwsSigningAlgorithm::RsaSsaPssSha256,
    CoreJwsSigningAlgorithm::EcdsaP256Sha256,
    CoreJwsSigningAlgorithm::EcdsaP384Sha384,
    CoreJwsSigningAlgorithm::EdDsa,
];

/// An ID token older than this at the callback is refused.
const MAX_TOKEN_AGE: time::Duration = time::Duration::minutes(10);
/// Tolerated clock difference with the provider.
const CLOCK_SKEW: time::Duration = time::Duration::seconds(60);

/// What the operator configured for the provider.
#[derive(Clone, Debug)]
pub struct ProviderSettings {
    pub issuer: Url,
    pub client_id: String,
    pub client_secret: crate::config::Secret,
    pub scopes: Vec<String>,
    /// `…/auth/callback` under the portal's public URL.
    pub redirect_url: Url,
    /// `…/auth/signed-out` under the portal's public URL.
    pub post_logout_redirect_url: Url,
}

/// A sign-in to send the browser on: the provider's URL and what the callback must check.
pub struct Authorization {
    pub url: Url,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// A person the provider vouched for, after every check passed.
#[derive(Clone, Debug)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    pub claims: Claims,
    /// When the person authenticated at the provider, and how, if the token says.
    pub auth_time: Option<time::OffsetDateTime>,
    pub acr: Option<String>,
}

struct Cached {
    metadata: Arc<ProviderMetadataWithLogout>,
    fetched_at: Instant,
}

/// The configured provider, with its discovery document cached.
pub struct OidcProvider {
    settings: ProviderSettings,
    issuer: IssuerUrl,
    http: reqwest::Client,
    cache: RwLock<Option<Cached>>,
    /// One discovery at a time: a burst of sign-ins after a rotation fetches the keys once.
    refreshing: Mutex<()>,
    clock: Clock,
}

impl OidcProvider {
    pub fn new(settings: ProviderSettings, clock: Clock) -> Result<OidcProvider, String> {
        let issuer = IssuerUrl::new(settings.issuer.as_str().trim_end_matches('/').to_owned())
            .map_err(|e| format!("PORTAL_OIDC_ISSUER is not a URL: {e}"))?;
        let http = reqwest::Client::builder()
            // Following redirects would let a provider's answer send us elsewhere (SSRF).
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(OidcProvider {
            settings,
            issuer,
            http,
            cache: RwLock::new(None),
            refreshing: Mutex::new(()),
            clock,
        })
    }

    /// The provider's metadata, from the cache while it is fresh.
    async fn metadata(&self) -> Result<Arc<ProviderMetadataWithLogout>, SignInFailure> {
        if let Some(cached) = self.cache.read().await.as_ref()
            && cached.fetched_at.elapsed() < METADATA_TTL
        {
            return Ok(cached.metadata.clone());
        }
        self.refresh(None).await
    }

    /// Fetches the discovery document and keys again, unless another task did so after
    /// `seen` (the metadata the caller found wanting).
    async fn refresh(
        &self,
        seen: Option<&Arc<ProviderMetadataWithLogout>>,
    ) -> Result<Arc<ProviderMetadataWithLogout>, SignInFailure> {
        let _one_at_a_time = self.refreshing.lock().await;
        if let Some(cached) = self.cache.read().await.as_ref() {
            let newer = seen.is_some_and(|seen| !Arc::ptr_eq(seen, &cached.metadata));
            let fresh = seen.is_none() && cached.fetched_at.elapsed() < METADATA_TTL;
            if newer || fresh {
                return Ok(cached.metadata.clone());
            }
        }
        let metadata = ProviderMetadataWithLogout::discover_async(self.issuer.clone(), &self.http)
            .await
            .map_err(|error| {
                tracing::warn!(error = %error, "identity provider discovery failed");
                SignInFailure::Unavailable
            })?;
        let metadata = Arc::new(metadata);
        *self.cache.write().await = Some(Cached {
            metadata: metadata.clone(),
            fetched_at: Instant::now(),
        });
        Ok(metadata)
    }

    fn client(&self, metadata: &ProviderMetadataWithLogout) -> Result<ConfiguredClient, SignInFailure> {
        let redirect = RedirectUrl::from_url(self.settings.redirect_url.clone());
        Ok(CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.expose().to_owned())),
        )
        .set_redirect_uri(redirect))
    }

    /// Where to send the browser to sign in, in the citizen's language; `fresh` asks the
    /// provider to authenticate the person again whatever session it has (`prompt=login`,
    /// `max_age=0`), as signing a document needs.
    pub async fn authorize(&self, locale: &str, fresh: bool) -> Result<Authorization, SignInFailure> {
        let metadata = self.metadata().await?;
        let client = self.client(&metadata)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .set_pkce_challenge(challenge)
            .add_ui_locale(LanguageTag::new(locale.to_owned()));
        if fresh {
            request = request.add_prompt(CoreAuthPrompt::Login).set_max_age(Duration::ZERO);
        }
        for scope in &self.settings.scopes {
            if scope != "openid" {
                request = request.add_scope(Scope::new(scope.clone()));
            }
        }
        let (url, state, nonce) = request.url();
        Ok(Authorization {
            url,
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Exchanges the code (with the PKCE verifier) and validates the ID token against the
    /// attempt's nonce. A token signed by a key we do not know triggers one fresh fetch of the
    /// provider's keys before it is refused.
    pub async fn complete(&self, code: &str, attempt: &SignInAttempt) -> Result<VerifiedIdentity, SignInFailure> {
        let metadata = self.metadata().await?;
        let client = self.client(&metadata)?;
        let response = client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|error| {
                tracing::warn!(error = %error, "the provider has no token endpoint");
                SignInFailure::ProviderError
            })?
            .set_pkce_verifier(PkceCodeVerifier::new(attempt.pkce_verifier.clone()))
            .request_async(&self.http)
            .await
            .map_err(|error| match error {
                RequestTokenError::Request(error) => {
                    tracing::warn!(error = %error, "token endpoint unreachable");
                    SignInFailure::Unavailable
                }
                other => {
                    tracing::warn!(error = %other, "token endpoint refused the code");
                    SignInFailure::ProviderError
                }
            })?;
        let id_token = response.id_token().ok_or_else(|| {
            tracing::warn!("token response without an ID token");
            SignInFailure::ProviderError
        })?;
        let nonce = Nonce::new(attempt.nonce.clone());
        let claims = match id_token.claims(&self.verifier(&client), &nonce) {
            Err(ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey)) => {
                // Perhaps the provider rotated its keys: fetch them once more and retry.
                let metadata = self.refresh(Some(&metadata)).await?;
                let client = self.client(&metadata)?;
                id_token.claims(&self.verifier(&client), &nonce).cloned()
            }
            other => other.cloned(),
        }
        .map_err(|error| {
            let failure = failure_of(&error);
            tracing::warn!(error = %error, reason = failure.code(), "ID token refused");
            failure
        })?;
        let identity = identity_of(&claims);
        // A fresh authentication must show one since the attempt began (OIDC Core 3.1.2.1:
        // with max_age, auth_time is required).
        if attempt.fresh && identity.auth_time.is_none_or(|at| at < attempt.started_at - CLOCK_SKEW) {
            tracing::warn!(reason = "not_reauthenticated", "ID token refused");
            return Err(SignInFailure::NotReauthenticated);
        }
        Ok(identity)
    }

    fn verifier<'a>(&self, client: &'a ConfiguredClient) -> IdTokenVerifier<'a, CoreJsonWebKey> {
        let clock = self.clock.clone();
        let iat_clock = self.clock.clone();
        client
            .id_token_verifier()
            .set_allowed_algs(ALLOWED_ALGORITHMS)
            .set_time_fn(move || chrono_of(clock.now()))
            .set_issue_time_verifier_fn(move |issued_at| {
                let now = iat_clock.now();
                let issued_at = time::OffsetDateTime::from_unix_timestamp(issued_at.timestamp())
                    .map_err(|_| "iat out of range".to_owned())?;
                if issued_at > now + CLOCK_SKEW {
                    Err("issued in the future".to_owned())
                } else if issued_at < now - MAX_TOKEN_AGE {
                    Err("issued too long ago".to_owned())
                } else {
                    Ok(())
                }
            })
    }

    /// The provider's end-session URL (RP-initiated logout), when it advertises one.
    pub async fn end_session_url(&self, locale: &str) -> Option<Url> {
        let metadata = self.metadata().await.ok()?;
        let endpoint = metadata.additional_metadata().end_session_endpoint.clone()?;
        Some(
            LogoutRequest::from(endpoint)
                .set_client_id(ClientId::new(self.settings.client_id.clone()))
                .set_post_logout_redirect_uri(PostLogoutRedirectUrl::from_url(
                    self.settings.post_logout_redirect_url.clone(),
                ))
                // Our own "state": the language to come back to.
                .set_state(CsrfToken::new(locale.to_owned()))
                .add_ui_locale(LanguageTag::new(locale.to_owned()))
                .http_get_url(),
        )
    }
}

type ConfiguredClient = CoreClient<
    openidconnect::EndpointSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointNotSet,
    openidconnect::EndpointMaybeSet,
    openidconnect::EndpointMaybeSet,
>;

fn failure_of(error: &ClaimsVerificationError) -> SignInFailure {
    match error {
        ClaimsVerificationError::InvalidNonce(_) => SignInFailure::NonceMismatch,
        ClaimsVerificationError::Expired(_) => SignInFailure::TokenExpired,
        ClaimsVerificationError::SignatureVerification(SignatureVerificationError::NoMatchingKey) => {
            SignInFailure::UnknownKey
        }
        _ => SignInFailure::TokenInvalid,
    }
}

fn identity_of(claims: &CoreIdTokenClaims) -> VerifiedIdentity {
    let locale = claims
        .locale()
        .map(|tag| {
            tag.as_str()
                .split(['-', '_'])
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase()
        })
        .filter(|language| matches!(language.as_str(), "fr" | "en"));
    VerifiedIdentity {
        issuer: claims.issuer().as_str().to_owned(),
        subject: claims.subject().as_str().to_owned(),
        claims: Claims {
            display_name: claims
                .name()
                .and_then(|name| name.get(None))
                .map(|name| name.as_str().to_owned()),
            email: claims.email().map(|email| email.as_str().to_owned()),
            email_verified: claims.email_verified() == Some(true),
            birth_date: claims.birthdate().map(|date| date.as_str().to_owned()),
            locale,
        },
        auth_time: claims
            .auth_time()
            .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at.timestamp()).ok()),
        acr: claims.auth_context_ref().map(|acr| acr.as_str().to_owned()),
    }
}

fn chrono_of(at: time::OffsetDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(at.unix_timestamp(), at.nanosecond()).unwrap_or_default()
}
