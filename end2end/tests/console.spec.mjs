// The administrators' console in Chromium: the journal searched with its plain form, a
// citizen's journey reached from a result, the chain verified and its head exported, a refused
// search named, and axe on every view in both languages, on a phone and a desktop.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ports, devSignIn } from './pages.mjs';

const dev = `http://127.0.0.1:${ports.dev}`;

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test('an administrator searches the journal, follows a journey and verifies the chain', async ({ browser }) => {
  // A citizen's sign-in, for the journal to hold.
  const citizen = await (await browser.newContext()).newPage();
  await devSignIn(citizen, dev, '/fr/profil', 'Camille Tremblay');

  const admin = await (await browser.newContext()).newPage();
  await devSignIn(admin, dev, '/fr/administration', 'Alex Gagnon');
  await admin.getByRole('link', { name: 'Rechercher dans le journal' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText("Journal d'audit");
  await expectNoAxeViolations(admin);

  await admin.getByLabel('Action (code, p. ex. auth.sign_in)').fill('auth.sign_in');
  await admin.getByRole('button', { name: 'Rechercher' }).click();
  await expect(admin).toHaveURL(/action=auth\.sign_in/);
  const rows = admin.getByTestId('journal-entry');
  await expect(rows.first()).toContainText('Connexion');
  expect(await rows.count()).toBeGreaterThanOrEqual(2);
  await expect(admin.getByLabel('Action (code, p. ex. auth.sign_in)')).toHaveValue('auth.sign_in');
  await expectNoAxeViolations(admin);

  // The oldest sign-in of the page is Camille's: her journey, oldest first.
  await rows.last().getByRole('link', { name: /Parcours du citoyen/ }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toContainText('Parcours du citoyen');
  await expect(admin.getByTestId('journey-step').first()).toHaveAttribute('data-action', 'auth.sign_in');
  await expectNoAxeViolations(admin);
  await admin.getByRole('link', { name: 'Retour au journal' }).click();

  // The chain, verified; its head, exported, then used as the anchor of the next check.
  await admin.getByRole('button', { name: 'Exporter la tête de la chaîne' }).click();
  const head = (await admin.getByTestId('chain-head').textContent()).trim();
  expect(head).toMatch(/^\d+:[0-9a-f]{64}$/);
  await admin.getByLabel('Tête exportée plus tôt (facultatif)').fill(head);
  await admin.getByRole('button', { name: 'Vérifier la chaîne' }).click();
  await expect(admin.getByTestId('chain-report')).toContainText('Chaîne intacte');
  await expect(admin.getByTestId('chain-report')).toContainText("porte toujours l'empreinte de la tête exportée");
  await expectNoAxeViolations(admin);

  // A refused search names its part, focused, and keeps what was typed.
  await admin.goto(`${dev}/en/administration/journal?from=2026-12-07&until=2026-12-01`);
  await expect(admin.getByRole('alert')).toContainText('The end date is before the start date.');
  await expect(admin.getByLabel('To (included)')).toHaveValue('2026-12-01');
  await expectNoAxeViolations(admin);
});

test('an administrator reads the usage of a service as charts with their tables', async ({ browser }) => {
  // A citizen reads a service's page: it is counted, once folded.
  const citizen = await (await browser.newContext()).newPage();
  await citizen.goto(`${dev}/fr/services/plaintes`);
  await expect(citizen.getByRole('heading', { level: 1 })).toBeVisible();

  const admin = await (await browser.newContext()).newPage();
  await devSignIn(admin, dev, '/fr/administration', 'Alex Gagnon');
  await admin.getByRole('link', { name: 'Statistiques d’utilisation' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Statistiques d’utilisation');
  await admin.getByLabel('Service').selectOption('plaintes');
  await admin.getByLabel('Regrouper par').selectOption('week');
  await admin.getByRole('button', { name: 'Afficher' }).click();
  await expect(admin).toHaveURL(/service=plaintes/);
  await expect(admin).toHaveURL(/period=week/);
  // Each chart is an image named by its title and description, and its table follows.
  const chart = admin.getByRole('img', { name: /Formulaires commencés et demandes envoyées/ });
  await expect(chart).toBeVisible();
  await expect(admin.getByRole('table', { name: 'Formulaires commencés et demandes envoyées' })).toBeVisible();
  await expect(admin.getByRole('term').filter({ hasText: 'Pages de service consultées' })).toBeVisible();
  await expectNoAxeViolations(admin);

  // A refused query names its part, focused.
  await admin.goto(`${dev}/en/administration/statistics?from=2026-12-07&until=2026-12-01`);
  await expect(admin.getByRole('alert')).toContainText('The end date must come after the start date.');
  await expectNoAxeViolations(admin);
});

test("an administrator checks a service's next manifest: problems by path, then the preview", async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await devSignIn(admin, dev, '/fr/administration/services', 'Alex Gagnon');
  await admin.getByRole('link', { name: 'Modifier le manifeste : Porter plainte et suivre sa plainte' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Modifier le service : Porter plainte et suivre sa plainte');
  const editor = admin.getByLabel('Manifeste (JSON)');
  const manifest = JSON.parse(await editor.inputValue());
  manifest.title.en = '';
  await editor.fill(JSON.stringify(manifest, null, 2));
  await admin.getByRole('button', { name: 'Vérifier et prévisualiser' }).click();
  await expect(admin.locator('main').getByRole('status')).toContainText('Brouillon enregistré et vérifié.');
  await expect(admin.getByTestId('manifest-problems').locator('li')).toHaveText([/^title\.en — /]);
  await expect(editor).toHaveAttribute('aria-invalid', 'true');
  expect(JSON.parse(await editor.inputValue()).title.en).toBe('');
  await expectNoAxeViolations(admin);

  manifest.title.en = 'File and follow a complaint online';
  await editor.fill(JSON.stringify(manifest, null, 2));
  await admin.getByRole('button', { name: 'Vérifier et prévisualiser' }).click();
  await expect(admin.getByTestId('manifest-ready')).toBeVisible();
  await expect(admin.getByTestId('preview-tile')).toContainText('Porter plainte et suivre sa plainte');
  await expectNoAxeViolations(admin);

  // Set aside: the published manifest again, nothing published.
  await admin.getByRole('button', { name: 'Abandonner le brouillon' }).click();
  await expect(admin.locator('main').getByRole('status')).toContainText('Le brouillon est abandonné');
  expect(JSON.parse(await editor.inputValue()).title.en).toBe('File and follow a complaint');
});

for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
  test(`the console's pages have no axe violations in both languages at ${viewport.width} px`, async ({ browser }) => {
    // Twenty-two pages, each analysed: more than one page's time.
    test.setTimeout(120_000);
    const admin = await (await browser.newContext({ viewport })).newPage();
    await devSignIn(admin, dev, '/fr/administration', 'Alex Gagnon');
    for (const path of [
      '/fr/administration',
      '/en/administration',
      '/fr/administration/journal?verify=1',
      '/en/administration/journal?head=1',
      '/fr/administration/parcours?citizen=nobody',
      '/en/administration/journey?reference=VS-2026-000001',
      '/fr/administration/problemes-et-idees',
      '/fr/administration/services',
      '/en/administration/services',
      '/fr/administration/jetons',
      '/en/administration/tokens',
      '/en/administration/problems-and-ideas?kind=idea&from=2026-01-01',
      '/fr/administration/statistiques',
      '/en/administration/statistics?period=week',
      '/fr/administration/statistiques?service=plaintes&period=month',
      '/en/administration/statistics?period=year',
      '/fr/administration/services/manifeste',
      '/en/administration/services/manifest?service=plaintes',
      '/fr/administration/renseignements',
      '/en/administration/health-information',
      '/fr/administration/renseignements/page',
      '/en/administration/health-information/page',
    ]) {
      await admin.goto(`${dev}${path}`);
      await expectNoAxeViolations(admin);
    }
  });
}
