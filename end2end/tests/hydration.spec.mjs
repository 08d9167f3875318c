// With JavaScript: the few lines of plain script every page has (menu button, idle-session
// warning), and WebAssembly only on pages that hold an island.
import { test, expect } from '@playwright/test';
import { pages, watchErrors, waitForHydration, watchWasm } from './pages.mjs';

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test('the menu button is there from the first paint and folds the navigation', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/fr', { waitUntil: 'commit' });
    // Before the deferred scripts ran, the head script already folded the navigation.
    await expect(page.getByRole('button', { name: 'Ouvrir le menu' })).toBeVisible();
    await expect(page.locator('#main-nav')).toBeHidden();
    await waitForHydration(page);
    const button = page.getByRole('button', { name: 'Ouvrir le menu' });
    const nav = page.locator('#main-nav');
    await expect(button).toBeVisible();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await expect(nav).toBeHidden();
    await button.click();
    await expect(page.getByRole('button', { name: 'Fermer le menu' })).toHaveAttribute('aria-expanded', 'true');
    await expect(nav).toBeVisible();
    // A link is an ordinary navigation: the next page starts with the menu closed.
    await nav.getByRole('link', { name: 'Aide' }).click();
    await expect(page).toHaveURL(/\/fr\/aide$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aide');
    await expect(nav).toBeHidden();
    expect(errors).toEqual([]);
  });
});

test.describe('on a desktop', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('the navigation stays open and the language switch keeps the page', async ({ page }) => {
    const errors = watchErrors(page);
    await page.goto('/fr/accessibilite');
    await waitForHydration(page);
    await expect(page.locator('.menu-button')).toBeHidden();
    await expect(page.locator('#main-nav')).toBeVisible();
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL(/\/en\/accessibility$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Accessibility statement');
    await expect(page).toHaveTitle('Accessibility | Votre santé — Government of Québec');
    await expect(page.getByRole('link', { name: 'Français' })).toHaveAttribute('href', '/fr/accessibilite');
    await page.getByRole('link', { name: 'Français' }).click();
    await expect(page).toHaveURL(/\/fr\/accessibilite$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible();
    expect(errors).toEqual([]);
  });

  test('the skip link moves focus to the content', async ({ page }) => {
    await page.goto('/fr/aide');
    await waitForHydration(page);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Passer au contenu' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });
});

test('pages without islands download no WebAssembly', async ({ page }) => {
  const wasm = watchWasm(page);
  const errors = watchErrors(page);
  for (const p of pages) {
    for (const lang of ['fr', 'en']) {
      await page.goto(p[lang]);
      await waitForHydration(page);
      await expect(page.locator('leptos-island')).toHaveCount(0);
    }
  }
  expect(wasm).toEqual([]);
  expect(errors.filter((e) => !/status of (400|404|500)/.test(e))).toEqual([]);
});

test.describe('first visit', () => {
  test.use({ locale: 'en-CA' });

  test('an English browser lands on the English home page', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/en$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

test('a French browser lands on the French home page, and an unknown language goes to French', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/fr$/);
  await page.goto('/de/aide');
  await expect(page).toHaveURL(/\/fr\/aide$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Aide');
});

for (const width of [320, 360]) {
  test(`nothing in the header overlaps at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 700 });
    await page.goto('/fr');
    await waitForHydration(page);
    const boxes = await Promise.all(
      ['.site-header__name', '.lang-switch', '.menu-button', '.site-header .wordmark'].map((s) => page.locator(s).boundingBox()),
    );
    const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i], boxes[j]), `${i} vs ${j}`).toBe(false);
    }
    // No horizontal scrolling at this width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  });
}
