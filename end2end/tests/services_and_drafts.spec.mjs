// Journeys through the catalogue and the request wizard on the development portal with the
// demo catalogue: browse and filter tiles, fill steps, reload, go offline and back, resume on a
// second device, meet a conflict, read the error summary, use only the keyboard. Each test signs
// in as its own person or fills its own service, so that they can run side by side.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ports, devSignIn, mailTo, waitForHydration, watchErrors } from './pages.mjs';

const dev = `http://127.0.0.1:${ports.dev}`;

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

const saveState = (page) => page.getByTestId('save-state');

/** Opens a service's form signed in as `name`, hydrated: the person's draft as their file has
 * it, or a new one that the first change saves (opening a form saves nothing). */
async function openForm(page, name, path) {
  await devSignIn(page, dev, path, name);
  await waitForHydration(page);
  await expect(saveState(page)).toHaveText(/Enregistré dans votre dossier|Saved in your file|Pas encore enregistré|Not saved yet/);
}

test('tiles: browse, filter by category and search in both languages', async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto(`${dev}/fr`);
  const tiles = page.locator('.tile-grid > li');
  await expect(tiles).toHaveCount(3);
  await expect(page.getByRole('heading', { name: 'Dépistage du cancer du sein' })).toBeVisible();
  await expect(tiles.first().getByText('Nouveau')).toBeVisible();
  // The filter is a plain GET form that the server reads: no script, the same with or without.
  const filter = page.getByRole('button', { name: 'Filtrer' });
  await page.getByLabel('Catégorie').selectOption('rights');
  await filter.click();
  await expect(page).toHaveURL(`${dev}/fr?q=&category=rights`);
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toContainText('Porter plainte');
  await expect(page.getByLabel('Catégorie')).toHaveValue('rights');
  await page.getByLabel('Catégorie').selectOption('');
  await page.getByLabel('Rechercher un service').fill('screening');
  await page.getByLabel('Rechercher un service').press('Enter');
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toContainText('Dépistage du cancer du sein');
  await expect(page.getByLabel('Rechercher un service')).toHaveValue('screening');
  await page.getByLabel('Rechercher un service').fill('hologramme');
  await filter.click();
  await expect(tiles).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Aucun service' })).toBeVisible();

  // The same filter as a plain address works before (or without) the script.
  await page.goto(`${dev}/en?q=complaint&category=rights`);
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toContainText('File and follow a complaint');
  await expect(tiles.first().getByText('New')).toBeVisible();
  await tiles.first().getByRole('link', { name: 'File and follow a complaint', exact: true }).click();
  await expect(page).toHaveURL(`${dev}/en/services/plaintes`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('File and follow a complaint');
  await expect(page.getByText('within 45 days')).toBeVisible();
  await page.getByRole('link', { name: 'Français' }).click();
  await expect(page).toHaveURL(`${dev}/fr/services/plaintes`);
  await expect(page.getByRole('heading', { name: 'Délai de traitement' })).toBeVisible();
  expect(errors).toEqual([]);
});

test('fill two steps, reload: every answer is still there', async ({ page }) => {
  await openForm(page, 'Camille Tremblay', '/fr/services/plaintes/demande');
  await expect(page.getByText('Étape 1 de 3')).toBeVisible();
  await expect(page.getByLabel('Nom complet')).toHaveValue('Camille Tremblay');
  await page.getByLabel('Numéro de téléphone (facultatif)').fill('514 555-0123');
  await page.getByLabel('Pour moi-même').check();
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.getByText('Étape 2 de 3')).toBeVisible();
  await page.getByLabel('Établissement visé').fill('CIUSSS de l’Estrie');
  await page.getByLabel('Date des faits').fill('2026-10-01');
  await page.getByLabel('Décrivez ce qui s’est passé').fill('Attente de quatorze heures sans information.');
  await page.reload();
  await waitForHydration(page);
  await expect(page.getByText('Étape 2 de 3')).toBeVisible();
  await expect(page.getByLabel('Établissement visé')).toHaveValue('CIUSSS de l’Estrie');
  await expect(page.getByLabel('Décrivez ce qui s’est passé')).toHaveValue('Attente de quatorze heures sans information.');
  await expect(saveState(page)).toHaveText('Enregistré dans votre dossier');
  await page.getByRole('button', { name: 'Retour' }).click();
  await expect(page.getByLabel('Numéro de téléphone (facultatif)')).toHaveValue('514 555-0123');
  await expect(page.getByLabel('Pour moi-même')).toBeChecked();

  await page.goto(`${dev}/fr/mes-demarches`);
  const draft = page.getByTestId('draft').filter({ hasText: 'Porter plainte' });
  await expect(draft).toContainText('2 / 3');
  await expect(draft).toContainText('Expire le');
});

