// Notices on a device (web push), in Chromium, on the development portal. The browser's side
// of a subscription needs its vendor's push service, unreachable here: the test push service
// (npm web-push-testing) makes the subscription the page receives, as a vendor's would, with
// the key the page gives. What the portal then pushes to it is the integration tests' (VAPID,
// aes128gcm, a gone subscription); the service worker's display of a push is pwa.spec's
// (DevTools' ServiceWorker.deliverPushMessage).
import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { ports, devSignIn, watchErrors } from './pages.mjs';

const dev = `http://127.0.0.1:${ports.dev}`;
const pushService = `http://127.0.0.1:${ports.push}`;

async function expectNoAxeViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

/** A subscription the test push service made for the page's key, given to the page's browser. */
async function subscribeWith(page, key) {
  const answer = await (await fetch(`${pushService}/subscribe`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ applicationServerKey: key, userVisibleOnly: 'true' }),
  })).json();
  const subscription = { endpoint: answer.data.endpoint, expirationTime: null, keys: answer.data.keys };
  await page.addInitScript((json) => {
    let made = null;
    PushManager.prototype.getSubscription = async () => made;
    PushManager.prototype.subscribe = async function (options) {
      if (!options.userVisibleOnly || !(options.applicationServerKey instanceof Uint8Array)) throw new Error('options');
      made = { endpoint: json.endpoint, toJSON: () => json };
      return made;
    };
  }, subscription);
  return answer.data.clientHash;
}

test('a device signed up for notices from the message settings, with the keyboard, and removed', async ({ page, context }) => {
  const errors = watchErrors(page);
  await context.grantPermissions(['notifications'], { origin: dev });
  await devSignIn(page, dev, '/fr/parametres-des-messages', 'Gabrielle Nguyen');
  const section = page.getByRole('region', { name: 'Vos appareils' });
  await expect(section).toContainText('Aucun appareil ne reçoit vos avis.');
  const key = await page.locator('form[data-push-form]').getAttribute('data-push-form');
  expect(key).toMatch(/^[A-Za-z0-9_-]{87}$/);
  await subscribeWith(page, key);
  await page.reload();

  const add = section.getByRole('button', { name: 'Recevoir les avis sur cet appareil' });
  await add.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Cet appareil recevra vos avis.' })).toBeVisible();
  const devices = page.getByTestId('device');
  await expect(devices).toHaveCount(1);
  await expect(devices.first()).toContainText('Ajouté le');
  await expect(page.getByRole('group', { name: 'Avis sur vos appareils' }).getByLabel("Changements d'état de vos demandes")).toBeChecked();
  await expectNoAxeViolations(page);
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.getByRole('region', { name: 'Your devices' })).toBeVisible();
  await expectNoAxeViolations(page);

  const remove = page.getByRole('button', { name: /^Stop sending notices to / });
  await remove.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'This device will no longer get your notices.' })).toBeVisible();
  await expect(devices).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('notifications blocked in the browser: the page says how to allow them, and keeps nothing', async ({ page, context }) => {
  await context.clearPermissions();
  // Not the person the test above signs up a device for, as the two may run at once.
  await devSignIn(page, dev, '/fr/parametres-des-messages', 'Camille Tremblay');
  // Chromium answers "denied" to a page whose permission was refused.
  await page.addInitScript(() => {
    Notification.requestPermission = async () => 'denied';
    Object.defineProperty(Notification, 'permission', { get: () => 'denied' });
  });
  await page.reload();
  const before = await page.getByTestId('device').count();
  await page.getByRole('button', { name: 'Recevoir les avis sur cet appareil' }).click();
  await expect(page.getByRole('status').getByText('Les avis sont bloqués pour ce site dans votre navigateur.')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('device')).toHaveCount(before);
});
