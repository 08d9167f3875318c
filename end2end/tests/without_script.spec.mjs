// The wizard with JavaScript disabled (the wizard's chunk failed to load, an old phone, a
// blocked script): each step is a form the server checks and saves, the error summary comes
// back from the server, a file goes with its step, and the review sends the request.
import { test, expect } from '@playwright/test';
import { ports, devSignIn } from './pages.mjs';

const dev = `http://127.0.0.1:${ports.dev}`;

test.use({ javaScriptEnabled: false });

test('a whole request is filled and sent with JavaScript disabled', async ({ page }) => {
  // A dozen full page loads, each a post then a redirect.
  test.setTimeout(90_000);
  await devSignIn(page, dev, '/fr/services/plaintes/demande', 'Gabrielle Nguyen');
  const next = (name) => page.getByRole('button', { name, exact: true });

  // Step 1: answering "someone else" shows a question, once the step is sent.
  await expect(page.getByText('Étape 1 de 3')).toBeVisible();
  await expect(page.getByLabel('Nom complet')).toHaveValue('Gabrielle Nguyen');
  await page.getByLabel('Adresse courriel').fill('gabrielle@example.org');
  await page.getByLabel('Pour une autre personne, à titre de représentant').check();
  await next('Continuer').click();
  await expect(page.getByRole('status').filter({ hasText: 'Vos réponses ont ajouté des questions' })).toBeVisible();
  await expect(page.getByLabel('Adresse courriel')).toHaveValue('gabrielle@example.org');
  await expect(page.getByLabel('Pour une autre personne, à titre de représentant')).toBeChecked();

  // Sent unanswered: the server's error summary, focused, linking to the field.
  await next('Continuer').click();
  const summary = page.locator('#error-summary');
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link', { name: /Nom de la personne représentée/ })).toBeVisible();
  await page.getByLabel('Nom de la personne représentée').fill('Jean Nguyen');
  await next('Continuer').click();

  // Step 2, with a file sent along with the step.
  await expect(page.getByText('Étape 2 de 3')).toBeVisible();
  await expect(page.locator('#step-heading')).toBeFocused();
  await page.getByLabel('Établissement visé').fill('CISSS de Laval');
  await page.getByLabel('Date des faits').fill('2026-10-01');
  await page.getByLabel('Décrivez ce qui s’est passé').fill('Attente de quatorze heures\nsans information.');
  await page.getByLabel(/Document à l’appui/).setInputFiles({
    name: 'lettre.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n', 'latin1'),
  });
  await next('Continuer').click();

  // Step 3, then back to step 2: everything is there, the file too.
  await expect(page.getByText('Étape 3 de 3')).toBeVisible();
  await next('Retour').click();
  await expect(page.getByText('Étape 2 de 3')).toBeVisible();
  await expect(page.getByLabel('Décrivez ce qui s’est passé')).toHaveValue('Attente de quatorze heures\nsans information.');
  await expect(page.getByText('lettre.pdf')).toBeVisible();
  await next('Continuer').click();
  await page.getByLabel(/Je confirme que ces renseignements sont exacts/).check();
  await next('Vérifier mes réponses').click();

  // The review: every answer, a way to change each step, and the send button.
  await expect(page.getByRole('heading', { name: 'Vérifiez vos réponses' })).toBeFocused();
  await expect(page.getByText('Jean Nguyen')).toBeVisible();
  await expect(page.getByText('lettre.pdf')).toBeVisible();
  await page.getByRole('button', { name: /Modifier\s*: Votre plainte/ }).click();
  await expect(page.getByText('Étape 2 de 3')).toBeVisible();
  await expect(page.getByLabel('Établissement visé')).toHaveValue('CISSS de Laval');
  await next('Continuer').click();
  await next('Vérifier mes réponses').click();
  await next('Envoyer ma demande').click();

  // The request's own page says it is received, with its reference.
  await page.waitForURL(/\/fr\/mes-demarches\/[^/?]+\?done=filed$/);
  await expect(page.getByRole('heading', { name: 'Votre demande a été reçue' })).toBeFocused();
  await expect(page.getByTestId('reference')).toHaveText(/^VS-\d{4}-\d{6}$/);
  await expect(page.getByTestId('state')).toHaveText(/Reçue par le portail|Transmise au service/);
  const reference = await page.getByTestId('reference').textContent();

  // A citizen's own pages read the same without script: the request is in "Mes démarches".
  await page.getByRole('link', { name: 'Mes démarches' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes démarches' })).toBeVisible();
  await expect(page.getByTestId('request').filter({ hasText: reference })).toBeVisible();
});
