// Where the harness started each server (see playwright.config.mjs).
const main = Number(process.env.PORTAL_E2E_PORT ?? 3100);
// `service` is fixed: the demo manifests deliver to the reference service on 127.0.0.1:3200.
export const ports = { main, dev: main + 1, oidc: main + 2, shortIdle: main + 3, weigh: main + 4, update: main + 5, pwa: main + 6, smtp: main + 7, mailbox: main + 8, push: main + 9, service: 3200 };

/**
 * The site folder of the update test's own portal: a copy of the built site, made as that
 * portal starts, whose files the test changes as a new build would (no other portal sees it).
 */
export const updateSiteRoot = `${process.env.TMPDIR ?? '/tmp'}/votre-sante-e2e-site-${ports.update}`;

// Pages a guest can see, in both languages, shared by the specs.
export const pages = [
  { name: 'home', fr: '/fr', en: '/en', frHeading: 'Vos services de santé en ligne, au même endroit', enHeading: 'Your online health services, in one place', status: 200 },
  { name: 'help', fr: '/fr/aide', en: '/en/help', frHeading: 'Aide', enHeading: 'Help', status: 200 },
  { name: 'accessibility', fr: '/fr/accessibilite', en: '/en/accessibility', frHeading: "Déclaration d'accessibilité", enHeading: 'Accessibility statement', status: 200 },
  { name: 'report-a-problem', fr: '/fr/signaler-un-probleme', en: '/en/report-a-problem', frHeading: 'Signaler un problème', enHeading: 'Report a problem', status: 200 },
  { name: 'suggest-an-idea', fr: '/fr/proposer-une-idee', en: '/en/suggest-an-idea', frHeading: 'Proposer une idée', enHeading: 'Suggest an idea', status: 200 },
  { name: 'offline', fr: '/fr/hors-ligne', en: '/en/offline', frHeading: 'Vous êtes hors ligne', enHeading: 'You are offline', status: 200 },
  { name: 'not-found', fr: '/fr/page-inexistante', en: '/en/missing-page', frHeading: 'Page introuvable', enHeading: 'Page not found', status: 404 },
  { name: 'sign-in-error', fr: '/fr/erreur-de-connexion?reason=nonce_mismatch', en: '/en/sign-in-error?reason=nonce_mismatch', frHeading: "La connexion n'a pas abouti", enHeading: 'Sign-in did not complete', status: 400 },
  { name: 'sign-out', fr: '/fr/deconnexion', en: '/en/sign-out', frHeading: 'Déconnexion', enHeading: 'Sign out', status: 200 },
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

/**
 * Resolves once the page's scripts are in place: `public/portal.js` has run and every island
 * on the page is hydrated (`html.ready`). Pages without islands load no WebAssembly at all.
 */
export async function waitForHydration(page) {
  await page.locator('html.ready').waitFor({ state: 'attached' });
}

/** Collects the WebAssembly files a page downloads, to assert what it loads or not. */
export function watchWasm(page) {
  const wasm = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('.wasm')) wasm.push(request.url());
  });
  return wasm;
}

/** The messages MailDev received for `address`, oldest first. */
export async function mailTo(address) {
  const all = await (await fetch(`http://127.0.0.1:${ports.mailbox}/api/email`)).json();
  return all.filter((m) => m.to.some((to) => to.address === address));
}

/** Signs in at the OpenID provider's login form (oidc-provider's development interaction). */
export async function signInAtProvider(page, account) {
  await page.waitForURL(new RegExp(`127\\.0\\.0\\.1:${ports.oidc}/interaction/`));
  await page.fill('input[name="login"]', account);
  await page.fill('input[name="password"]', 'any password');
  await page.locator('button[type="submit"]').click();
}

/** Signs in through the development sign-in of a development-mode portal at `base`. */
export async function devSignIn(page, base, path, name) {
  await page.goto(`${base}${path}`);
  await page.getByRole('button', { name: new RegExp(name) }).click();
  await page.waitForURL(`${base}${path}`);
}
