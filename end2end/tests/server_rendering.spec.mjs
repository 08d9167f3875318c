// With JavaScript disabled, every page is complete as the server sent it.
import { test, expect } from '@playwright/test';
import { pages, languages } from './pages.mjs';

test.use({ javaScriptEnabled: false });

for (const lang of languages) {
  for (const p of pages) {
    test(`${p.name} (${lang}) renders without JavaScript`, async ({ page }) => {
      const response = await page.goto(p[lang]);
      expect(response.status()).toBe(p.status);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(p[`${lang}Heading`]);
      await expect(page).toHaveTitle(/Votre santé — (Gouvernement|Government)/);
      // The navigation is open and usable; the menu button (a script feature) is absent.
      await expect(page.locator('#main-nav')).toBeVisible();
      await expect(page.locator('.menu-button')).toBeHidden();
      await expect(page.locator('.skip-link')).toHaveAttribute('href', '#main');
    });
  }
}

test('the language switch works as a plain link', async ({ page }) => {
  await page.goto('/fr/aide');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/en\/help$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Help');
});
