// Journeys through sign-in against a real OpenID provider (npm oidc-provider), and the
// development sign-in of a portal without one.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ports, signInAtProvider, devSignIn, waitForHydration } from './pages.mjs';

const dev = `http://127.0.0.1:${ports.dev}`;
const shortIdle = `http://127.0.0.1:${ports.shortIdle}`;

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test('sign in, land on the requested page, see the name, sign out, session gone', async ({ page }) => {
  await page.goto('/fr/mes-demarches');
  await signInAtProvider(page, 'citizen-1');
  await page.waitForURL('/fr/mes-demarches');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Mes démarches');
  await expect(page.getByTestId('account-name')).toHaveText('Émilie Bouchard');
  await waitForHydration(page);

  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  // RP-initiated logout: the provider asks to confirm, then sends the person back.
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.waitForURL('/fr/deconnexion');
  await expect(page.getByText('Vous êtes déconnecté')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();

  // The session is gone: a personal page sends the person to sign in again.
  await page.goto('/fr/profil');
  await page.waitForURL(new RegExp(`:${ports.oidc}/interaction/`));
  // (Console errors are not asserted here: the provider's own pages load a web font from the
  // internet, which fails offline. The portal's pages are checked in hydration.spec.mjs.)
});

test('the profile shows the identity claims; the language preference and the history work', async ({ page }) => {
  await page.goto('/en/profile');
  await signInAtProvider(page, 'citizen-2');
  await page.waitForURL('/en/profile');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('My profile');
  await expect(page.getByText('samuel.roy@example.org')).toBeVisible();
  await expect(page.getByText('1972-02-03')).toBeVisible();
  await waitForHydration(page);
  await page.getByLabel('Language of pages and notices').selectOption('fr');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Your preference is saved.')).toBeVisible();

  await page.getByRole('link', { name: 'See my sign-in history' }).click();
  await page.waitForURL('/en/sign-in-history');
  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('127.0.0.1');
  await expectNoAxeViolations(page);
});

test('cancelling at the provider ends on a clear, translated page with no session', async ({ page }) => {
  await page.goto('/fr/profil');
  await page.waitForURL(new RegExp(`:${ports.oidc}/interaction/`));
  await page.getByRole('link', { name: '[ Cancel ]' }).click();
  await page.waitForURL(/\/fr\/erreur-de-connexion\?reason=cancelled/);
  await expect(page.getByText('Vous avez annulé la connexion')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Se connecter' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test('administration: the journal for an administrator, 403 for a citizen', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await admin.goto('/fr/administration');
  await signInAtProvider(admin, 'admin-1');
  await admin.waitForURL('/fr/administration');
  await expect(admin.getByRole('table')).toContainText('auth.sign_in');
  await expectNoAxeViolations(admin);

  const citizen = await (await browser.newContext()).newPage();
  await citizen.goto('/fr/profil');
  await signInAtProvider(citizen, 'citizen-1');
  await citizen.waitForURL('/fr/profil');
  const response = await citizen.goto('/fr/administration');
  expect(response.status()).toBe(403);
  await expect(citizen.getByRole('heading', { name: 'Accès refusé' })).toBeVisible();
});

test('the development sign-in says it is not real and signs in a fictitious person', async ({ page }) => {
  await page.goto(`${dev}/fr/profil`);
  await page.waitForURL(`${dev}/fr/connexion-developpement?return_to=/fr/profil`);
  await expect(page.getByText("Ceci n'est pas une vraie connexion")).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: /Camille Tremblay/ }).click();
  await page.waitForURL(`${dev}/fr/profil`);
  await expect(page.getByTestId('account-name')).toHaveText('Camille Tremblay');
});

test('two minutes before an idle session ends, the page warns and offers to stay', async ({ page }) => {
  await devSignIn(page, shortIdle, '/fr/profil', 'Camille Tremblay');
  const warning = page.getByRole('alert').filter({ hasText: 'moins de 2 minutes' });
  // The warning comes once the page has hydrated and asked the time left: slow on a busy machine.
  await expect(warning).toBeVisible({ timeout: 15_000 });
  await expect(warning.getByRole('button', { name: 'Rester connecté' })).toBeVisible();
  await expectNoAxeViolations(page);
});

for (const lang of ['fr', 'en']) {
  const paths = lang === 'fr'
    ? ['/fr/profil', '/fr/historique-de-connexion', '/fr/mes-demarches', '/fr/administration']
    : ['/en/profile', '/en/sign-in-history', '/en/my-requests', '/en/administration'];
  test(`signed-in pages have no accessibility violations (${lang})`, async ({ page }) => {
    await devSignIn(page, dev, paths[0], 'Alex Gagnon');
    for (const path of paths) {
      const response = await page.goto(`${dev}${path}`);
      expect(response.status(), path).toBe(200);
      await waitForHydration(page);
      await expectNoAxeViolations(page);
    }
  });

  test(`the development sign-in page has no accessibility violations (${lang})`, async ({ page }) => {
    await page.goto(`${dev}/${lang}/${lang === 'fr' ? 'connexion-developpement' : 'development-sign-in'}`);
    await expectNoAxeViolations(page);
  });
}
