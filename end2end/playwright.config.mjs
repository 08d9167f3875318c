// Browser tests: Debian's Chromium drives the portal built by cargo-leptos, started here on a
// fresh SQLite database. `scripts/test` builds the site and sets PORTAL_SERVER_BIN.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const port = Number(process.env.PORTAL_E2E_PORT ?? 3100);
const root = resolve(import.meta.dirname, '..');
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
const serverBin = process.env.PORTAL_SERVER_BIN ?? join(targetDir, 'debug', 'server');
const dataDir = mkdtempSync(join(tmpdir(), 'votre-sante-e2e-'));

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
  webServer: {
    command: serverBin,
    cwd: root,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: join(root, 'target', 'site'),
      PORTAL_DATABASE_URL: `sqlite://${join(dataDir, 'portal.db')}`,
      PORTAL_LOG: 'warn',
      // What `cargo leptos build` produced (plain names unless told otherwise).
      LEPTOS_HASH_FILES: process.env.LEPTOS_HASH_FILES ?? 'false',
    },
  },
});
