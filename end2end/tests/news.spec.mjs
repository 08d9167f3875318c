// News of new services: a citizen chooses the categories they follow, an administrator
// publishes a novelty from the administration page, and it shows on everyone's home page in
// each language and in the follower's messages. All with the keyboard; axe finds nothing on the
// home page's news, the follow form, the inbox and the novelty form, in both languages.
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ports, devSignIn } from './pages.mjs';

const dev = `http://127.0.0.1:${ports.dev}`;

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** Moves the focus with Tab until it is on `locator` (at most 80 presses). */
async function tabTo(page, locator) {
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press('Tab');
    if (await locator.evaluate((element) => element === document.activeElement)) return;
  }
  throw new Error('never reached with Tab');
}

test('a citizen follows a category, an administrator publishes a novelty in it: on every home page and in her messages', async ({ browser }) => {
  // A title of this run only: the dev portal keeps its database between runs.
  const run = Date.now().toString(36);
  const title = { fr: `Vaccination saisonnière ${run}`, en: `Seasonal vaccination ${run}` };

  // Camille follows "Prévention et dépistage", each novelty as it comes, with the keyboard.
  const citizen = await (await browser.newContext()).newPage();
  await devSignIn(citizen, dev, '/fr/parametres-des-messages', 'Camille Tremblay');
  const follow = citizen.getByRole('checkbox', { name: 'Prévention et dépistage' });
  await tabTo(citizen, follow);
  if (!(await follow.isChecked())) await citizen.keyboard.press('Space');
  await tabTo(citizen, citizen.getByRole('radio', { name: "Dès qu'il y en a une" }));
  await citizen.keyboard.press('Space');
  await tabTo(citizen, citizen.getByRole('button', { name: 'Enregistrer mes nouveautés' }));
  await citizen.keyboard.press('Enter');
  await expect(citizen.getByRole('status').filter({ hasText: 'Vos nouveautés à suivre sont enregistrées.' })).toBeVisible();
  await expect(citizen.getByRole('checkbox', { name: 'Prévention et dépistage' })).toBeChecked();
  await expectNoAxeViolations(citizen);

  // The administrator's form refuses a blank title by name, beside the field.
  const admin = await (await browser.newContext()).newPage();
  await devSignIn(admin, dev, '/fr/administration', 'Alex Gagnon');
  await admin.getByLabel('Titre en français').fill('   ');
  await admin.getByLabel('Texte en français').fill('Prenez rendez-vous dès maintenant.');
  await admin.getByLabel('Titre en anglais').fill(title.en);
  await admin.getByLabel('Texte en anglais').fill('Book an appointment now.');
  await admin.getByRole('button', { name: 'Publier la nouveauté' }).click();
  const titleFr = admin.getByLabel('Titre en français');
  await expect(titleFr).toHaveAttribute('aria-invalid', 'true');
  await expect(admin.locator('#novelty-title_fr-error')).toHaveText('Ce champ est obligatoire.');
  await expectNoAxeViolations(admin);
  const before = await citizen.request.get(`${dev}/fr`).then((r) => r.text());
  expect(before).not.toContain(title.fr);

  // Filled in both languages for the category, with the keyboard: published.
  await titleFr.focus();
  await admin.keyboard.type(title.fr);
  await admin.keyboard.press('Tab');
  await admin.keyboard.type('Prenez rendez-vous dès maintenant.');
  await admin.keyboard.press('Tab');
  await admin.keyboard.type(title.en);
  await admin.keyboard.press('Tab');
  await admin.keyboard.type('Book an appointment now.');
  await admin.getByLabel('Catégorie').selectOption({ label: 'Prévention et dépistage' });
  await admin.getByRole('button', { name: 'Publier la nouveauté' }).focus();
  await admin.keyboard.press('Enter');
  await expect(admin.getByRole('status').filter({ hasText: 'La nouveauté est publiée.' })).toBeVisible();
  await expect(admin.getByRole('table').first()).toContainText('announcement.published');

  // Everyone's home page has it, in each language; a guest's too.
  const guest = await (await browser.newContext()).newPage();
  for (const [lang, words, heading] of [['fr', title.fr, 'Nouveautés'], ['en', title.en, "What's new"]]) {
    await guest.goto(`${dev}/${lang}`);
    const news = guest.getByRole('region', { name: heading });
    await expect(news.getByTestId('news').filter({ hasText: words })).toHaveCount(1);
    await expect(news.getByTestId('news').filter({ hasText: words })).toContainText(lang === 'fr' ? 'Nouveauté' : 'News');
    await expectNoAxeViolations(guest);
  }

  // Camille's messages have it (the announce job runs within seconds).
  await expect(async () => {
    await citizen.goto(`${dev}/fr/messages`);
    await expect(citizen.getByTestId('notification').filter({ hasText: title.fr })).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 20_000 });
  await expect(citizen.getByTestId('notification').filter({ hasText: title.fr })).toContainText('Prenez rendez-vous dès maintenant.');
  await expectNoAxeViolations(citizen);
  await citizen.goto(`${dev}/en/messages`);
  await expect(citizen.getByTestId('notification').filter({ hasText: title.en })).toContainText('Book an appointment now.');
  await expectNoAxeViolations(citizen);
});

for (const lang of ['fr', 'en']) {
  const paths = lang === 'fr'
    ? ['/fr/messages', '/fr/parametres-des-messages', '/fr/administration']
    : ['/en/messages', '/en/message-settings', '/en/administration'];
  test(`messages, their settings and the novelty form have no accessibility violations (${lang})`, async ({ page }) => {
    await devSignIn(page, dev, paths[0], 'Alex Gagnon');
    for (const path of paths) {
      const response = await page.goto(`${dev}${path}`);
      expect(response.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
  });
}
