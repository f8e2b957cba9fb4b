import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GatewayError } from '../core/index.js';
import type { Identity } from '../identity/identity.js';
import type { Vault } from '../secrets/vault.js';
import type { Registry } from '../mcp/registry.js';
import type { CoverageEntry, Store } from '../store/store.js';
import { adminCredentialRoutes } from './admin-credential-routes.js';
import { adminMcpRoutes } from './admin-mcp-routes.js';
import { adminSpendRoutes } from './admin-spend-routes.js';
import { LimitSetSchema } from '../config/limits-schema.js';
import type { Quota } from '../llm/quota/quota.js';
import { requireAuth } from './require-auth.js';

const CreateKeyBody = z
  .object({
    user: z.string().min(1),
    groups: z.array(z.string()).max(64).optional(),
    scopes: z.array(z.string()).max(64).optional(),
    name: z.string().max(200).optional(),
    /** Lifetime in seconds from now. */
    expiresInSeconds: z.number().int().positive().optional(),
    /** The team whose budgets the key's spend also counts against. */
    team: z.string().min(1).optional(),
    /** The key's own budget, RPM/TPM limits, allowed models and per-model limits. */
    limits: LimitSetSchema.optional(),
  })
  .strict();

const KeyLimitsBody = z.object({ team: z.string().min(1).optional(), limits: LimitSetSchema.optional() }).strict();

/** Parses a body or throws the first issue, naming its path. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0];
  throw new GatewayError('INVALID_PARAMS', first === undefined ? 'invalid body' : `${first.path.join('.') || '(body)'}: ${first.message}`);
}

/**
 * The admin API under `/admin/v1` (register with that prefix). Every route requires the admin token or a
 * principal in the admin group; local mode does not count.
 */
export function adminRoutes(deps: {
  identity: Identity;
  vault: Vault;
  registry: Registry;
  store: Store;
  quota: Quota;
  /** Which agents' hooks report from which users and hosts, the pending sightings written first. */
  coverage?: (() => Promise<readonly CoverageEntry[]>) | undefined;
  now?: (() => number) | undefined;
}) {
  const { identity, vault } = deps;
  const now = deps.now ?? Date.now;
  return async (scope: FastifyInstance): Promise<void> => {
    requireAuth(scope, { authenticate: identity.admin });
    /** A numeric query parameter, or undefined when absent or not a number. */
    const num = (v: string | undefined): number | undefined => (v === undefined || v === '' || !Number.isFinite(Number(v)) ? undefined : Number(v));

    scope.get('/whoami', async (req) => ({ principal: req.principal }));

    scope.post('/keys', async (req, reply) => {
      const parsed = CreateKeyBody.safeParse(req.body);
      if (!parsed.success) {
        const first = parsed.error.issues[0];
        throw new GatewayError('INVALID_PARAMS', first === undefined ? 'invalid body' : `${first.path.join('.') || '(body)'}: ${first.message}`);
      }
      const b = parsed.data;
      const created = await identity.apiKeys.create({
        user: b.user,
        groups: b.groups,
        scopes: b.scopes,
        name: b.name,
        expiresAt: b.expiresInSeconds === undefined ? undefined : now() + b.expiresInSeconds * 1000,
        team: b.team,
        limits: b.limits,
      });
      // The only time the key exists outside the caller: never cache this answer.
      return reply.code(201).header('cache-control', 'no-store').send({ key: created.key, ...created.info });
    });

    scope.get('/keys', async () => ({ keys: await identity.apiKeys.list() }));

    // Replaces a key's team and limits (LiteLLM's /key/update); absent fields are cleared.
    scope.put<{ Params: { id: string } }>('/keys/:id/limits', async (req) => {
      const b = parseBody(KeyLimitsBody, req.body);
      if (!(await identity.apiKeys.setLimits(req.params.id, b.team, b.limits))) throw new GatewayError('NOT_FOUND', `no key ${req.params.id.slice(0, 64)}`);
      return { id: req.params.id, team: b.team, limits: b.limits };
    });

    scope.delete<{ Params: { id: string } }>('/keys/:id', async (req, reply) => {
      if (!(await identity.apiKeys.revoke(req.params.id))) throw new GatewayError('NOT_FOUND', `no active key ${req.params.id}`);
      return reply.code(204).send();
    });

    // The request log, newest first: every request answered, rejected ones included. Page with `before`.
    scope.get<{ Querystring: { limit?: string; before?: string } }>('/requests', async (req) => {
      return { requests: await deps.store.listRequests({ limit: num(req.query.limit), before: num(req.query.before) }) };
    });

    // Hook coverage: which agents, users and hosts report, and when last. Who runs what where is an admin's to see.
    scope.get('/coverage', async () => ({ coverage: await (deps.coverage?.() ?? deps.store.listCoverage()) }));

    // Model requests served by the LLM gateway, newest first: user, model, provider, latency, tokens, cost.
    scope.get<{ Querystring: { limit?: string; before?: string } }>('/llm/requests', async (req) => {
      return { requests: await deps.store.listLlmRequests({ limit: num(req.query.limit), before: num(req.query.before) }) };
    });

    adminCredentialRoutes(scope, vault);
    adminSpendRoutes(scope, { identity, quota: deps.quota });
    adminMcpRoutes(scope, { registry: deps.registry, store: deps.store, now });
  };
}
