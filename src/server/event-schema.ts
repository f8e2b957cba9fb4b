import { z } from 'zod';
import { SURFACES } from '../core/index.js';

const ToolRefSchema = z
  .object({
    server: z.string().max(256).optional(),
    name: z.string().min(1).max(256),
    callId: z.string().max(256).optional(),
  })
  .strict();

const Base = {
  sessionId: z.string().min(1).max(256),
  id: z.string().max(256).optional(),
  at: z.number().int().nonnegative().optional(),
  source: z.enum(SURFACES).default('api'),
  actor: z.object({ user: z.string().max(256).optional(), agent: z.string().max(256).optional() }).strict().optional(),
};

const AnnotationsSchema = z
  .object({
    title: z.string().optional(),
    readOnlyHint: z.boolean().optional(),
    destructiveHint: z.boolean().optional(),
    idempotentHint: z.boolean().optional(),
    openWorldHint: z.boolean().optional(),
  })
  .passthrough();

/**
 * `POST /v1/events`: one normalized event, as an edge would hand it to the engine. Strict: an unknown kind or
 * field is a 400 naming it, so a surface that drifts from the spine fails loudly.
 */
export const EventInputSchema = z.discriminatedUnion('kind', [
  z.object({ ...Base, kind: z.literal('prompt'), text: z.string() }).strict(),
  z.object({ ...Base, kind: z.literal('model.output'), text: z.string() }).strict(),
  z.object({ ...Base, kind: z.literal('tool.call'), tool: ToolRefSchema, args: z.record(z.string(), z.unknown()).default({}) }).strict(),
  z
    .object({ ...Base, kind: z.literal('tool.result'), tool: ToolRefSchema, content: z.string(), isError: z.boolean().default(false) })
    .strict(),
  z
    .object({
      ...Base,
      kind: z.literal('tools.list'),
      tools: z
        .array(
          z
            .object({
              server: z.string().optional(),
              name: z.string().min(1),
              description: z.string().default(''),
              inputSchema: z.unknown().optional(),
              annotations: AnnotationsSchema.optional(),
            })
            .strict(),
        )
        .max(10_000),
    })
    .strict(),
  z.object({ ...Base, kind: z.literal('session.start') }).strict(),
  z.object({ ...Base, kind: z.literal('session.end') }).strict(),
]);

export type EventInputBody = z.infer<typeof EventInputSchema>;
