import { targetPrice, type ModelPrice } from '../price-table.js';
import type { RouteTarget } from '../routing/route.js';
import { costOf, type Usage } from '../usage.js';
import { wireError } from '../wire-error.js';
import type { WireFormat } from '../wire-format.js';
import type { Estimate } from './charges.js';
import { estimateInputTokens, maxOutputTokens } from './estimate.js';
import type { QuotaSubject } from './layers.js';
import { toNano, type Actual, type QuotaAsk, type QuotaRefusal } from './quota.js';
import type { LlmReplyTarget } from '../reply-target.js';

/** What one model request is reserved at, with the input part apart (settling falls back on it). */
export interface RequestEstimate extends Estimate {
  readonly inputTokens: number;
}

/**
 * The quota ask of one model request: every name it goes by (as asked, after aliases, each target's upstream
 * model, so per-model limits match whichever target answers) and its estimate, priced at the dearest target.
 */
export function askOf(o: {
  readonly subject: QuotaSubject;
  readonly format: WireFormat;
  readonly body: Readonly<Record<string, unknown>>;
  readonly model: string;
  readonly resolved: string;
  /** The targets the request may be answered by (only what prices them is read). */
  readonly route: { readonly targets: readonly Pick<RouteTarget, 'model' | 'price'>[] };
  readonly prices: Readonly<Record<string, ModelPrice>>;
  readonly defaultMaxTokens: number;
}): QuotaAsk & { readonly estimate: RequestEstimate } {
  const input = estimateInputTokens(o.body);
  const output = maxOutputTokens(o.format, o.body, o.defaultMaxTokens);
  const names = o.model === o.resolved ? [o.model] : [o.model, o.resolved];
  const callerNames = [...names];
  const usage: Usage = { input, output, cacheRead: 0, cacheWrite: 0, reasoning: 0 };
  let nano = 0;
  let unpriced: string | undefined;
  for (const t of o.route.targets) {
    const upstream = t.model ?? o.resolved;
    if (!names.includes(upstream)) names.push(upstream);
    const price = targetPrice(o.prices, t, o.resolved);
    if (price === undefined) unpriced ??= upstream;
    nano = Math.max(nano, toNano(costOf(usage, price)));
  }
  return { subject: o.subject, names, callerNames, unpriced, estimate: { tokens: input + output, nanoUsd: nano, inputTokens: input } };
}

/**
 * What a served request used, for settling. The provider's reported usage when there is one; a stream that
 * ended without it (the client left mid-stream, or an OpenAI stream without `include_usage`) still spent
 * tokens: the input is taken as estimated when unreported, and the output as at least one token per content
 * frame relayed (a delta carries one token or more).
 */
export function actualOf(o: { readonly usage: Usage; readonly frames: number; readonly estimate: RequestEstimate; readonly price: ModelPrice | undefined }): Actual {
  const u = o.usage;
  let used = u;
  if (o.frames > 0) {
    // Anthropic's message_start already reports input (and 1 output token); the final count comes last.
    used = { ...u, input: u.input + u.cacheRead + u.cacheWrite === 0 ? o.estimate.inputTokens : u.input, output: Math.max(u.output, o.frames) };
  }
  return { tokens: used.input + used.cacheRead + used.cacheWrite + used.output, nanoUsd: toNano(costOf(used, o.price)) };
}

/** Answers a refused request in the caller's format, with `Retry-After` and rate-limit headers when it is a rate limit. */
export function sendRefusal(res: LlmReplyTarget, format: WireFormat, r: QuotaRefusal): void {
  if (res.headersSent || res.destroyed) {
    res.end();
    return;
  }
  const e = wireError(format, r.code, r.message);
  res.writeHead(e.status, { ...r.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(e.body) });
  res.end(e.body);
}
