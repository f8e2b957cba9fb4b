import type { IncomingHttpHeaders } from 'node:http';
import { parseObject } from '../body.js';
import { serveLlm, type LlmGateway } from '../gateway.js';
import type { LlmReplyTarget } from '../reply-target.js';
import { sendWireError } from '../send.js';
import { chatRequestOfResponses } from './request.js';
import { ResponsesReply } from './responses-reply.js';
import type { QuotaSubject } from '../quota/layers.js';

/**
 * `POST /v1/responses`: the request is mapped to Chat Completions and served as one (same engine, routing,
 * translation to any provider, gating, usage, log), and the answer is written back in the Responses form.
 * Errors are OpenAI's, which Responses shares.
 */
export async function serveResponses(gw: LlmGateway, call: { readonly headers: IncomingHttpHeaders; readonly body: Buffer; readonly user?: string | undefined; readonly subject?: QuotaSubject | undefined }, res: LlmReplyTarget): Promise<void> {
  const b = parseObject(call.body.toString('utf8'));
  if (b === undefined) return sendWireError(res, 'openai', 'PARSE_ERROR', 'the request body is not a JSON object');
  const r = chatRequestOfResponses(b);
  if (!r.ok) return sendWireError(res, 'openai', 'INVALID_PARAMS', r.message);
  const body = Buffer.from(JSON.stringify(r.body));
  await serveLlm(gw, { format: 'openai', inspect: true, upstreamPath: '/chat/completions', headers: call.headers, body, user: call.user, subject: call.subject }, new ResponsesReply(res, String(b['model'])));
}
