// What a first visit to a page downloads, by kind, with the size of each file as it is sent
// raw, at gzip -9 and at brotli -q 11 (what tools/precompress.mjs makes of it). Shared by the
// size check (weight.spec.mjs) and the benchmark's table.
import { brotli, gzip } from '../../tools/precompress.mjs';

export const KB = 1000;

/** The budget of a page's scripts and WebAssembly (brotli, chunks included), by kind of page. */
export const budgets = { content: 60 * KB, citizen: 60 * KB, wizard: 180 * KB, admin: 120 * KB, install: 30 * KB };

/**
 * What the size check enforces today. Every kind is held to its budget except the wizard: its
 * page measured 283.9 KB once its markup also worked without script, then 255.5 KB on
 * 2026-12-03 once the browser bundle dropped `time`'s parser and formatter and the island
 * translated with the page's language instead of a translation context of its own, 249.4 KB
 * once the review's form posted the submission itself (no receipt drawn in the browser), 242.8 KB
 * once deleting was the confirmation's own form post too, 244.1 KB once the draft's expiry read
 * in words, 244.8 KB once every page registered the service worker, 245.2 KB as the code of
 * notifications shifted the optimizer's inlining (no notification code is in the bundle), then
 * 243.3 KB once release builds left out the panic hook's formatting, then 245.1 KB once a
 * form could be started with no network (the draft's device-only mode, 2 KB). It is over its
 * 180 KB budget (README, "Performance"), so it is held where it stands and can only shrink.
 */
export const limits = { ...budgets, wizard: 246 * KB };

function kindOf(url, contentType) {
  const path = new URL(url).pathname;
  if (path.endsWith('.wasm') || contentType.includes('wasm')) return 'wasm';
  if (path.endsWith('.js') || path.endsWith('.mjs') || contentType.includes('javascript')) return 'js';
  if (path.endsWith('.css') || contentType.includes('css')) return 'css';
  if (path.endsWith('.woff2') || contentType.includes('font')) return 'fonts';
  if (contentType.includes('html')) return 'html';
  return 'other';
}

export function sizes(body) {
  return { raw: body.length, gzip: gzip(body).length, brotli: brotli(body).length };
}

/**
 * Starts recording what `page` downloads, with the browser's cache off (a first visit).
 * `take()` returns the files seen since the last call and forgets them.
 */
export async function recordDownloads(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let pending = [];
  page.on('response', (response) => {
    const url = response.url();
    if (!url.startsWith('http') || response.status() >= 300) return;
    const contentType = response.headers()['content-type'] ?? '';
    pending.push(
      response.body().then(
        (body) => ({ url, path: new URL(url).pathname, kind: kindOf(url, contentType), ...sizes(body) }),
        () => null,
      ),
    );
  });
  return {
    async take() {
      const files = (await Promise.all(pending)).filter(Boolean);
      pending = [];
      return files;
    },
  };
}

/**
 * What the service worker's installation downloads, once per version, beside the first page:
 * the worker itself and every file it keeps (PRECACHE, which the server writes at the top of
 * the worker), the manifests among them. `request` is an APIRequestContext without a session,
 * as the worker fetches them (credentials omitted).
 */
export async function weighInstallation(request, base) {
  const worker = await request.get(`${base}/sw.js`);
  const script = await worker.body();
  const line = script.toString('utf8').split('\n').find((l) => l.startsWith('const PRECACHE = '));
  const precache = JSON.parse(line.slice('const PRECACHE = '.length).replace(/;$/, ''));
  const files = [{ url: `${base}/sw.js`, path: '/sw.js', kind: 'js', ...sizes(script) }];
  for (const path of precache) {
    const response = await request.get(`${base}${path}`);
    const contentType = response.headers()['content-type'] ?? '';
    files.push({ url: `${base}${path}`, path, kind: kindOf(`${base}${path}`, contentType), ...sizes(await response.body()) });
  }
  return files;
}

/** Sums a page's files by kind; `code` is its scripts and WebAssembly, what the budget counts. */
export function weigh(files) {
  const zero = () => ({ raw: 0, gzip: 0, brotli: 0 });
  const byKind = { html: zero(), js: zero(), wasm: zero(), css: zero(), fonts: zero(), other: zero(), code: zero(), total: zero() };
  for (const file of files) {
    for (const key of [file.kind, 'total', ...(file.kind === 'js' || file.kind === 'wasm' ? ['code'] : [])]) {
      for (const form of ['raw', 'gzip', 'brotli']) byKind[key][form] += file[form];
    }
  }
  return byKind;
}

/** The table the benchmark and the size check print: one row per page, sizes in bytes. */
export function table(rows) {
  const header = ['page', 'kind', 'budget', 'limit', 'code br', 'code gz', 'code raw', 'wasm br', 'js br', 'css br', 'fonts br', 'html br', 'total br'];
  const lines = rows.map(({ name, kind, weight }) => [
    name,
    kind,
    budgets[kind],
    limits[kind],
    weight.code.brotli,
    weight.code.gzip,
    weight.code.raw,
    weight.wasm.brotli,
    weight.js.brotli,
    weight.css.brotli,
    weight.fonts.brotli,
    weight.html.brotli,
    weight.total.brotli,
  ]);
  const all = [header, ...lines].map((line) => line.map(String));
  const widths = header.map((_, i) => Math.max(...all.map((line) => line[i].length)));
  return all.map((line) => line.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}
