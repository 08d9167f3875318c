// axe-core finds nothing on any page, in either language, on a phone or a desktop; each view
// is kept as a screenshot artifact (end2end/artifacts/screenshots).
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { pages, languages, waitForHydration } from './pages.mjs';

const viewports = [
  { name: '360', width: 360, height: 740 },
  { name: '1280', width: 1280, height: 800 },
];

for (const viewport of viewports) {
  test.describe(`at ${viewport.name} px`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } });
    for (const lang of languages) {
      for (const p of pages) {
        test(`${p.name} (${lang}) has no axe violations`, async ({ page }) => {
          await page.goto(p[lang]);
          await waitForHydration(page);
          const results = await new AxeBuilder({ page })
            .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
            .analyze();
          const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
          expect(summary).toEqual([]);
          await page.screenshot({
            path: `artifacts/screenshots/${p.name}-${lang}-${viewport.name}.png`,
            fullPage: true,
          });
        });
      }
    }
  });
}
