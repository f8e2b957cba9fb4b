import { z } from 'zod';
import { CAPABILITIES } from '../core/index.js';

/** One tool's configured classes: the highest authority on what a tool can do (DESIGN.md §3). */
const ToolConfigSchema = z
  .object({
    capabilities: z.array(z.enum(CAPABILITIES)),
    trusted: z.boolean().optional(),
  })
  .strict();

/**
 * The gateway's configuration file (YAML). One schema, validated once, then frozen (STYLE.md §6).
 * Paths in `policies` are relative to the config file.
 */
export const ConfigSchema = z
  .object({
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8787),
        /** Largest request body accepted, in bytes. */
        maxBodyBytes: z.number().int().positive().default(4 * 1024 * 1024),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8787, maxBodyBytes: 4 * 1024 * 1024 }),
    /** Where the store lives: a directory (SQLite) or `:memory:`. */
    data: z.string().default('.rampart'),
    /** Policy files; empty means the default pack. */
    policies: z.array(z.string()).default([]),
    /** Hosts that Markdown images and links may point at without an exfiltration finding. */
    allowedHosts: z.array(z.string()).default([]),
    /** Per-tool configuration, keyed `server/name`, `server/*` or `name`. */
    tools: z.record(z.string(), ToolConfigSchema).default({}),
    limits: z
      .object({
        maxSessions: z.number().int().positive().default(50_000),
        idleMinutes: z.number().positive().default(30),
      })
      .strict()
      .default({ maxSessions: 50_000, idleMinutes: 30 }),
  })
  .strict();

export type Config = z.infer<typeof ConfigSchema>;
