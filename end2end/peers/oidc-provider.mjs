// A real, independent OpenID provider for the browser tests: npm `oidc-provider` (a certified
// implementation) on 127.0.0.1, with one confidential client for the portal and test people.
// Its development login form accepts a known account id with any password.
import Provider from 'oidc-provider';
import { generateKeyPairSync, randomBytes } from 'node:crypto';

const port = Number(process.env.OIDC_PORT ?? 3102);
const portal = process.env.PORTAL_URL ?? 'http://127.0.0.1:3100';
const issuer = `http://127.0.0.1:${port}`;

// People of the test federation. `admin-1` is listed in PORTAL_ADMIN_SUBJECTS by the harness.
export const accounts = {
  'citizen-1': { name: 'Émilie Bouchard', email: 'emilie.bouchard@example.org', email_verified: true, birthdate: '1987-09-14', locale: 'fr-CA' },
  'citizen-2': { name: 'Samuel Roy', email: 'samuel.roy@example.org', email_verified: true, birthdate: '1972-02-03', locale: 'en-CA' },
  'admin-1': { name: 'Nadia Lavoie', email: 'nadia.lavoie@example.org', email_verified: true, birthdate: '1980-06-21', locale: 'fr-CA' },
};

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'e2e-1', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID ?? 'votre-sante',
      client_secret: process.env.OIDC_CLIENT_SECRET ?? 'e2e-client-secret',
      redirect_uris: [`${portal}/auth/callback`],
      post_logout_redirect_uris: [`${portal}/auth/signed-out`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    profile: ['name', 'birthdate', 'locale'],
    email: ['email', 'email_verified'],
  },
  // Profile and e-mail claims in the ID token itself, as the portal reads them there.
  conformIdTokenClaims: false,
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(_ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  // Consent is given once for all: the portal asks only for what it shows.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
