// Signing a document a service asked for, against the real OpenID provider: the service asks
// through its API, the citizen reads the document from the request's page, authenticates again
// at the provider (prompt=login), consents and signs with the keyboard, and downloads the
// signed PDF; declining in English; another citizen is refused. axe finds nothing on the way,
// in both languages.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { signInAtProvider } from './pages.mjs';

const pdf = readFileSync(resolve(import.meta.dirname, '../../server/tests/api/fixtures/request-to-sign.pdf'));
const token = 'demo-plaintes';

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** Files a complaint for the signed-in person through the portal's own server functions. */
async function fileComplaint(page, baseURL) {
  const headers = { Origin: baseURL };
  const opened = await (await page.request.post('/api/drafts/open', { headers, form: { service: 'plaintes' } })).json();
  const draft = opened.draft;
  const answers = {
    full_name: 'Émilie Bouchard', email: 'emilie.bouchard@example.org', filing_for: 'self',
    institution: 'CISSS de Laval', event_date: '2026-10-01',
    description: 'Attente de quatorze heures sans information.', consent: true,
  };
  const saved = await page.request.post('/api/drafts/save', {
    headers: { ...headers, 'Content-Type': 'application/json' },
    data: { service: 'plaintes', service_version: draft.service_version, base_revision: draft.revision, answers, step: 3, edited_at: '2026-11-24T10:00:00Z' },
  });
  expect(saved.status(), await saved.text()).toBe(200);
  const sent = await page.request.post('/api/requests/submit', { headers, form: { service: 'plaintes', idempotency_key: randomUUID() } });
  expect(sent.status(), await sent.text()).toBe(200);
  return sent.json();
}

/** The service asks for a signature; its answer. */
async function askSignature(request, reference, signatureId) {
  const deadline = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
  const response = await request.post('/api/v1/services/plaintes/signatures', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      signature_id: signatureId, request: reference, deadline,
      title: { fr: 'Consentement au dépistage', en: 'Screening consent' },
      explanation: { fr: 'Signez ce consentement pour planifier votre examen.', en: 'Sign this consent to schedule your exam.' },
      document: { name: 'consentement.pdf', content_base64: pdf.toString('base64') },
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return response.json();
}

test('a citizen reads a document, authenticates again, consents and signs with the keyboard', async ({ page, baseURL, request }) => {
  await page.goto('/fr/mes-demarches');
  await signInAtProvider(page, 'citizen-1');
  await page.waitForURL('/fr/mes-demarches');
  const receipt = await fileComplaint(page, baseURL);
  const signatureId = `e2e-${randomUUID()}`;
  const asked = await askSignature(request, receipt.reference, signatureId);

  // From the request's page: the document to sign, "action required".
  await page.goto(`/fr/mes-demarches/${receipt.id}`);
  await expect(page.locator('main')).toContainText('Action requise');
  const toSign = page.getByTestId('to-sign');
  await expect(toSign).toContainText('Consentement au dépistage');
  await expectNoAxeViolations(page);
  await toSign.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Consentement au dépistage');
  await expect(page.getByTestId('document-sha256')).toHaveText(asked.document_sha256);
  await expect(page.getByTestId('consent-text')).toContainText('En signant, je confirme avoir lu le document');
  const document = await page.request.get(await page.getByRole('link', { name: 'Télécharger le PDF' }).getAttribute('href'));
  expect(Buffer.compare(await document.body(), pdf)).toBe(0);
  await expectNoAxeViolations(page);

  // Signed in a while ago by an ordinary sign-in: authenticate again at the provider first.
  const signing = page.url();
  await page.getByRole('link', { name: "M'authentifier de nouveau" }).click();
  await signInAtProvider(page, 'citizen-1');
  await page.waitForURL(signing);
  await expect(page.getByText('Votre identité est confirmée')).toBeVisible();

  // Without the box: refused by name, nothing signed; with it, by the keyboard alone.
  await page.getByRole('button', { name: 'Signer le document' }).click();
  await expect(page.getByText('Cochez la case pour consentir à signer le document.')).toBeVisible();
  await expect(page.getByLabel("J'ai lu le document et je consens à le signer")).toBeFocused();
  await expectNoAxeViolations(page);
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Signer le document' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Le document est signé.' })).toBeVisible();
  await expect(page.getByTestId('signature-state')).toHaveText('Signé');
  await expectNoAxeViolations(page);

  // The signed PDF: the original bytes, then the portal's seal.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger le document signé' }).click(),
  ]);
  const signed = readFileSync(await download.path());
  expect(Buffer.compare(signed.subarray(0, pdf.length), pdf)).toBe(0);
  expect(signed.toString('latin1')).toContain('ETSI.CAdES.detached');

  // The service sees it signed, with the evidence.
  const standing = await (await request.get(`/api/v1/services/plaintes/signatures/${signatureId}`, { headers: { Authorization: `Bearer ${token}` } })).json();
  expect(standing.state).toBe('signed');
  expect(standing.evidence.signer_name).toBe('Émilie Bouchard');
  expect(standing.evidence.auth_time).toBeTruthy();
});

test('declining in English, with a reason; another citizen gets "not found"', async ({ browser, baseURL, request }) => {
  const context = await browser.newContext({ locale: 'en-CA' });
  const page = await context.newPage();
  await page.goto('/en/my-requests');
  await signInAtProvider(page, 'citizen-2');
  await page.waitForURL('/en/my-requests');
  const receipt = await fileComplaint(page, baseURL);
  const signatureId = `e2e-${randomUUID()}`;
  // The service calls with its token only (a call carrying a person's cookie is refused).
  await askSignature(request, receipt.reference, signatureId);
  await page.goto(`/en/my-requests/${receipt.id}`);
  await page.getByTestId('to-sign').getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Screening consent');
  await expect(page.getByRole('heading', { name: 'Confirm your identity' })).toBeVisible();
  await expectNoAxeViolations(page);
  const address = page.url();
  await page.getByLabel('Reason (optional)').fill('I would rather sign at the clinic.');
  await page.getByRole('button', { name: 'Decline to sign' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Your refusal is recorded.' })).toBeVisible();
  await expect(page.getByTestId('signature-state')).toHaveText('Declined');
  await expect(page.locator('main')).toContainText('I would rather sign at the clinic.');
  await expectNoAxeViolations(page);
  await context.close();

  // Someone else, signed in as another citizen, is told it is not found.
  const other = await browser.newContext();
  const intruder = await other.newPage();
  await intruder.goto('/fr/mes-demarches');
  await signInAtProvider(intruder, 'citizen-1');
  await intruder.waitForURL('/fr/mes-demarches');
  await intruder.goto(address.replace('/en/', '/fr/'));
  await expect(intruder.locator('main')).toContainText('Ce que vous cherchez est introuvable.');
  await expect(intruder.getByTestId('document-sha256')).toHaveCount(0);
  await expectNoAxeViolations(intruder);
  await other.close();
});