test('offline: typing goes on and is kept here; back online, the file has it, and another device resumes', async ({ browser }) => {
  const phone = await browser.newContext();
  const page = await phone.newPage();
  await openForm(page, 'Jordan Smith', '/fr/services/plaintes/demande');
  await page.getByLabel('Pour moi-même').check();
  await expect(saveState(page)).toHaveText('Enregistré dans votre dossier');
  await phone.setOffline(true);
  await page.getByLabel('Numéro de téléphone (facultatif)').fill('418 555-0199');
  await expect(saveState(page)).toContainText('Hors ligne');
  await page.getByLabel('Nom complet').fill('Jordan A. Smith');
  await phone.setOffline(false);
  await expect(saveState(page)).toHaveText('Enregistré dans votre dossier');

  const desktop = await browser.newContext();
  const other = await desktop.newPage();
  await openForm(other, 'Jordan Smith', '/fr/services/plaintes/demande');
  await expect(other.getByLabel('Nom complet')).toHaveValue('Jordan A. Smith');
  await expect(other.getByLabel('Numéro de téléphone (facultatif)')).toHaveValue('418 555-0199');
  await phone.close();
  await desktop.close();
});

test('edited on two devices: the newer wins, the citizen is told, and the other can be restored', async ({ browser }) => {
  const first = await browser.newContext();
  const second = await browser.newContext();
  const a = await first.newPage();
  const b = await second.newPage();
  await openForm(a, 'Gabrielle Nguyen', '/fr/services/plaintes/demande');
  await openForm(b, 'Gabrielle Nguyen', '/fr/services/plaintes/demande');
  await a.getByLabel('Numéro de téléphone (facultatif)').fill('819 555-0101');
  await expect(saveState(a)).toHaveText('Enregistré dans votre dossier');
  // The second device has not seen that save; its later edit wins and it is told.
  await b.getByLabel('Numéro de téléphone (facultatif)').fill('819 555-0202');
  const notice = b.getByRole('alert').filter({ hasText: 'modifié sur un autre appareil' });
  await expect(notice).toBeVisible();
  await expect(saveState(b)).toHaveText('Enregistré dans votre dossier');
  await notice.getByRole('button', { name: 'Rétablir l’autre version' }).click();
  await expect(b.getByLabel('Numéro de téléphone (facultatif)')).toHaveValue('819 555-0101');
  await expect(saveState(b)).toHaveText('Enregistré dans votre dossier');
  await a.reload();
  await expect(a.getByLabel('Numéro de téléphone (facultatif)')).toHaveValue('819 555-0101');
  await first.close();
  await second.close();
});

