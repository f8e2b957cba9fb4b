import { describe, expect, it } from 'vitest';
import { bedrockRuntimeHost, signBedrock, sigV4Headers } from './sign.js';

// The AWS Signature Version 4 test suite (aws-sig-v4-test-suite): its example credentials and time.
const SUITE = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'service', host: 'example.amazonaws.com', now: new Date('2015-08-30T12:36:00Z') };
const SCOPE = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
const STS_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';

describe('sigV4Headers against the AWS SigV4 test suite', () => {
  it('post-vanilla', async () => {
    const h = await sigV4Headers({ method: 'POST', path: '/', headers: {}, body: '' }, SUITE);
    expect(h['authorization']).toBe(`${SCOPE}, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b`);
    expect(h['x-amz-date']).toBe('20150830T123600Z');
    expect(h['host']).toBe('example.amazonaws.com');
  });

  it('post-vanilla-query', async () => {
    const h = await sigV4Headers({ method: 'POST', path: '/?Param1=value1', headers: {}, body: '' }, SUITE);
    expect(h['authorization']).toBe(`${SCOPE}, SignedHeaders=host;x-amz-date, Signature=28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11`);
  });

  it('post-x-www-form-urlencoded (a signed content type and body)', async () => {
    const h = await sigV4Headers({ method: 'POST', path: '/', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Param1=value1' }, SUITE);
    expect(h['authorization']).toBe(`${SCOPE}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a`);
    expect(h['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('post-sts-header-before (temporary credentials: the session token is signed)', async () => {
    const h = await sigV4Headers({ method: 'POST', path: '/', headers: {}, body: '' }, { ...SUITE, sessionToken: STS_TOKEN });
    expect(h['authorization']).toBe(`${SCOPE}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead`);
    expect(h['x-amz-security-token']).toBe(STS_TOKEN);
  });
});

describe('signBedrock', () => {
  it('signs for the bedrock service in the region, the encoded model id path included', async () => {
    const req = { path: '/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse', body: '{"messages":[]}', headers: { 'content-type': 'application/json' } };
    const o = { region: 'eu-west-3', host: bedrockRuntimeHost('eu-west-3'), accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret', now: new Date('2025-01-02T03:04:05Z') };
    const h = await signBedrock(req, o);
    expect(h['authorization']).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE\/20250102\/eu-west-3\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(h).toMatchObject({ host: 'bedrock-runtime.eu-west-3.amazonaws.com', 'x-amz-date': '20250102T030405Z', 'content-type': 'application/json' });
    // The signature covers the body and the path: change either and it changes.
    expect((await signBedrock(req, o))['authorization']).toBe(h['authorization']);
    expect((await signBedrock({ ...req, body: '{"messages":[1]}' }, o))['authorization']).not.toBe(h['authorization']);
    expect((await signBedrock({ ...req, path: '/model/other/converse' }, o))['authorization']).not.toBe(h['authorization']);
  });
});
