// Health information in Chromium: an administrator writes a page in Markdown in the console's
// plain form, is told what is missing, previews it and publishes it; a citizen finds it on the
// home page and reads it, its raw HTML shown as text. axe finds nothing on the list, the page,
// the console's list and the editor with its preview, in both languages.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ports, devSignIn } from './pages.mjs';

const dev = `http://127.0.0.1:${ports.dev}`;

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test('an administrator publishes a health information page that citizens then read', async ({ browser }) => {
  test.setTimeout(90_000);
  // An address of this run only: the dev portal keeps its database between runs.
  const id = `vaccin-grippe-${Date.now().toString(36)}`;
  const admin = await (await browser.newContext()).newPage();
  await devSignIn(admin, dev, '/fr/administration', 'Alex Gagnon');
  await admin.getByRole('link', { name: 'Renseignements de santé' }).click();
  await expectNoAxeViolations(admin);
  await admin.getByRole('link', { name: 'Nouvelle page' }).click();
  await expect(admin.getByRole('heading', { level: 1 })).toHaveText('Nouvelle page');

  await admin.getByLabel(/^Identifiant/).fill(id);
  await admin.getByLabel('Catégorie').selectOption('prevention');
  await admin.getByLabel('Titre en français').fill('Le vaccin contre la grippe');
  await admin.getByLabel('Résumé en français').fill('Qui peut le recevoir, et où.');
  await admin.getByLabel('Résumé en anglais').fill('Who can get it, and where.');
  await admin.getByLabel('Texte en français (Markdown)').fill('# Pour qui\n\nLes personnes de **75 ans** et plus.\n\n<script>alert(1)</script>');
  await admin.getByLabel('Texte en anglais (Markdown)').fill('# Who\n\nPeople **75 and over**.');
  await admin.getByLabel(/^Date de révision/).fill('2026-12-01');
  await admin.getByRole('button', { name: 'Vérifier et prévisualiser' }).click();
  await expect(admin.getByTestId('health-problems').locator('li')).toHaveText([/^Titre en anglais — Ce champ est requis\./]);
  await expect(admin.getByLabel('Titre en anglais')).toHaveAttribute('aria-invalid', 'true');
  await expect(admin.getByLabel('Texte en français (Markdown)')).toHaveValue(/<script>alert\(1\)<\/script>/);
  await expectNoAxeViolations(admin);

  await admin.getByLabel('Titre en anglais').fill('The flu vaccine');
  await admin.getByRole('button', { name: 'Vérifier et prévisualiser' }).click();
  const preview = admin.getByTestId('health-preview');
  await expect(preview.getByRole('heading', { name: 'Pour qui' })).toBeVisible();
  await expect(preview).toContainText('<script>alert(1)</script>');
  await expectNoAxeViolations(admin);
  await admin.getByRole('button', { name: 'Publier' }).click();
  await expect(admin.locator('main').getByRole('status')).toContainText('La page est publiée.');

  // A citizen finds it on the home page by searching, and reads it in both languages.
  const citizen = await (await browser.newContext()).newPage();
  await citizen.goto(`${dev}/fr?q=grippe`);
  await citizen.getByRole('link', { name: 'Le vaccin contre la grippe' }).first().click();
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('Le vaccin contre la grippe');
  await expect(citizen.getByTestId('health-dates')).toContainText('Révisé le');
  await expect(citizen.locator('.prose')).toContainText('<script>alert(1)</script>');
  await expectNoAxeViolations(citizen);
  await citizen.getByRole('link', { name: 'English' }).click();
  await expect(citizen.getByRole('heading', { level: 1 })).toHaveText('The flu vaccine');
  await expectNoAxeViolations(citizen);
  await citizen.goto(`${dev}/en/health-information`);
  await expectNoAxeViolations(citizen);
  await admin.goto(`${dev}/en/administration/health-information/page?page=${id}`);
  await expect(admin.getByTestId('health-preview')).toContainText('People 75 and over.');
  await expectNoAxeViolations(admin);
});
