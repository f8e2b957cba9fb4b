// Identity benchmark: what authenticating one request costs, per credential kind, in-process (no HTTP).
//   npm run bench:identity
// Local mode (no credential), an API key (SQLite lookup + SHA-256 + constant-time compare), an OIDC RS256
// JWT seen before (the verified-token cache), and the full jose verification (JWKS fetched once from a local
// server and cached). Prints a table, then one JSON line.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { ConfigSchema } from '../dist/config/schema.js';
import { createIdentity } from '../dist/identity/identity.js';
import { createOidcVerifier } from '../dist/identity/oidc.js';
import { SqliteStore } from '../dist/store/sqlite.js';

const N = Number(process.env.N ?? 20_000);
const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-id-'));
const store = new SqliteStore({ path: join(dir, 'rampart.db') });

const { privateKey, publicKey } = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
const server = createServer((req, res) => {
  res.setHeader('content-type', 'application/json');
  if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
  else res.end(JSON.stringify({ keys: [jwk] }));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const issuer = `http://127.0.0.1:${server.address().port}`;
const token = await new SignJWT({ groups: ['dev'] })
  .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
  .setIssuer(issuer)
  .setAudience('http://gw/mcp')
  .setSubject('ada')
  .setIssuedAt()
  .setExpirationTime('1h')
  .sign(privateKey);

function identity(cfg) {
  const r = createIdentity({ config: ConfigSchema.parse({ identity: cfg }).identity, store, host: '127.0.0.1', fallbackBase: 'http://gw' });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
const local = identity({});
const oidc = identity({ oidc: { issuer, audience: 'http://gw/mcp' } });
const { key } = await local.apiKeys.create({ user: 'ada' });
for (let i = 0; i < 500; i++) await local.apiKeys.create({ user: `u${i}` }); // a table with some rows

const SURFACE = { scope: 'mcp', resourcePath: '/mcp' };
const uncached = createOidcVerifier({ issuer, audience: ['http://gw/mcp'], userClaim: 'sub', groupsClaim: 'groups', clockSkewSeconds: 30, jwksCooldownSeconds: 30, requiredScopes: [], cacheSize: 0 });
const cases = [
  ['local (no credential)', local.authenticator(SURFACE), { host: 'gw' }],
  ['API key (SQLite)', local.authenticator(SURFACE), { host: 'gw', 'x-api-key': key }],
  ['OIDC JWT (cached)', oidc.authenticator(SURFACE), { host: 'gw', authorization: `Bearer ${token}` }],
  ['OIDC JWT RS256 verify', async () => uncached(token), {}],
];
const IDS = ['local', 'api_key', 'oidc_cached', 'oidc_verify'];

const rows = [];
for (const [name, auth, headers] of cases) {
  const first = await auth({ headers });
  if ('kind' in first || 'status' in first) throw new Error(`${name}: ${first.message}`);
  for (let i = 0; i < 1000; i++) await auth({ headers }); // warm-up
  const t = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    await auth({ headers });
    t[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  t.sort();
  const q = (p) => t[Math.min(N - 1, Math.floor(p * N))];
  rows.push({ name, p50: q(0.5), p99: q(0.99) });
}
console.log(`authenticate() per request, ${N} calls each (ms)`);
console.log(`${'case'.padEnd(24)} ${'p50'.padStart(8)} ${'p99'.padStart(8)}`);
for (const r of rows) console.log(`${r.name.padEnd(24)} ${r.p50.toFixed(4).padStart(8)} ${r.p99.toFixed(4).padStart(8)}`);
console.log(JSON.stringify(Object.fromEntries(rows.flatMap((r, i) => [[`${IDS[i]}_p50_ms`, +r.p50.toFixed(4)], [`${IDS[i]}_p99_ms`, +r.p99.toFixed(4)]]))));
await store.close();
server.close();
rmSync(dir, { recursive: true, force: true });
