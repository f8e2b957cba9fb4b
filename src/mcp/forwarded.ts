import {
  CompleteResultSchema,
  EmptyResultSchema,
  GetPromptResultSchema,
  ListPromptsResultSchema,
  ListResourcesResultSchema,
  ListResourceTemplatesResultSchema,
  ReadResourceResultSchema,
  type ClientRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';

/**
 * The client requests the gateway forwards unchanged to the one upstream behind `/mcp/<server>`, with the
 * schema of each one's result. Tools are not here: they go through access control and the engine.
 * @see https://modelcontextprotocol.io/specification/2025-11-25/server/resources
 */
export const FORWARDED = {
  'resources/list': ListResourcesResultSchema,
  'resources/templates/list': ListResourceTemplatesResultSchema,
  'resources/read': ReadResourceResultSchema,
  'resources/subscribe': EmptyResultSchema,
  'resources/unsubscribe': EmptyResultSchema,
  'prompts/list': ListPromptsResultSchema,
  'prompts/get': GetPromptResultSchema,
  'completion/complete': CompleteResultSchema,
} as const;

export type ForwardedMethod = keyof typeof FORWARDED;
export type ForwardedParams<M extends ForwardedMethod> = Extract<ClientRequest, { method: M }>['params'];
export type ForwardedResult<M extends ForwardedMethod> = z.infer<(typeof FORWARDED)[M]>;
