import type { IncomingHttpHeaders } from 'node:http';
import type { ErrorCode } from '../../core/index.js';
import { callerHeaders } from '../upstream.js';
import { codeForStatus, upstreamErrorBody } from '../upstream-error.js';
import { wireError } from '../wire-error.js';
import type { WireFormat } from '../wire-format.js';
import { attemptsHeader, attemptsSummary } from './attempts-header.js';
import type { Routed } from './send-routed.js';

/** An error answer to write: status, headers and body. */
export interface FailureReply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number>;
  readonly body: Buffer | string;
}


function parse(raw: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(raw.toString('utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** What an upstream said: the `error.message` of either format's body, else the start of the raw text. */
function said(raw: Buffer): string {
  const e = parse(raw)?.['error'];
  const m = e !== null && typeof e === 'object' ? (e as Record<string, unknown>)['message'] : undefined;
  return (typeof m === 'string' ? m.slice(0, 300) : raw.subarray(0, 300).toString('utf8')).replace(/\s+/g, ' ').trim();
}

/** An error of the table in the caller's format; `status` overrides the table's (an upstream's own status). */
function reply(format: WireFormat, status: number | undefined, code: ErrorCode, message: string, headers: Record<string, string | string[] | number>): FailureReply {
  const { body, status: tableStatus } = wireError(format, code, message);
  return { status: status ?? tableStatus, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, body };
}

/**
 * The answer when routing found no target that would answer, in the caller's format. A lone try that got an
 * HTTP answer passes it through as before routing existed (the provider's own body and status, `Retry-After`
 * included); after several tries the status is the last upstream's and the message names it and every try.
 */
export function failureReply(format: WireFormat, r: Routed & { kind: 'failed-status' | 'failed-network' | 'unavailable' }, now: number): FailureReply {
  switch (r.kind) {
    case 'failed-status': {
      const headers: Record<string, string | string[] | number> = callerHeaders(r.headers as IncomingHttpHeaders);
      if (r.attempts.length === 1) {
        const body = upstreamErrorBody(format, r.status, r.raw, parse(r.raw));
        return { status: r.status, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, body };
      }
      headers['x-rampart-attempts'] = attemptsHeader(r.attempts);
      const text = said(r.raw);
      return reply(format, r.status, codeForStatus(r.status), `all ${r.attempts.length} attempts failed (${attemptsSummary(r.attempts)}); the last upstream, ${r.target.key}, answered ${r.status}${text === '' ? '' : `: ${text}`}`, headers);
    }
    case 'failed-network': {
      const code: ErrorCode = r.failure.kind === 'timeout' ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_ERROR';
      if (r.attempts.length === 1) return reply(format, undefined, code, r.failure.message, {});
      return reply(format, undefined, code, `${r.failure.message} (all ${r.attempts.length} attempts failed: ${attemptsSummary(r.attempts)})`, { 'x-rampart-attempts': attemptsHeader(r.attempts) });
    }
    case 'unavailable': {
      const seconds = Math.max(1, Math.ceil((r.retryAt - now) / 1000));
      return reply(format, undefined, 'UNAVAILABLE', `every target of this route is failing and skipped by its circuit breaker (${attemptsSummary(r.attempts)}); retry in ${seconds}s`, { 'retry-after': String(seconds) });
    }
  }
}
