// Browser tests: Debian's Chromium drives the portal built by cargo-leptos, started here on a
// fresh SQLite database, signing in through a real OpenID provider (npm oidc-provider) started
// here too. `scripts/test` builds the site and sets PORTAL_SERVER_BIN.
import { defineConfig } from '@playwright/test';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ports, updateSiteRoot } from './tests/pages.mjs';

const port = ports.main;
const root = resolve(import.meta.dirname, '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const serverBin = process.env.PORTAL_SERVER_BIN ?? join(targetDir, 'debug', 'server');
const referenceServiceBin = process.env.PORTAL_REFERENCE_SERVICE_BIN ?? join(targetDir, 'debug', 'reference-service');
const dataDir = mkdtempSync(join(tmpdir(), 'votre-sante-e2e-'));
// The provider's port, and two more portals in development mode (see webServer below).
const { dev: devPort, oidc: oidcPort, shortIdle: shortPort } = ports;
const issuer = `http://127.0.0.1:${oidcPort}`;
const clientSecret = 'e2e-client-secret';
// The development portal's VAPID key for web push, new for each run (what `server
// generate-vapid-keys` prints: the P-256 private scalar, base64url).
const vapidPrivateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }).d;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: 'artifacts/results.json' }]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    locale: 'fr-CA',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    // A real, independent OpenID provider (npm oidc-provider) for the portal under test.
    {
      command: 'node peers/oidc-provider.mjs',
      cwd: import.meta.dirname,
      url: `${issuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { OIDC_PORT: String(oidcPort), PORTAL_URL: `http://127.0.0.1:${port}`, OIDC_CLIENT_SECRET: clientSecret },
    },
    portal(port, {
      PORTAL_OIDC_ISSUER: issuer,
      PORTAL_OIDC_CLIENT_ID: 'votre-sante',
      PORTAL_OIDC_CLIENT_SECRET: clientSecret,
      PORTAL_PUBLIC_URL: `http://127.0.0.1:${port}`,
      PORTAL_ADMIN_SUBJECTS: 'admin-1',
      // Every test signs in from 127.0.0.1: the per-address limit is for real traffic.
      PORTAL_SIGN_IN_ATTEMPTS_PER_MINUTE: '1000',
      PORTAL_DEMO_CATALOGUE: 'true',
    }),
    // The demo services' back-end (the manifests deliver to 127.0.0.1:3200): the reference
    // service, checking signatures and keeping each delivery once.
    {
      command: `${referenceServiceBin} serve --listen 127.0.0.1:${ports.service} --portal http://127.0.0.1:${devPort}`,
      cwd: root,
      url: `http://127.0.0.1:${ports.service}/received`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    // A real SMTP server (npm MailDev) that keeps what the development portal sends, read by
    // the tests through its REST API (a verification code, a notice).
    {
      command: `node_modules/.bin/maildev --ip 127.0.0.1 --web-ip 127.0.0.1 --silent -s ${ports.smtp} -w ${ports.mailbox}`,
      cwd: import.meta.dirname,
      url: `http://127.0.0.1:${ports.mailbox}/api/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    // A real push service (npm web-push-testing): subscriptions for the push tests' browser, and
    // what the portal pushes to them, checked (VAPID, aes128gcm) and decrypted.
    {
      command: `node node_modules/web-push-testing/src/bin/server.js ${ports.push}`,
      cwd: import.meta.dirname,
      port: ports.push,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    // Development mode without a provider: the development sign-in, the demo catalogue,
    // e-mail through MailDev and web push through the test push service.
    portal(devPort, {
      PORTAL_PUBLIC_URL: `http://127.0.0.1:${devPort}`,
      PORTAL_DEMO_CATALOGUE: 'true',
      PORTAL_SMTP_HOST: '127.0.0.1',
      PORTAL_SMTP_PORT: String(ports.smtp),
      PORTAL_SMTP_TLS: 'none',
      PORTAL_VAPID_PRIVATE_KEY: vapidPrivateKey,
      PORTAL_VAPID_SUBJECT: 'mailto:exploitation@votresante.example',
      // The test push service's endpoints are http://localhost:….
      PORTAL_DELIVERY_ALLOWED_HOSTS: '127.0.0.1,localhost',
      // One notice per status, at any hour: folding and quiet hours are the integration tests'.
      PORTAL_NOTIFY_FOLD_MINUTES: '0',
      // The statistics page shows what earlier tests did within a second.
      PORTAL_USAGE_FOLD_SECONDS: '1',
      PORTAL_QUIET_HOURS: 'off',
    }),
    // The same, with sessions that end after 2 idle minutes: the warning shows at once.
    portal(shortPort, { PORTAL_PUBLIC_URL: `http://127.0.0.1:${shortPort}`, PORTAL_SESSION_IDLE_MINUTES: '2' }),
    // The size check's own portal (weight.spec.mjs): the request it files is seen by no other test.
    portal(ports.weigh, { PORTAL_PUBLIC_URL: `http://127.0.0.1:${ports.weigh}`, PORTAL_DEMO_CATALOGUE: 'true' }),
    // The installable app's tests (pwa.spec.mjs): people signed in there edit no other test's drafts.
    portal(ports.pwa, { PORTAL_PUBLIC_URL: `http://127.0.0.1:${ports.pwa}`, PORTAL_DEMO_CATALOGUE: 'true' }),
    // The service worker's update test (pwa.spec.mjs): its own copy of the site, which the test
    // changes as a new build would.
    {
      ...portal(ports.update, { PORTAL_PUBLIC_URL: `http://127.0.0.1:${ports.update}`, LEPTOS_SITE_ROOT: updateSiteRoot }),
      command: `rm -rf '${updateSiteRoot}' && cp -R '${join(root, 'target', 'site')}' '${updateSiteRoot}' && exec '${serverBin}'`,
    },
  ],
});

/** A portal on `listenPort` with a fresh SQLite database and the given settings. */
function portal(listenPort, settings) {
  return {
    command: serverBin,
    cwd: root,
    url: `http://127.0.0.1:${listenPort}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${listenPort}`,
      LEPTOS_SITE_ROOT: join(root, 'target', 'site'),
      PORTAL_DATABASE_URL: `sqlite://${join(dataDir, `portal-${listenPort}.db`)}`,
      PORTAL_LOG: 'warn',
      // Development is never assumed: the development sign-in and the demo catalogue need it.
      PORTAL_ENV: 'development',
      // The demo services deliver to the reference service on this machine.
      PORTAL_DELIVERY_ALLOWED_HOSTS: '127.0.0.1',
      // What `cargo leptos build` produced (plain names unless told otherwise).
      LEPTOS_HASH_FILES: process.env.LEPTOS_HASH_FILES ?? 'false',
      ...settings,
    },
  };
}
