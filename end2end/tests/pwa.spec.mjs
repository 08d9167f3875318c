// The portal as an installable app: the manifest of each language over the DevTools protocol,
// pages opening offline from the service worker's cache, nothing personal ever kept, the update
// offered and never forced, and a pushed message shown and opened.
import { test, expect, chromium } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ports, devSignIn, updateSiteRoot, waitForHydration, watchErrors } from './pages.mjs';

// Its own portal in development mode (demo catalogue, development sign-in).
const dev = `http://127.0.0.1:${ports.pwa}`;

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/**
 * Waits until the service worker controls the page. It takes charge of the pages open at its
 * first activation; a page whose load began before (a redirect in flight) is controlled from its
 * next load, as any browser does, so that one is loaded again.
 */
async function controlled(page) {
  const taken = (timeout) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout });
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await taken(3_000).catch(async () => {
    await page.reload();
    await taken(10_000);
  });
  await waitForHydration(page);
}

/** Every address kept in the worker's caches, by cache. */
async function kept(page) {
  return page.evaluate(async () => {
    const all = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      all[name] = (await cache.keys()).map((request) => new URL(request.url).pathname);
    }
    return all;
  });
}

const offlineHeading = { fr: 'Vous êtes hors ligne', en: 'You are offline' };

for (const lang of ['fr', 'en']) {
  test(`installable: the page links the manifest of its language, and Chromium finds nothing missing (${lang})`, async ({}, testInfo) => {
    // A persistent profile: Chromium never offers to install from a private (incognito) one,
    // which is what a test's browser context otherwise is.
    const profile = mkdtempSync(join(tmpdir(), 'votre-sante-pwa-'));
    const context = await chromium.launchPersistentContext(profile, { ...testInfo.project.use.launchOptions, headless: true });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${dev}/${lang}`);
      await controlled(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      expect(installabilityErrors).toEqual([]);
      const manifest = await cdp.send('Page.getAppManifest');
      expect(manifest.url).toBe(`${dev}/${lang}/manifest.webmanifest`);
      expect(manifest.errors).toEqual([]);
      const data = JSON.parse(manifest.data);
      expect(data).toMatchObject({ lang, dir: 'ltr', start_url: `/${lang}`, scope: `/${lang}`, display: 'standalone', theme_color: '#223654' });
      expect(data.shortcuts.map((s) => s.name)).toEqual(lang === 'fr' ? ['Mes démarches', 'Aide'] : ['My requests', 'Help']);
      expect(data.icons.filter((i) => i.purpose === 'maskable').map((i) => i.sizes)).toEqual(['192x192', '512x512']);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
}

test('offline: the home page and a visited help page open from the cache, a new page says it is offline', async ({ page, context }) => {
  const errors = watchErrors(page);
  await page.goto(`${dev}/fr`);
  await controlled(page);
  await page.goto(`${dev}/fr/aide`);
  await page.goto(`${dev}/fr/services/plaintes`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();

  await context.setOffline(true);
  await page.goto(`${dev}/fr`);
  await expect(page.getByRole('heading', { name: 'Vos services de santé en ligne, au même endroit' })).toBeVisible();
  await page.goto(`${dev}/fr/aide`);
  await expect(page.getByRole('heading', { level: 1, name: 'Aide' })).toBeVisible();
  await page.goto(`${dev}/fr/services/plaintes`);
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(offlineHeading.fr);
  // Never visited: the offline page, in the language of the address, and accessible.
  await page.goto(`${dev}/fr/accessibilite`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(offlineHeading.fr);
  await expect(page.getByText('Envoyer une demande.')).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto(`${dev}/en/accessibility`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(offlineHeading.en);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expectNoAxeViolations(page);
  await context.setOffline(false);
  expect(errors.filter((e) => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([]);
});

test('a draft already open keeps saving on the device with no network, and reaches the file when back', async ({ page, context }) => {
  await devSignIn(page, dev, '/fr/services/plaintes/demande', 'Alex Gagnon');
  await waitForHydration(page);
  await controlled(page);
  const saveState = page.getByTestId('save-state');
  await page.getByLabel('Pour moi-même').check();
  await expect(saveState).toHaveText('Enregistré dans votre dossier');
  await context.setOffline(true);
  await page.getByLabel('Numéro de téléphone (facultatif)').fill('514 555-0142');
  await expect(saveState).toContainText('Hors ligne');
  await context.setOffline(false);
  await expect(saveState).toHaveText('Enregistré dans votre dossier');
  await page.reload();
  await expect(page.getByLabel('Numéro de téléphone (facultatif)')).toHaveValue('514 555-0142');
});

test('started with no network, a form opened on this device before shows the answers kept here, keeps new ones, and sends them once back', async ({ page, context }) => {
  const form = `${dev}/fr/services/plaintes/demande`;
  await devSignIn(page, dev, '/fr/services/plaintes/demande', 'Camille Tremblay');
  await controlled(page);
  // Opened under the worker: it keeps the form's page for a start with no network, as a guest gets it.
  await page.reload();
  await waitForHydration(page);
  const saveState = page.getByTestId('save-state');
  await page.getByLabel('Pour moi-même').check();
  await expect(saveState).toHaveText('Enregistré dans votre dossier');
  await expect.poll(async () => Object.values(await kept(page)).flat()).toContain('/fr/services/plaintes/demande/hors-ligne');

  // The app starts again with no network, on the form: the same form, for no one, with the
  // answers this device kept; what is typed stays here.
  await context.setOffline(true);
  await page.goto(form);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Porter plainte et suivre sa plainte');
  await expect(page.getByRole('status').filter({ hasText: 'Vous êtes hors ligne. Ce formulaire reprend les réponses gardées sur cet appareil' })).toBeVisible();
  await waitForHydration(page);
  await expect(page.getByLabel('Pour moi-même')).toBeChecked();
  await expect(page.getByLabel('Nom complet')).toHaveValue('Camille Tremblay');
  await expectNoAxeViolations(page);
  await page.getByLabel('Numéro de téléphone (facultatif)').fill('514 555-0199');
  await expect(saveState).toContainText('Hors ligne');

  // Back online: the form of her file takes what the device kept and saves it.
  await context.setOffline(false);
  await page.waitForURL(form);
  await waitForHydration(page);
  await expect(page.getByTestId('account-name')).toHaveText('Camille Tremblay');
  await expect(page.getByLabel('Numéro de téléphone (facultatif)')).toHaveValue('514 555-0199');
  await expect(saveState).toHaveText('Enregistré dans votre dossier');
  await page.reload();
  await expect(page.getByLabel('Numéro de téléphone (facultatif)')).toHaveValue('514 555-0199');
});

test("signed out and offline, no page of the person's comes from the cache, not even through the back button", async ({ page, context }) => {
  await devSignIn(page, dev, '/fr/services/grossesse-pour-autrui/demande', 'Gabrielle Nguyen');
  await waitForHydration(page);
  await controlled(page);
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
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(page.getByRole('heading', { name: 'Votre demande a été reçue' })).toBeFocused();
  const reference = (await page.getByTestId('reference').textContent()).trim();
  const requestPage = new URL(page.url()).pathname;
  await page.goto(`${dev}/fr/mes-demarches`);
  await expect(page.getByTestId('request').first()).toContainText(reference);
  await page.goto(`${dev}${requestPage}`);
  await page.goto(`${dev}/fr/profil`);
  await expect(page.getByText('Gabrielle Nguyen').first()).toBeVisible();

  await page.goto(`${dev}/fr`);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/deconnexion/);
  // The signed-out page is the worker's too before the network goes (under load, a navigation
  // may settle before the worker claims it).
  await controlled(page);
  // A form's page for a start with no network is kept, as a guest gets it; the form itself never.
  const shell = '/fr/services/grossesse-pour-autrui/demande/hors-ligne';
  const personal = (path) => path.startsWith('/fr/mes-demarches') || path.startsWith('/fr/profil') || (path.includes('/demande') && path !== shell);
  for (const paths of Object.values(await kept(page))) expect(paths.filter(personal)).toEqual([]);

  await context.setOffline(true);
  for (const path of ['/fr/mes-demarches', requestPage, '/fr/profil']) {
    await page.goto(`${dev}${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(offlineHeading.fr);
    await expect(page.locator('body')).not.toContainText(reference);
    await expect(page.locator('body')).not.toContainText('Gabrielle Nguyen');
  }
  // Her form, started again with no network: the form for no one (or the offline page), and
  // nothing of hers (her copies on the device went at sign-out).
  await page.goto(`${dev}/fr/services/grossesse-pour-autrui/demande`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await waitForHydration(page);
  await expect(page.locator('body')).not.toContainText('Gabrielle Nguyen');
  // Back through the history, offline: each step shows a page kept for a guest or the offline
  // page, never what the person saw.
  for (let step = 0; step < 8; step += 1) {
    const back = await page.goBack().catch(() => null);
    if (!back && page.url() === 'about:blank') break;
    await expect(page.locator('body')).not.toContainText(reference);
    await expect(page.locator('body')).not.toContainText('Gabrielle Nguyen');
  }
  await context.setOffline(false);
});

test('a new version: the page offers the update in its language and reloads only when asked; then only the new cache is left', async ({ context }) => {
  const base = `http://127.0.0.1:${ports.update}`;
  const page = await context.newPage();
  await page.goto(`${base}/fr`);
  await controlled(page);
  const before = Object.keys(await kept(page));
  expect(before).toHaveLength(1);

  // A new build changes the stylesheet (its precompressed copies go with it, as a build writes them).
  const stylesheet = join(updateSiteRoot, 'pkg', 'portal.css');
  appendFileSync(stylesheet, `\n/* build ${Date.now()} */\n`);
  rmSync(`${stylesheet}.br`, { force: true });
  rmSync(`${stylesheet}.gz`, { force: true });

  // Someone is typing in the search field when the new version arrives.
  await page.evaluate(() => {
    window.notReloaded = true;
  });
  const search = page.getByRole('searchbox').first();
  if (await search.count()) await search.fill('dépistage');
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((registration) => registration.update()));
  const banner = page.getByRole('status').filter({ hasText: 'Une nouvelle version de Votre santé est prête.' });
  await expect(banner).toBeVisible({ timeout: 15_000 });
  expect(await page.evaluate(() => window.notReloaded)).toBe(true);
  await expectNoAxeViolations(page);

  // Another tab, in English, is told too; it does not reload when the first one updates.
  const other = await context.newPage();
  await other.goto(`${base}/en/help`);
  await expect(other.getByRole('status').filter({ hasText: 'A new version of Votre santé is ready.' })).toBeVisible({ timeout: 15_000 });
  await expectNoAxeViolations(other);
  await other.evaluate(() => {
    window.notReloaded = true;
  });

  await Promise.all([page.waitForEvent('load'), banner.getByRole('button', { name: 'Mettre à jour' }).click()]);
  expect(await page.evaluate(() => window.notReloaded)).toBeUndefined();
  await expect(page.getByRole('button', { name: 'Mettre à jour' })).toHaveCount(0);
  await expect.poll(async () => Object.keys(await kept(page))).toHaveLength(1);
  const after = Object.keys(await kept(page));
  expect(after[0]).not.toBe(before[0]);
  const css = await page.evaluate(async () => {
    const cache = await caches.open((await caches.keys())[0]);
    const kept = (await cache.keys()).find((request) => request.url.includes('/pkg/') && request.url.endsWith('.css'));
    return (await cache.match(kept)).text();
  });
  expect(css).toContain('/* build ');
  expect(await other.evaluate(() => window.notReloaded)).toBe(true);
});

test('a pushed message: the worker shows its title and link, nothing else; opening it goes to the page', async ({ page, context }) => {
  await context.grantPermissions(['notifications'], { origin: dev });
  await page.goto(`${dev}/fr`);
  await controlled(page);
  const cdp = await context.newCDPSession(page);
  const registered = new Promise((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${dev}/` && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  const registrationId = await registered;
  const notifications = () =>
    page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return (await registration.getNotifications()).map((n) => ({ title: n.title, body: n.body, url: n.data && n.data.url }));
    });

  // A link elsewhere is never followed: the notification leads to the portal's home page.
  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: `${dev}/`,
    registrationId,
    data: JSON.stringify({ title: 'Ailleurs', url: 'https://example.org/phishing' }),
  });
  await expect.poll(notifications).toEqual([{ title: 'Ailleurs', body: '', url: '/fr' }]);
  const [worker] = context.serviceWorkers();
  await worker.evaluate(async () => {
    for (const notification of await self.registration.getNotifications()) notification.close();
  });

  await cdp.send('ServiceWorker.deliverPushMessage', {
    origin: `${dev}/`,
    registrationId,
    data: JSON.stringify({ title: 'Votre demande a changé d’état', url: '/fr/aide', body: 'never shown' }),
  });
  await expect.poll(notifications).toEqual([{ title: 'Votre demande a changé d’état', body: '', url: '/fr/aide' }]);
  // What a click on it does (the listener of `notificationclick` calls the same function).
  await worker.evaluate(async () => {
    const [notification] = await self.registration.getNotifications();
    await openFromNotification(notification);
  });
  await expect(page).toHaveURL(`${dev}/fr/aide`);
  await expect(page.getByRole('heading', { level: 1, name: 'Aide' })).toBeVisible();
});
