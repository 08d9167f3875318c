// Problems and ideas in Chromium: a guest reports a problem from a page's footer with the
// keyboard, a citizen suggests an idea and follows it in her account, an administrator's answer
// reaches her list and her messages; axe finds nothing on the forms, the list and the answer,
// in both languages.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ports, devSignIn } from './pages.mjs';

const dev = `http://127.0.0.1:${ports.dev}`;

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

// The smallest PNG (a 1×1 image).
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6300010000050001' + '0d0a2db40000000049454e44ae426082', 'hex');

// The server refuses a form sent sooner than a person can fill it (3 s): a person reads first.
const readTheForm = (page) => page.waitForTimeout(3_200);

test('a guest reports a problem from the footer of a page, with the keyboard', async ({ page }) => {
  await page.goto(`${dev}/fr/aide`);
  await page.getByRole('contentinfo').getByRole('link', { name: 'Signaler un problème' }).click();
  await expect(page).toHaveURL(`${dev}/fr/signaler-un-probleme?page=/fr/aide`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Signaler un problème');
  await expect(page.getByRole('heading', { name: 'Une question sur une de vos demandes' })).toBeVisible();
  await expect(page.getByLabel("Joindre l'adresse de la page, mon navigateur et la langue, pour aider à corriger le problème")).toBeChecked();
  // Sent at once, as a robot would: refused by name, and what was typed is still there.
  await page.getByLabel('Titre').fill('Le lien Aide du pied de page');
  await page.getByLabel('Description').fill('Le lien mène à une page vide sur mon téléphone.');
  await page.getByRole('button', { name: 'Envoyer' }).press('Enter');
  await expect(page.getByRole('alert')).toContainText('trop vite');
  await expect(page.getByLabel('Titre')).toHaveValue('Le lien Aide du pied de page');
  await expect(page.getByLabel('Description')).toHaveValue('Le lien mène à une page vide sur mon téléphone.');
  await expectNoAxeViolations(page);
  // The field for robots is out of reach: Tab goes from the title to the description, the
  // consent, then the button.
  await page.getByLabel('Titre').focus();
  await page.keyboard.press('End');
  await page.keyboard.type('.');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Description')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('checkbox')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Envoyer' })).toBeFocused();
  await readTheForm(page);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Merci. Votre signalement est reçu.' })).toBeVisible();
  await expectNoAxeViolations(page);

  // A screenshot may be joined to it, once, from this page.
  await expect(page.getByRole('heading', { name: "Ajouter une capture d'écran (facultatif)" })).toBeVisible();
  await page.getByLabel("Capture d'écran", { exact: true }).setInputFiles({ name: 'ecran.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: "Joindre la capture d'écran" }).press('Enter');
  await expect(page.getByRole('status').filter({ hasText: "La capture d'écran est jointe à votre signalement." })).toBeVisible();
  await expect(page.getByRole('heading', { name: "Ajouter une capture d'écran (facultatif)" })).toHaveCount(0);
  await expectNoAxeViolations(page);

  await page.goto(`${dev}/en/report-a-problem?page=/en/help`);
  await expect(page.getByRole('heading', { name: 'A question about one of your requests' })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.goto(`${dev}/en/suggest-an-idea`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Suggest an idea');
  await expectNoAxeViolations(page);
});

test('a citizen suggests an idea, follows it, and reads the answer in her list and her messages', async ({ browser }) => {
  const run = Date.now().toString(36);
  const title = `Rappels par texto ${run}`;
  const citizen = await (await browser.newContext()).newPage();
  await devSignIn(citizen, dev, '/fr/mes-problemes-et-idees', 'Camille Tremblay');
  await expectNoAxeViolations(citizen);
  await citizen.goto(`${dev}/fr/proposer-une-idee`);
  await citizen.getByLabel('Titre').fill(title);
  await citizen.getByLabel('Description').fill('Me rappeler la veille de mes rendez-vous.');
  await readTheForm(citizen);
  await citizen.getByRole('button', { name: 'Envoyer' }).click();
  await expect(citizen.getByRole('status').filter({ hasText: 'Merci. Votre idée est reçue.' })).toBeVisible();
  await citizen.getByRole('link', { name: 'Suivre mes problèmes et idées' }).click();
  const mine = citizen.getByTestId('feedback').filter({ hasText: title });
  await expect(mine.getByTestId('feedback-status')).toHaveText('Reçu');
  await expectNoAxeViolations(citizen);

  // An administrator answers (the console's board calls the same server function).
  const admin = await (await browser.newContext()).newPage();
  await devSignIn(admin, dev, '/fr/administration', 'Alex Gagnon');
  const board = await admin.request.post(`${dev}/api/admin/feedback`, { form: { kind: 'idea', status: 'received' }, headers: { origin: dev } });
  expect(board.status()).toBe(200);
  const item = (await board.json()).find((one) => one.item.title === title);
  const answered = await admin.request.post(`${dev}/api/admin/feedback/status`, {
    form: { id: item.item.id, status: 'planned', answer_fr: 'Prévu pour le printemps.', answer_en: 'Planned for the spring.' },
    headers: { origin: dev },
  });
  expect(answered.status()).toBe(200);

  await citizen.reload();
  await expect(mine.getByTestId('feedback-status')).toHaveText('Prévu');
  await expect(mine).toContainText('Prévu pour le printemps.');
  await expectNoAxeViolations(citizen);
  await citizen.goto(`${dev}/en/my-problems-and-ideas`);
  await expect(mine.getByTestId('feedback-status')).toHaveText('Planned');
  await expect(mine).toContainText('Planned for the spring.');
  await expectNoAxeViolations(citizen);
  // Someone about to suggest the same is shown it, now that it is planned.
  await citizen.goto(`${dev}/fr/proposer-une-idee`);
  await citizen.getByLabel('Titre').pressSequentially(`Rappels par texto ${run}`);
  const similar = citizen.locator('[data-similar-found]');
  await expect(similar.getByRole('heading', { name: 'Est-ce la même chose ?' })).toBeVisible();
  await expect(similar.getByRole('listitem').filter({ hasText: title })).toContainText('Prévu');
  await expectNoAxeViolations(citizen);
  await citizen.goto(`${dev}/fr/messages`);
  const message = citizen.getByTestId('notification').filter({ hasText: title });
  await expect(message).toContainText('Du nouveau sur votre problème signalé ou votre idée');
  await expect(message).toContainText('Prévu pour le printemps.');
  await message.getByRole('link', { name: 'Voir mes problèmes et idées' }).click();
  await expect(citizen).toHaveURL(`${dev}/fr/mes-problemes-et-idees`);
});
