import type { IncomingHttpHeaders } from 'node:http';

const SECONDS = /^\s*(\d{1,10})(?:\.\d+)?\s*$/;
/** The shape all three HTTP-date forms share (IMF-fixdate, RFC 850, asctime): a name and a clock time. */
const HTTP_DATE = /^[A-Za-z]{3}[A-Za-z]*,? [^]*\d{2}:\d{2}:\d{2}/;

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * How long an upstream asked us to wait, in milliseconds, or undefined when it did not say: `retry-after-ms`
 * (OpenAI, Azure) first, then `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3). A date in
 * the past is 0; anything unparsable is ignored rather than trusted.
 * @see https://www.rfc-editor.org/rfc/rfc9110#field.retry-after
 */
export function retryAfterMs(headers: IncomingHttpHeaders, now: number): number | undefined {
  const ms = one(headers['retry-after-ms']);
  if (ms !== undefined) {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  }
  const v = one(headers['retry-after']);
  if (v === undefined) return undefined;
  const s = SECONDS.exec(v);
  if (s !== null) return Number(s[1]) * 1000;
  // Date.parse alone takes "-3" for a year: only a date-shaped value is parsed as one.
  // asctime carries no zone but means GMT; Date.parse would read it as local time.
  const at = HTTP_DATE.test(v) ? Date.parse(v.includes('GMT') ? v : `${v} GMT`) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
