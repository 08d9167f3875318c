// For scripts/bench: signs in through the development sign-in of the portal at BASE, files
// REQUESTS complaints as that person (through the same server functions the pages call), and
// leaves a draft open on its second step. Prints the session cookie, then the id of the last
// request, one per line.
//   node tools/bench-seed.mjs http://127.0.0.1:3300 20
const [base, count = '20'] = process.argv.slice(2);
let cookie = '';

async function post(path, body, type = 'application/x-www-form-urlencoded') {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': type, accept: 'application/json', origin: base, cookie },
    body,
  });
  for (const line of response.headers.getSetCookie()) {
    const pair = line.split(';')[0];
    if (pair.startsWith('vs_session=') || pair.startsWith('__Host-vs_session=')) cookie = pair;
  }
  if (response.status >= 400) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.headers.get('content-type')?.includes('json') ? response.json() : null;
}

const answers = {
  full_name: 'Camille Tremblay', email: 'camille@example.org', filing_for: 'self',
  institution: 'CISSS de Laval', event_date: '2026-10-01',
  description: 'Attente de quatorze heures sans information.', consent: true,
};

async function draft(step, filled) {
  const { draft } = await post('/api/drafts/open', 'service=plaintes');
  await post('/api/drafts/save', JSON.stringify({
    service: 'plaintes', service_version: draft.service_version, base_revision: draft.revision,
    answers: filled, step, edited_at: new Date().toISOString(),
  }), 'application/json');
}

await post('/auth/dev-login', 'account=demo-citizen-1&return_to=/fr');
if (!cookie) throw new Error('the development sign-in gave no session cookie');
let last = '';
for (let n = 0; n < Number(count); n += 1) {
  await draft(3, answers);
  const receipt = await post('/api/requests/submit', `service=plaintes&idempotency_key=${crypto.randomUUID()}`);
  last = receipt.id;
}
await draft(1, { full_name: answers.full_name, email: answers.email, filing_for: 'self' });
console.log(cookie);
console.log(last);
