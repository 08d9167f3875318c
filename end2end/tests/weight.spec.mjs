// The size check: what a first visit to each page downloads in Chromium (cache off), against
// the budgets of its kind. It counts the brotli size of the page's scripts and WebAssembly,
// chunks included; the sizes of the release bundle are deterministic, so this is a test, not a
// timing. `scripts/test` builds the browser bundle in release for it (PORTAL_RELEASE_BUNDLE).
// Writes every page's figures to artifacts/weights.json and prints the table.
import { test, expect } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ports, devSignIn, waitForHydration } from './pages.mjs';
import { budgets, limits, recordDownloads, table, weigh, weighInstallation } from './weigh.mjs';

// Its own portal (demo catalogue, development sign-in), so that the request it files is seen
// by no other test.
const base = `http://127.0.0.1:${ports.weigh}`;

test.skip(process.env.PORTAL_RELEASE_BUNDLE !== 'true', 'budgets are for the release bundle (scripts/test builds it)');
test.setTimeout(120_000);

test('every page downloads no more than its limit, and pages without islands no WebAssembly', async ({ page, playwright }) => {
  const downloads = await recordDownloads(page);
  const rows = [];
  const visit = async (name, kind, path, then) => {
    await downloads.take();
    await page.goto(`${base}${path}`);
    await waitForHydration(page);
    if (then) await then();
    const files = await downloads.take();
    rows.push({ name, kind, path, weight: weigh(files), files: files.map(({ path, kind, raw, gzip, brotli }) => ({ path, kind, raw, gzip, brotli })) });
  };

  await visit('home', 'content', '/fr');
  // Beside the first page, once per version, the service worker and what it keeps (the
  // manifests among them), fetched without a session as the worker does.
  const guest = await playwright.request.newContext();
  const installation = await weighInstallation(guest, base);
  await guest.dispose();
  rows.push({ name: "the service worker's installation", kind: 'install', path: '/sw.js', weight: weigh(installation), files: installation.map(({ path, kind, raw, gzip, brotli }) => ({ path, kind, raw, gzip, brotli })) });
  expect(installation.map((f) => f.path)).toEqual(expect.arrayContaining(['/sw.js', '/fr/manifest.webmanifest', '/en/manifest.webmanifest']));
  await visit('help', 'content', '/fr/aide');
  await visit('accessibility', 'content', '/fr/accessibilite');
  await visit("a service's help page", 'content', '/fr/services/grossesse-pour-autrui');
  await visit('report a problem', 'content', '/fr/signaler-un-probleme');
  await visit('health information', 'content', '/fr/renseignements-de-sante');

  await devSignIn(page, base, '/fr/mes-demarches', 'Alex Gagnon');
  await visit('home, signed in', 'citizen', '/fr');
  await visit('Mes démarches (empty)', 'citizen', '/fr/mes-demarches');
  await visit('profile', 'citizen', '/fr/profil');
  await visit('sign-in history', 'citizen', '/fr/historique-de-connexion');
  await visit('Messages', 'citizen', '/fr/messages');
  await visit('message settings', 'citizen', '/fr/parametres-des-messages');
  await visit('my problems and ideas', 'citizen', '/fr/mes-problemes-et-idees');
  await visit('administration', 'admin', '/fr/administration');
  await visit('the audit journal', 'admin', '/fr/administration/journal?action=auth.sign_in');
  await visit("a citizen's journey", 'admin', '/fr/administration/parcours?citizen=nobody');
  await visit('problems and ideas (board)', 'admin', '/fr/administration/problemes-et-idees');
  await visit('services', 'admin', '/fr/administration/services');
  await visit("service teams' tokens", 'admin', '/fr/administration/jetons');
  await visit('usage statistics', 'admin', '/fr/administration/statistiques?service=plaintes');
  await visit('health information (console)', 'admin', '/fr/administration/renseignements');
  await visit('a health information page (editor)', 'admin', '/fr/administration/renseignements/page');
  await visit("a service's manifest (editor)", 'admin', '/fr/administration/services/manifeste?service=plaintes');
  // A wizard step, then on to the review page: what the whole form needs.
  await visit('a wizard step and the review page', 'wizard', '/fr/services/grossesse-pour-autrui/demande', async () => {
    await page.getByLabel('La personne qui donnera naissance').check();
    await page.getByRole('group', { name: 'Êtes-vous domicilié au Québec depuis au moins un an?' }).getByLabel('Non').check();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByLabel('En personne').check();
    await page.getByLabel('La fin de semaine').check();
    await page.getByLabel('Nombre de personnes qui assisteront').fill('1');
    await page.getByLabel('Anglais').check();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('button', { name: 'Vérifier mes réponses' }).click();
    await expect(page.getByRole('heading', { name: 'Vérifiez vos réponses' })).toBeFocused();
  });
  // Sent, the request's page says so (what it downloads is weighed below).
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(page.getByRole('heading', { name: 'Votre demande a été reçue' })).toBeFocused();
  await visit('Mes démarches (one request)', 'citizen', '/fr/mes-demarches');
  const request = new URL(await page.getByTestId('request').first().getByRole('link').getAttribute('href'), base).pathname;
  await visit("a request's page", 'citizen', request);
  await visit('withdrawal', 'citizen', `${request}/retrait`);

  const text = table(rows);
  console.log(`\nWhat a first visit downloads (bytes; budgets count code = JS + wasm at brotli -q 11)\n${text}`);
  const artifacts = join(import.meta.dirname, '..', 'artifacts');
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, 'weights.json'), JSON.stringify({ budgets, limits, pages: rows }, null, 2));

  for (const { name, kind, weight, files } of rows) {
    expect.soft(weight.code.brotli, `${name}: ${files.filter((f) => f.kind === 'js' || f.kind === 'wasm').map((f) => `${f.path} ${f.brotli}`).join(', ')}`).toBeLessThanOrEqual(limits[kind]);
    // The wizard's pages hold islands; the installation keeps no WebAssembly (no page kept
    // offline holds an island).
    const hasIslands = kind === 'wizard';
    if (!hasIslands) expect.soft(weight.wasm.raw, `${name} downloads no WebAssembly`).toBe(0);
  }
  // The wizard's code is its own chunk: the page that has it downloads more than the main bundle.
  const wizard = rows.find((row) => row.kind === 'wizard');
  expect(wizard.files.filter((f) => f.kind === 'wasm').length).toBeGreaterThanOrEqual(2);
});
