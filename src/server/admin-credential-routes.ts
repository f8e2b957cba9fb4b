import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { GatewayError } from '../core/index.js';
import type { Vault } from '../secrets/vault.js';

const SetBody = z.object({ value: z.string().min(1), user: z.string().min(1).optional() }).strict();

/**
 * Credential routes of the admin API (registered inside the admin scope, so already guarded): write-only
 * values. `PUT /credentials/:server` stores one, `GET /credentials` lists without values, `DELETE
 * /credentials/:server[?user=U]` removes one. There is deliberately no route that returns a value.
 */
export function adminCredentialRoutes(scope: FastifyInstance, vault: Vault): void {
  scope.put<{ Params: { server: string } }>('/credentials/:server', async (req) => {
    const parsed = SetBody.safeParse(req.body);
    if (!parsed.success) throw new GatewayError('INVALID_PARAMS', 'body must be {"value": string, "user"?: string}');
    return vault.set({ server: req.params.server, user: parsed.data.user }, parsed.data.value);
  });
  scope.get('/credentials', async () => ({ credentials: await vault.list() }));
  scope.delete<{ Params: { server: string }; Querystring: { user?: string } }>('/credentials/:server', async (req, reply) => {
    if (!(await vault.delete({ server: req.params.server, user: req.query.user }))) throw new GatewayError('NOT_FOUND', 'no such credential');
    return reply.code(204).send();
  });
}
