import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './breaker.js';

const policy = { failures: 3, windowMs: 1000, cooldownMs: 5000 };

describe('CircuitBreaker', () => {
  it('opens after N failures inside the window, and skips the target while open', () => {
    const b = new CircuitBreaker(policy);
    b.failure(0);
    b.failure(100);
    expect(b.state.kind).toBe('closed');
    expect(b.allow(150)).toBe(true);
    b.failure(200);
    expect(b.state).toEqual({ kind: 'open', until: 5200 });
    expect(b.allow(300)).toBe(false);
    expect(b.allow(5199)).toBe(false);
    expect(b.retryAt).toBe(5200);
  });

  it('does not open when the failures are spread wider than the window', () => {
    const b = new CircuitBreaker(policy);
    for (const t of [0, 600, 1200, 1800, 2400]) b.failure(t);
    expect(b.state.kind).toBe('closed');
    b.failure(2500);
    b.failure(2600);
    expect(b.state.kind).toBe('open');
  });

  it('half-opens after the cooldown and lets exactly one probe through', () => {
    const b = new CircuitBreaker(policy);
    for (const t of [0, 1, 2]) b.failure(t);
    expect(b.allow(5002)).toBe(true);
    expect(b.state).toEqual({ kind: 'half-open', probing: true });
    expect(b.allow(5003)).toBe(false);
    b.success();
    expect(b.state.kind).toBe('closed');
    // Closed afresh: the old failures no longer count.
    b.failure(5004);
    b.failure(5005);
    expect(b.state.kind).toBe('closed');
  });

  it('reopens for a full cooldown when the probe fails', () => {
    const b = new CircuitBreaker(policy);
    for (const t of [0, 1, 2]) b.failure(t);
    expect(b.allow(6000)).toBe(true);
    b.failure(6010);
    expect(b.state).toEqual({ kind: 'open', until: 11_010 });
    expect(b.allow(11_000)).toBe(false);
  });

  it('hands the probe to the next request when the probing one is abandoned', () => {
    const b = new CircuitBreaker(policy);
    for (const t of [0, 1, 2]) b.failure(t);
    expect(b.allow(6000)).toBe(true);
    b.release();
    expect(b.allow(6001)).toBe(true);
    expect(b.allow(6002)).toBe(false);
  });
});