test('bad answers: the error summary names each problem and leads to the field', async ({ page }) => {
  await openForm(page, 'Camille Tremblay', '/fr/services/orientation-soins/demande');
  await page.getByRole('group', { name: /médecin de famille/ }).getByLabel('Oui').check();
  await page.getByRole('button', { name: 'Continuer' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Il y a un problème' });
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole('link')).toHaveCount(2);
  await summary.getByRole('link', { name: /Raison de votre demande/ }).click();
  await expect(page.locator('#field-reason')).toBeFocused();
  await page.getByLabel('Autre').check();
  await expect(page.getByLabel('Précisez')).toBeVisible();
  await page.getByLabel('Décrivez brièvement votre situation').fill('Toux depuis trois semaines.');
  await page.getByLabel('Depuis quand? (facultatif)').fill('2099-01-01');
  await expect(page.locator('#field-since-error')).toContainText('La date doit être le');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(summary.getByRole('link')).toHaveCount(2);
  await expect(summary).toContainText('Précisez : Répondez à cette question.');
  await expectNoAxeViolations(page);
});

test('keyboard only, through a whole form to the review page', async ({ page }) => {
  await openForm(page, 'Alex Gagnon', '/en/services/plaintes/request');
  const name = page.getByLabel('Full name');
  await name.focus();
  await page.keyboard.press('Tab'); // e-mail, prefilled
  await page.keyboard.press('Tab'); // phone
  await page.keyboard.type('450 555-0123');
  await page.keyboard.press('Tab'); // "for myself"
  await page.keyboard.press('Space');
  await expect(page.getByLabel('For myself')).toBeChecked();
  await page.keyboard.press('Tab'); // Continue
  await expect(page.getByRole('button', { name: 'Continue' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Step 2 of 3')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Your complaint' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.type('CISSS de Laval');
  await page.keyboard.press('Tab');
  // Headless Chromium's date input takes month, day, year (each part moves on when full).
  await page.keyboard.type('10012026');
  await expect(page.getByLabel('Date of the events')).toHaveValue('2026-10-01');
  // Out of the date input: Chromium may stop on its calendar button on the way.
  const description = page.getByLabel('Describe what happened');
  for (let presses = 0; presses < 3 && !(await description.evaluate((e) => e === document.activeElement)); presses += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(description).toBeFocused();
  await page.keyboard.type('I waited fourteen hours without any information.');
  await page.keyboard.press('Tab'); // optional outcome
  await page.keyboard.press('Tab'); // optional supporting document
  await expect(page.getByLabel('Supporting document (optional)')).toBeFocused();
  // "Continue" comes before "Back": it is the step's first button, the one Enter presses.
  await page.keyboard.press('Tab'); // Continue
  await expect(page.getByRole('button', { name: 'Continue' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Step 3 of 3')).toBeVisible();
  // The page moves the focus to the step's heading once it is drawn; Tab from there.
  await expect(page.getByRole('heading', { name: 'Confirmation' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab'); // Check my answers
  await expect(page.getByRole('button', { name: 'Check my answers' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeFocused();
  await expect(page.getByText('CISSS de Laval')).toBeVisible();
  await expect(page.getByText('October 1, 2026')).toBeVisible();
  // On to sending, still by keyboard: past the three "Change" buttons to "Send my request".
  const send = page.getByRole('button', { name: 'Send my request' });
  for (let presses = 0; presses < 6 && !(await send.evaluate((e) => e === document.activeElement)); presses += 1) {
    await page.keyboard.press('Tab');
  }
  await expect(send).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Your request was received' })).toBeFocused();
  await expect(page.getByRole('alert').filter({ hasText: 'There is a problem' })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

const pdf = (extra = '') => Buffer.from(`%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj << /Type /Catalog >> endobj\n${extra}%%EOF\n`, 'latin1');

test('a file: refused by its content or size with the reason, attached, kept on reload, shown on the review, removed', async ({ page }) => {
  const errors = watchErrors(page);
  await openForm(page, 'Camille Tremblay', '/fr/services/grossesse-pour-autrui/demande');
  await page.getByLabel('Parent d’intention').check();
  await page.getByLabel('Un parent d’intention').check();
  const domicile = page.getByRole('group', { name: 'Êtes-vous domicilié au Québec depuis au moins un an?' });
  await domicile.getByLabel('Oui').check();
  const file = page.getByLabel('Preuve de domicile (facultatif)');
  await expect(page.getByText('Formats acceptés : PDF, JPEG, PNG. Taille maximale : 5 Mo.')).toBeVisible();

  // A program named like a PDF: the portal reads the content, and says why it refuses it.
  await file.setInputFiles({ name: 'bail.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1') });
  await expect(page.locator('#field-proof_of_domicile-error')).toContainText('Ce type de fichier n’est pas accepté.');
  await expect(file).toHaveAttribute('aria-invalid', 'true');
  // Too large: said at once, before sending anything.
  await file.setInputFiles({ name: 'gros.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([pdf(), Buffer.alloc(5 * 1024 * 1024)]) });
  await expect(page.locator('#field-proof_of_domicile-error')).toContainText('Le fichier est trop volumineux : 5 Mo au plus.');

  await file.setInputFiles({ name: 'bail-2026.pdf', mimeType: 'application/pdf', buffer: pdf('x'.repeat(5000)) });
  await expect(page.getByRole('status').filter({ hasText: 'Le fichier est joint.' })).toBeVisible();
  await expect(page.locator('#field-proof_of_domicile-error')).toHaveCount(0);
  await expect(page.locator('.attachment')).toContainText('Fichier joint : bail-2026.pdf (5 Ko)');
  await expectNoAxeViolations(page);
  await expect(saveState(page)).toHaveText('Enregistré dans votre dossier');

  await page.reload();
  await waitForHydration(page);
  await expect(page.locator('.attachment')).toContainText('bail-2026.pdf');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.getByText('Étape 2 de 3')).toBeVisible();
  await page.getByLabel('Virtuelle').check();
  await page.getByLabel('En semaine, le soir').check();
  await page.getByLabel('Nombre de personnes qui assisteront').fill('2');
  await page.getByLabel('Français').check();
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.getByText('Étape 3 de 3')).toBeVisible();
  await page.getByRole('button', { name: 'Vérifier mes réponses' }).click();
  await expect(page.getByRole('heading', { name: 'Vérifiez vos réponses' })).toBeFocused();
  await expect(page.getByText('bail-2026.pdf (5 Ko)')).toBeVisible();

  // Back to the first step to take the file off: the focus goes to the file picker.
  await page.getByRole('button', { name: 'Modifier : Votre projet' }).click();
  await page.getByRole('button', { name: 'Retirer le fichier' }).click();
  await expect(file).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: 'Le fichier a été retiré.' })).toBeVisible();
  await expect(page.locator('.attachment')).toHaveCount(0);
  // The browser logs the refusal of the program (422); nothing else may go wrong.
  expect(errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
});

test('send a request: the receipt gives its reference, and My requests lists it once', async ({ page }) => {
  // A whole journey (send, statuses, messages, withdrawal): more than one page's time.
  test.slow();
  const errors = watchErrors(page);
  await openForm(page, 'Jordan Smith', '/fr/services/grossesse-pour-autrui/demande');
  await page.getByLabel('La personne qui donnera naissance').check();
  await page.getByRole('group', { name: 'Êtes-vous domicilié au Québec depuis au moins un an?' }).getByLabel('Non').check();
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.getByText('Étape 2 de 3')).toBeVisible();
  await page.getByLabel('En personne').check();
  await page.getByLabel('La fin de semaine').check();
  await page.getByLabel('Nombre de personnes qui assisteront').fill('1');
  await page.getByLabel('Anglais').check();
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect(page.getByText('Étape 3 de 3')).toBeVisible();
  await page.getByRole('button', { name: 'Vérifier mes réponses' }).click();
  await expect(page.getByRole('heading', { name: 'Vérifiez vos réponses' })).toBeFocused();

  // Offline, sending would end on the browser's error page: the review says so and stays.
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Vous êtes hors ligne' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Vérifiez vos réponses' })).toBeVisible();
  await page.context().setOffline(false);

  // Pressed twice: one request. The review's form posts once the server has the last answers,
  // and the request's own page says it is received.
  const send = page.getByRole('button', { name: 'Envoyer ma demande' });
  await send.dblclick();
  await page.waitForURL(/\/fr\/mes-demarches\/[^/?]+\?done=filed$/);
  await expect(page.getByRole('heading', { name: 'Votre demande a été reçue' })).toBeFocused();
  const reference = await page.getByTestId('reference').textContent();
  expect(reference).toMatch(/^VS-\d{4}-\d{6}$/);
  // References count per portal, and other tests' portals deliver to the same service: the
  // request's own id tells this one apart.
  const requestId = new URL(page.url()).pathname.split('/').pop();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Grossesse pour autrui');
  await expectNoAxeViolations(page);

  await page.getByRole('link', { name: 'Retour à Mes démarches' }).click();
  await expect(page).toHaveURL(`${dev}/fr/mes-demarches`);
  const requests = page.getByTestId('request');
  await expect(requests).toHaveCount(1);
  await expect(requests.first()).toContainText(reference);
  // Received by the portal at once; sent to the service as soon as it acknowledges.
  await expect(requests.first()).toContainText(/Reçue par le portail|Transmise au service/);
  // The draft is gone from the list of drafts.
  await expect(page.getByTestId('draft').filter({ hasText: 'Grossesse pour autrui' })).toHaveCount(0);

  // The reference service received it once, signed (it refuses anything else), and said so.
  const service = `http://127.0.0.1:${ports.service}`;
  await expect.poll(async () => {
    const received = await (await fetch(`${service}/received`)).json();
    return received.filter((r) => r.body.request.id === requestId).length;
  }, { timeout: 15_000 }).toBe(1);
  await expect.poll(async () => {
    await page.reload();
    return requests.first().textContent();
  }, { timeout: 15_000 }).toContain('Transmise au service');

  // Notices by e-mail: from the inbox to the settings, an address verified with the code that
  // MailDev received, with the keyboard alone; a wrong code first says what is wrong.
  await page.goto(`${dev}/fr/messages`);
  await page.getByRole('link', { name: 'Choisir où vos messages vous joignent' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Paramètres des messages');
  await expectNoAxeViolations(page);
  const address = `jordan.${requestId.slice(0, 8)}@exemple.ca`;
  await page.getByLabel('Adresse courriel').fill(address);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Un code vous a été envoyé.' })).toBeVisible();
  await expect.poll(async () => (await mailTo(address)).length, { timeout: 10_000 }).toBe(1);
  const code = (await mailTo(address))[0].text.match(/\b\d{6}\b/)[0];
  const codeField = page.getByLabel(`Code reçu à ${address}`);
  await codeField.fill(code === '000000' ? '111111' : '000000');
  await page.keyboard.press('Enter');
  await expect(page.getByText("Ce code n'est pas le bon. Essais restants : 4.")).toBeVisible();
  await expect(codeField).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page);
  await codeField.fill(code);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'L\'adresse est vérifiée.' })).toBeVisible();
  await expect(page.getByTestId('contact')).toContainText('Vérifiée');
  await expect(page.getByRole('group', { name: 'Avis par courriel' }).getByLabel('Changements d\'état de vos demandes')).toBeChecked();
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(`${dev}/en/message-settings`);
  await expect(page.getByTestId('contact')).toContainText('Verified');
  await expectNoAxeViolations(page);
  await page.goto(`${dev}/fr/mes-demarches`);

  // The service reports two statuses; the list shows the latest, in the page's language.
  const report = (event) => fetch(`${dev}/api/v1/services/grossesse-pour-autrui/requests/${reference}/events`, {
    method: 'POST',
    headers: { authorization: 'Bearer demo-grossesse-pour-autrui', 'content-type': 'application/json' },
    body: JSON.stringify(event),
  });
  expect((await report({ event_id: `${reference}-1`, status: 'recue' })).status).toBe(201);
  expect((await report({
    event_id: `${reference}-2`, status: 'seance_proposee',
    message: { fr: 'Une séance vous est proposée le 10 décembre.', en: 'A session is offered on December 10.' },
  })).status).toBe(201);
  await page.reload();
  await expect(requests.first()).toContainText('Séance proposée');
  await expect(requests.first()).toContainText('Action requise');
  await expectNoAxeViolations(page);

  // And a notice by e-mail for each, in French, with no detail of the request.
  await expect.poll(async () => (await mailTo(address)).length, { timeout: 15_000 }).toBe(3);
  const notices = (await mailTo(address)).slice(1);
  expect(notices.map((m) => m.subject).sort()).toEqual([
    'Du nouveau concernant votre demande — Votre santé',
    'Une action est requise pour votre demande — Votre santé',
  ]);
  for (const notice of notices) {
    expect(notice.text).toContain('« Grossesse pour autrui »');
    expect(notice.text).toContain(`${dev}/fr/messages`);
    expect(notice.text).not.toContain('séance');
    expect(notice.text).not.toContain(reference);
  }
  // Each status is a message in the inbox, newest first; the header counts the unread ones and
  // says so to screen readers (the badge itself is hidden from them).
  const inboxLink = page.getByTestId('inbox-link');
  await expect(inboxLink).toHaveAccessibleName(/^Messages\s*,\s*2 à lire$/);
  await inboxLink.click();
  await expect(page).toHaveURL(`${dev}/fr/messages`);
  const messages = page.getByTestId('notification');
  await expect(messages).toHaveCount(2);
  await expect(messages.first()).toContainText('Une action est requise de votre part');
  await expect(messages.first()).toContainText('Nouvel état : Séance proposée');
  await expect(messages.first()).toContainText('Une séance vous est proposée le 10 décembre.');
  await expect(messages.nth(1)).toContainText('Nouvel état : Reçue');
  await expect(page.getByTestId('unread')).toHaveText('Messages non lus : 2');
  await expect(messages.first().getByTestId('delivery')).toContainText('Avis envoyé par courriel le');
  await expectNoAxeViolations(page);
  // Marked as read with the keyboard alone: the count goes down, here and in the header.
  await messages.first().getByRole('button', { name: 'Marquer comme lu' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Les messages sont marqués comme lus.' })).toBeVisible();
  await expect(page.getByTestId('unread')).toHaveText('Messages non lus : 1');
  await expect(inboxLink).toHaveAccessibleName(/^Messages\s*,\s*1 à lire$/);
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(`${dev}/en/messages`);
  await expect(messages.first()).toContainText('Something is required from you');
  await expect(messages.first()).toContainText('A session is offered on December 10.');
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Mark all as read' }).click();
  await expect(page.getByTestId('unread')).toHaveText('Unread messages: 0');
  await expect(inboxLink).toHaveAccessibleName('Messages');
  // Each message leads to its request.
  await messages.first().getByRole('link', { name: `See the request ${reference}` }).click();
  await expect(page).toHaveURL(new RegExp(`${dev}/en/my-requests/${requestId}$`));
  await expect(page.getByTestId('reference')).toHaveText(reference);
  await page.goto(`${dev}/fr/mes-demarches`);
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByTestId('request').first()).toContainText('Session offered');
  await expect(page.getByTestId('request').first()).toContainText('Action required');

  // The request's own page: every step, dated, with the service's message in the page's language.
  await page.getByTestId('request').first().getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`${dev}/en/my-requests/[0-9a-f-]{36}$`));
  await expect(page.getByTestId('reference')).toHaveText(reference);
  const steps = page.getByTestId('timeline-step');
  await expect(steps).toHaveCount(4);
  await expect(steps.nth(0)).toContainText('Received by the portal');
  await expect(steps.nth(1)).toContainText('Sent to the service');
  await expect(steps.nth(3)).toContainText('Session offered');
  await expect(steps.nth(3)).toContainText('A session is offered on December 10.');
  await expect(page.getByRole('heading', { name: 'Your answers' })).toBeVisible();
  await expect(page.locator('main')).toContainText('Weekends');
  await expectNoAxeViolations(page);

  // Withdraw, in French: what it means first, then a receipt; the service is told.
  await page.getByRole('link', { name: 'Français' }).click();
  await expect(page.getByTestId('timeline-step').nth(3)).toContainText('Une séance vous est proposée le 10 décembre.');
  await page.getByRole('link', { name: 'Retirer cette demande' }).click();
  await expect(page.getByRole('heading', { name: 'Ce que signifie retirer votre demande' })).toBeVisible();
  await waitForHydration(page);
  await expectNoAxeViolations(page);
  await page.getByLabel('Motif du retrait (facultatif)').fill('J’ai trouvé une séance plus près de chez moi.');
  await page.getByRole('button', { name: 'Confirmer le retrait' }).click();
  await expect(page.getByRole('heading', { name: 'Votre demande a été retirée' })).toBeFocused();
  await expectNoAxeViolations(page);
  await expect.poll(async () => {
    const received = await (await fetch(`${service}/received`)).json();
    return received.filter((r) => r.body.request.id === requestId).map((r) => r.kind).join(',');
  }, { timeout: 15_000 }).toBe('submission,withdrawal');
  await page.getByRole('link', { name: 'Voir la demande' }).click();
  await expect(page.getByTestId('state')).toHaveText('Retirée');
  await expect(page.getByRole('link', { name: 'Retirer cette demande' })).toHaveCount(0);
  await expect(page.locator('main')).toContainText('J’ai trouvé une séance plus près de chez moi.');
  await expect.poll(async () => {
    await page.reload();
    return page.getByTestId('timeline-step').last().textContent();
  }, { timeout: 15_000 }).toContain('Retrait transmis au service');
  // The service can no longer report a status.
  expect((await report({ event_id: `${reference}-3`, status: 'recue' })).status).toBe(409);
  expect(errors).toEqual([]);
});

test('signing out forgets this person’s drafts on the device', async ({ page }) => {
  await openForm(page, 'Gabrielle Nguyen', '/fr/services/orientation-soins/demande');
  await page.getByLabel('Non').check();
  await expect(saveState(page)).toHaveText('Enregistré dans votre dossier');
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vs-draft:')).length);
  expect(kept).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.waitForURL(/deconnexion/);
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vs-draft:')).length);
  expect(left).toBe(0);
});

test('a session that ends while a page is open forgets this person’s drafts on the device', async ({ page }) => {
  // The page's clock runs ahead on demand: the session check comes when it is due.
  await page.clock.install();
  await openForm(page, 'Gabrielle Nguyen', '/fr/services/orientation-soins/demande');
  await page.getByLabel('Non').check();
  const drafts = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('vs-draft:')).length);
  await expect.poll(drafts).toBeGreaterThan(0);
  // The session ends on the server (here: signed out from elsewhere); the page learns it
  // when it next asks the time left, says so, and keeps nothing of this person.
  const ended = await page.request.post(`${dev}/auth/logout`, { headers: { origin: dev }, form: {}, maxRedirects: 0 });
  expect(ended.status()).toBeLessThan(400);
  await page.clock.fastForward('31:00');
  await expect(page.getByRole('alert').filter({ hasText: 'Votre session est terminée' })).toBeVisible();
  await expect.poll(drafts).toBe(0);
});

test('deleting a draft asks first, then it is gone from the file and the list', async ({ page }) => {
  await openForm(page, 'Alex Gagnon', '/fr/services/orientation-soins/demande');
  await page.getByRole('group', { name: /médecin de famille/ }).getByLabel('Non').check();
  await expect(saveState(page)).toHaveText('Enregistré dans votre dossier');
  await page.getByRole('button', { name: 'Supprimer ce brouillon' }).click();
  const confirm = page.getByRole('alert').filter({ hasText: 'Voulez-vous vraiment supprimer ce brouillon?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Annuler' }).click();
  await expect(confirm).toHaveCount(0);
  await page.getByRole('button', { name: 'Supprimer ce brouillon' }).click();
  // Offline, the page says the draft cannot be deleted now, and keeps it.
  await page.context().setOffline(true);
  await page.getByRole('button', { name: 'Oui, supprimer' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Vous êtes hors ligne : le brouillon ne peut pas être supprimé' })).toBeVisible();
  await page.context().setOffline(false);
  await page.getByRole('button', { name: 'Oui, supprimer' }).click();
  await page.waitForURL(`${dev}/fr/mes-demarches?done=deleted`);
  await expect(page.getByRole('status').filter({ hasText: 'Le brouillon est supprimé.' })).toBeVisible();
  await expect(page.getByTestId('draft').filter({ hasText: 'Trouver le bon service de santé' })).toHaveCount(0);
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith(':orientation-soins')).length);
  expect(left).toBe(0);
});

const screening = {
  fr: {
    form: '/fr/services/depistage-cancer/demande', next: 'Continuer', review: 'Vérifier mes réponses', sex: 'Masculin', no: 'Non',
    nam: 'Numéro d’assurance maladie', groups: [/deux dernières années/, /changement à un sein/, /parente proche/],
    phone: 'Numéro de téléphone', postal: 'Code postal', language: 'Français', consent: /J’accepte/, reviewHeading: 'Vérifiez vos réponses',
  },
  en: {
    form: '/en/services/depistage-cancer/request', next: 'Continue', review: 'Check my answers', sex: 'Female', no: 'No',
    nam: 'Health insurance number', groups: [/last two years/, /change in a breast/, /close relative/],
    phone: 'Phone number', postal: 'Postal code', language: 'French', consent: /I agree/, reviewHeading: 'Check your answers',
  },
};

for (const lang of ['fr', 'en']) {
  test(`catalogue, help page, each wizard step with its errors, and the review have no accessibility violations (${lang})`, async ({ page }) => {
    const t = screening[lang];
    await page.goto(`${dev}/${lang}`);
    await waitForHydration(page);
    await expectNoAxeViolations(page);
    await page.goto(`${dev}/${lang}/services/depistage-cancer`);
    await expectNoAxeViolations(page);
    await openForm(page, lang === 'fr' ? 'Jordan Smith' : 'Camille Tremblay', t.form);
    const next = (name) => page.getByRole('button', { name, exact: true });

    // Step 1, first with its error summary, then answered.
    await page.getByLabel(t.nam).fill('');
    await next(t.next).click();
    await expect(page.locator('#error-summary')).toBeFocused();
    await expectNoAxeViolations(page);
    await page.getByLabel(t.sex).check();
    await page.getByLabel(t.nam).fill(lang === 'fr' ? 'SMIJ 9911 0212' : 'TREC 8453 1212');
    await next(t.next).click();

    // Step 2.
    await expect(page.locator('#step-heading')).toBeFocused();
    await expectNoAxeViolations(page);
    for (const group of t.groups) {
      await page.getByRole('group', { name: group }).getByLabel(t.no).check();
    }
    await next(t.next).click();

    // Step 3.
    await expect(page.locator('#step-heading')).toBeFocused();
    await expectNoAxeViolations(page);
    await page.getByLabel(t.phone).fill('514 555-0123');
    await page.getByLabel(t.postal).fill('h2x1y4');
    await page.getByLabel(t.language).check();
    await page.getByLabel(t.consent).check();
    await next(t.review).click();

    // The review.
    await expect(page.getByRole('heading', { name: t.reviewHeading })).toBeFocused();
    await expect(page.getByText('H2X 1Y4')).toBeVisible(); // as the portal will keep it
    await expect(page.getByText('514-555-0123')).toBeVisible();
    await expectNoAxeViolations(page);
  });
}
