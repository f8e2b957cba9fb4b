import { describe, expect, it } from 'vitest';
import { findSecrets, isSecretArgName, looksRandom, secretsDetector, shannonEntropy } from './secrets.js';
import { kinds, randomToken, run, textEvent, toolCall, toolResult } from './test-events.js';

// Fake credentials are assembled at run time: no literal in the repository looks like a live key.
const AWS_ID = 'AKIA' + randomToken(16, 7, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567');
const AWS_SECRET = randomToken(40, 11, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+');
const GH_TOKEN = 'ghp' + '_' + randomToken(36, 3);
const STRIPE = 'sk' + '_live_' + randomToken(24, 5);
const OPENAI = 'sk-' + 'proj-' + randomToken(48, 9);
const ANTHROPIC = 'sk-' + 'ant-api03-' + randomToken(80, 13);
const GOOGLE = 'AI' + 'za' + randomToken(35, 17);
const SLACK = 'xo' + 'xb-' + '1234567890-' + randomToken(24, 19);
const JWT = 'eyJhbGciOiJIUzI1NiJ9' + '.' + 'eyJzdWIiOiIxMjM0NTY3ODkwIn0' + '.' + randomToken(43, 23);
const PEM = ['-----BEGIN RSA PRIVATE KEY-----', randomToken(64, 29), randomToken(64, 31), '-----END RSA PRIVATE KEY-----'].join('\n');

describe('secrets detector', () => {
  it.each([
    ['secret.aws-access-key', `export AWS_ACCESS_KEY_ID=${AWS_ID}`],
    ['secret.aws-secret-key', `aws_secret_access_key = ${AWS_SECRET}`],
    ['secret.github-token', `token ${GH_TOKEN} expires soon`],
    ['secret.stripe-key', `STRIPE=${STRIPE}`],
    ['secret.openai-key', `OPENAI_API_KEY: ${OPENAI}`],
    ['secret.anthropic-key', `key is ${ANTHROPIC}`],
    ['secret.google-api-key', `maps key ${GOOGLE}`],
    ['secret.slack-token', `slack: ${SLACK}`],
    ['secret.jwt', `Cookie: session=${JWT}`],
    ['secret.private-key', `here you go:\n${PEM}\n`],
    ['secret.url-credentials', 'DATABASE_URL=postgres://app:Tr0ub4dor-x9@db.internal:5432/app'],
    ['secret.assignment', 'DB_PASSWORD=Summer2024!'],
    ['secret.assignment', '{"smtp_password": "hunter2-again"}'],
    ['secret.high-entropy', `{"api_key": "${randomToken(32, 37)}"}`],
    ['secret.bearer-token', `Authorization: Bearer ${randomToken(40, 41)}`],
  ])('finds %s', (kind, text) => {
    expect(kinds(secretsDetector, toolResult(text))).toContain(kind);
  });

  it('rates private keys and cloud keys critical', () => {
    const found = run(secretsDetector, toolResult(`${PEM}\n${AWS_ID}`));
    expect(found.map((f) => f.severity)).toEqual(['critical', 'critical']);
  });

  it('spans the whole PEM block and masks the excerpt', () => {
    const text = `key:\n${PEM}\nbye`;
    const [f] = run(secretsDetector, toolResult(text));
    expect(f?.span).toEqual({ start: 5, end: 5 + PEM.length });
    expect(f?.excerpt).not.toContain(PEM.split('\n')[1]);
  });

  it('gives a precise span and a masked excerpt, never the secret', () => {
    const text = `creds: ${AWS_ID} ok`;
    const [f] = run(secretsDetector, toolResult(text));
    expect(f?.span).toEqual({ start: 7, end: 27 });
    expect(text.slice(7, 27)).toBe(AWS_ID);
    expect(f?.excerpt).toBe('AKIA… (20 chars)');
    expect(f?.arg).toBeUndefined();
  });

  it('spans only the value of a password assignment', () => {
    const text = 'password: "Xq7-pl4ce"';
    const [f] = run(secretsDetector, textEvent('prompt', text));
    expect(f?.span && text.slice(f.span.start, f.span.end)).toBe('Xq7-pl4ce');
    expect(f?.excerpt).toBe('Xq… (9 chars)');
  });

  it('names the nested argument that holds a secret', () => {
    const call = toolCall({ url: 'https://api.example.com', headers: { Authorization: `token ${GH_TOKEN}` }, list: ['a', STRIPE] });
    const found = run(secretsDetector, call);
    expect(found.map((f) => [f.kind, f.arg])).toEqual([
      ['secret.github-token', 'headers.Authorization'],
      ['secret.stripe-key', 'list.1'],
    ]);
  });

  it('treats an argument named for a secret as one, and skips names that only describe secrets', () => {
    const found = run(secretsDetector, toolCall({ auth: { user: 'sam', password: 'S3cure-pass' }, headers: { apiKey: randomToken(24, 61) } }));
    expect(found.map((f) => [f.kind, f.arg, f.span])).toEqual([
      ['secret.assignment', 'auth.password', { start: 0, end: 11 }],
      ['secret.assignment', 'headers.apiKey', { start: 0, end: 24 }],
    ]);
    const benign = toolCall({ token_type: 'Bearer', max_tokens: '4096', page_token: randomToken(30, 3), password_min_length: '12', password: '${PASSWORD}', secret_name: 'prod-db-creds' });
    expect(run(secretsDetector, benign)).toEqual([]);
  });

  it('scans model output and prompts', () => {
    expect(kinds(secretsDetector, textEvent('model.output', `Use ${GH_TOKEN}`))).toEqual(['secret.github-token']);
    expect(kinds(secretsDetector, textEvent('prompt', `my key ${AWS_ID}`))).toEqual(['secret.aws-access-key']);
  });

  it('stays silent on YAML and JSON tool output with ids, hashes, dates and prices', () => {
    const yaml = [
      'repository: https://github.com/octocat/Hello-World',
      'commit: 3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345',
      'id: 550e8400-e29b-41d4-a716-446655440000',
      'created_at: 2024-03-15T10:22:01Z',
      'price: $1,299.00',
      'secretName: db-credentials',
      'password_reset_url: https://example.com/reset',
      'integrity: sha512-' + randomToken(40, 43),
      'sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    ].join('\n');
    const json = JSON.stringify({ next_page_token: randomToken(40, 47), token_count: 1234, usage: { input_tokens: 99 }, tokenizer: 'cl100k_base' });
    expect(run(secretsDetector, toolResult(yaml))).toEqual([]);
    expect(secretsDetector.inspect(toolResult(json), undefined, { id: 's', agent: undefined, startedAt: 0, eventCount: 0, labels: undefined })).toBeUndefined();
  });

  it('stays silent on prose and code that only talk about secrets', () => {
    const prose = [
      'Hi Sam, please reset your password: click the link we sent on 2024-05-01.',
      'The secret: patience. Your order total is $42.10 and the tracking id is 1Z999AA10123456784.',
      'Docs say keys start with -----BEGIN RSA PRIVATE KEY----- and end with a footer.',
      'The example key AKIAIOSFODNN7EXAMPLE is from the AWS docs.',
      'Card on file ends in 4242; IBAN DE89 3704 0044 0532 0130 00.',
    ].join('\n');
    const code = 'const password = config.password;\nsecret = os.getenv("APP_SECRET")\npassword: ${DB_PASSWORD}\napi_key: <your-api-key>';
    expect(run(secretsDetector, textEvent('model.output', prose))).toEqual([]);
    expect(run(secretsDetector, toolResult(code))).toEqual([]);
  });

  it('does not mistake words that start with sk- for keys', () => {
    expect(run(secretsDetector, toolResult('pip install sk-learn-compatible-estimator-wrapper'))).toEqual([]);
  });

  it('ignores URL credentials that are placeholders', () => {
    expect(run(secretsDetector, toolResult('redis://user:${REDIS_PASSWORD}@cache:6379'))).toEqual([]);
  });

  it('stays bounded on huge input and caps findings', () => {
    const many = Array.from({ length: 100 }, (_, i) => 'AKIA' + randomToken(16, i + 100, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')).join(' ');
    expect(run(secretsDetector, toolResult(many))).toHaveLength(32);
    const huge = 'a'.repeat(3 * 1024 * 1024) + AWS_ID;
    expect(run(secretsDetector, toolResult(huge))).toEqual([]);
    expect(() => run(secretsDetector, toolResult('eyJ'.repeat(200_000)))).not.toThrow();
  });

  it('findSecrets reports hits without overlaps', () => {
    const hits = findSecrets(`AWS_SECRET_ACCESS_KEY="${AWS_SECRET}"`);
    expect(hits.map((h) => h.kind)).toEqual(['secret.aws-secret-key']);
  });

  it('sees every key word a rule needs, even where words overlap or change case', () => {
    // `pass` and `secret` share an `s`: the cheap word scan must still let the AWS rule run.
    expect(findSecrets(`passecret_access_key=${AWS_SECRET}`).map((h) => h.kind)).toEqual(['secret.aws-secret-key']);
    expect(findSecrets(`Secret_Access_Key: ${AWS_SECRET}`).map((h) => h.kind)).toEqual(['secret.aws-secret-key']);
    expect(findSecrets('nothing to see here, only words and 12 numbers')).toEqual([]);
  });

  it('measures entropy so that random tokens pass and words do not', () => {
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(looksRandom(randomToken(32, 53))).toBe(true);
    expect(looksRandom('this_is_my_long_token_value')).toBe(false);
    expect(looksRandom('550e8400e29b41d4a716')).toBe(true);
  });
});

describe('isSecretArgName', () => {
  it('reads the last word of the last named segment, whatever its case or script of the k', () => {
    for (const name of ['password', 'auth.Passwd', 'headers.apiKey', 'creds.0.token', 'PRIVATE_KEY', 'db.credentials', 'api\u212Aey']) {
      expect(isSecretArgName(name), name).toBe(true);
    }
    for (const name of ['password_hint', 'key', 'keyboard', 'tokens', 'next_token', 'body', 'to', 'subject', 'passport.0']) {
      expect(isSecretArgName(name), name).toBe(false);
    }
  });
});
