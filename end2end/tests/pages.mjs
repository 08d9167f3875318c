// The shell's pages in both languages, shared by the specs.
export const pages = [
  { name: 'home', fr: '/fr', en: '/en', frHeading: 'Vos services de santé en ligne, au même endroit', enHeading: 'Your online health services, in one place', status: 200 },
  { name: 'my-requests', fr: '/fr/mes-demarches', en: '/en/my-requests', frHeading: 'Mes démarches', enHeading: 'My requests', status: 200 },
  { name: 'help', fr: '/fr/aide', en: '/en/help', frHeading: 'Aide', enHeading: 'Help', status: 200 },
  { name: 'accessibility', fr: '/fr/accessibilite', en: '/en/accessibility', frHeading: "Déclaration d'accessibilité", enHeading: 'Accessibility statement', status: 200 },
  { name: 'not-found', fr: '/fr/page-inexistante', en: '/en/missing-page', frHeading: 'Page introuvable', enHeading: 'Page not found', status: 404 },
  { name: 'server-error', fr: '/fr/erreur', en: '/en/error', frHeading: 'Le service est momentanément indisponible', enHeading: 'The service is temporarily unavailable', status: 500 },
];

export const languages = ['fr', 'en'];

/** Collects console errors and CSP violations of a page, to assert none happened. */
export function watchErrors(page) {
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

/** Resolves once the wasm app has hydrated: the menu button exists only after hydration. */
export async function waitForHydration(page) {
  await page.locator('.menu-button:not([hidden])').waitFor({ state: 'attached' });
}
