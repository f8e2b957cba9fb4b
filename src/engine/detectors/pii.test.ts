import { describe, expect, it } from 'vitest';
import { cardNumberValid, findPii, ibanValid, luhnValid, piiDetector } from './pii.js';
import { kinds, run, textEvent, toolCall, toolResult } from './test-events.js';

describe('luhnValid', () => {
  it('accepts numbers whose check digit is right and rejects one digit off', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('41x1')).toBe(false);
  });

  it('needs a network prefix as well for a card number', () => {
    expect(cardNumberValid('5555555555554444')).toBe(true);
    // Luhn-valid but prefix 1 is no card network: epoch-millisecond timestamps look like this.
    expect(luhnValid('1000000000009')).toBe(true);
    expect(cardNumberValid('1000000000009')).toBe(false);
  });
});

describe('ibanValid', () => {
  it('accepts valid IBANs with or without spaces', () => {
    expect(ibanValid('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('NO9386011117947')).toBe(true);
  });

  it('rejects a wrong check, a wrong length and an unknown country', () => {
    expect(ibanValid('DE88 3704 0044 0532 0130 00')).toBe(false);
    expect(ibanValid('DE89 3704 0044 0532 0130 0')).toBe(false);
    expect(ibanValid('US89370400440532013000')).toBe(false);
  });
});

describe('pii detector', () => {
  it('finds a spaced card number with a precise span and only the last four digits', () => {
    const text = 'Charge card 4111 1111 1111 1111 for $20.00.';
    const [f] = run(piiDetector, toolResult(text));
    expect(f?.kind).toBe('pii.card');
    expect(f?.severity).toBe('high');
    expect(f?.span && text.slice(f.span.start, f.span.end)).toBe('4111 1111 1111 1111');
    expect(f?.excerpt).toBe('…1111 (16 chars)');
  });

  it('finds dashed and compact card numbers but not mixed separators', () => {
    expect(kinds(piiDetector, toolResult('amex 3782-822463-10005'))).toEqual(['pii.card']);
    expect(kinds(piiDetector, toolResult('mc 5555555555554444'))).toEqual(['pii.card']);
    expect(kinds(piiDetector, toolResult('mixed 4111-1111 1111-1111'))).toEqual([]);
  });

  it('finds an IBAN and stops at its country length', () => {
    const text = 'Pay to DE89 3704 0044 0532 0130 00 ABCD by Friday';
    const [f] = run(piiDetector, textEvent('prompt', text));
    expect(f?.kind).toBe('pii.iban');
    expect(f?.span && text.slice(f.span.start, f.span.end)).toBe('DE89 3704 0044 0532 0130 00');
    expect(f?.excerpt).toBe('DE89… (22 chars)');
  });

  it('finds a valid SSN and skips ranges never issued', () => {
    expect(kinds(piiDetector, toolResult('SSN: 536-22-1234'))).toEqual(['pii.ssn']);
    expect(kinds(piiDetector, toolResult('000-12-3456 666-12-3456 912-34-5678 536-00-1234 536-22-0000'))).toEqual([]);
    expect(run(piiDetector, toolResult('SSN: 536-22-1234'))[0]?.excerpt).toBe('***-**-1234');
  });

  it('reports emails as info and phone numbers as low', () => {
    const found = run(piiDetector, textEvent('model.output', 'Write to jane.doe@example.org or call +1 (415) 555-2671 or 212-555-0147.'));
    expect(found.map((f) => [f.kind, f.severity])).toEqual([
      ['pii.email', 'info'],
      ['pii.phone', 'low'],
      ['pii.phone', 'low'],
    ]);
    expect(found[0]?.excerpt).toBe('j…@example.org');
  });

  it('names the argument that carries personal data', () => {
    const found = run(piiDetector, toolCall({ to: 'ops@example.com', payment: { card: '4111111111111111' } }, 'send_email'));
    expect(found.map((f) => [f.kind, f.arg])).toEqual([
      ['pii.email', 'to'],
      ['pii.card', 'payment.card'],
    ]);
  });

  it('stays silent on tool output with dates, ids, hashes, prices and timestamps', () => {
    const json = JSON.stringify({
      id: '550e8400-e29b-41d4-a716-446655440000',
      commit: '3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345',
      created: '2024-03-15T10:22:01+02:00',
      ts: 1718000000000,
      order: 'ORD-2024-000123',
      price: '1,299.00',
      amount: 4111111111.11,
      version: '10.2.3',
      repo: 'https://github.com/octocat/Hello-World',
      avatar: 'logo@2x.png',
      remote: 'git@github.com:octocat/Hello-World.git',
    });
    expect(run(piiDetector, toolResult(json))).toEqual([]);
    expect(run(piiDetector, toolResult('Build 20240315 took 1234567 ms; see issue #4242 and PR 123456789012.'))).toEqual([]);
  });

  it('does not double-report digits of a card as a phone number', () => {
    expect(kinds(piiDetector, toolResult('card 4111-1111-1111-1111'))).toEqual(['pii.card']);
  });

  it('caps findings and stays bounded on huge input', () => {
    const many = Array.from({ length: 80 }, (_, i) => `u${i}@example.com`).join(' ');
    expect(findPii(many)).toHaveLength(32);
    expect(() => run(piiDetector, toolResult('4'.repeat(2_000_000)))).not.toThrow();
    expect(() => run(piiDetector, toolResult('a@'.repeat(500_000)))).not.toThrow();
  });
});
