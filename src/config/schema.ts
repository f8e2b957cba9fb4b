import { z } from 'zod';
import { CAPABILITIES } from '../core/index.js';

/** One tool's configured classes: the highest authority on what a tool can do (DESIGN.md §3). */
const ToolConfigSchema = z
  .object({
    capabilities: z.array(z.enum(CAPABILITIES)),
    trusted: z.boolean().optional(),
  })
  .strict();

/** How the gateway reaches one upstream MCP server. */
const McpTransportSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('stdio'),
      command: z.string().min(1),
      args: z.array(z.string()).default([]),
      env: z.record(z.string(), z.string()).default({}),
      cwd: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('http'), url: z.url(), headers: z.record(z.string(), z.string()).default({}) }).strict(),
  z.object({ type: z.literal('sse'), url: z.url(), headers: z.record(z.string(), z.string()).default({}) }).strict(),
]);

/** Approval of one upstream tool: `approved: false` hides it; `pin` is the approved definition hash. */
const McpToolApprovalSchema = z
  .object({
    approved: z.boolean().default(true),
    pin: z.string().regex(/^[0-9a-f]{64}$/, 'pin must be a sha256 hex digest').optional(),
  })
  .strict();

const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/;

/** One approved (or not) upstream MCP server. */
const McpServerSchema = z
  .object({
    transport: McpTransportSchema,
    approved: z.boolean().default(true),
    /** Per-tool approval state; tools not listed are approved when `approveNewTools` is true. */
    tools: z.record(z.string(), McpToolApprovalSchema).default({}),
    approveNewTools: z.boolean().default(true),
  })
  .strict();

/** The MCP gateway (issue 4): upstream servers, virtual servers and downstream limits. */
const McpSchema = z
  .object({
    servers: z
      .record(z.string(), McpServerSchema)
      .default({})
      .superRefine((servers, ctx) => {
        for (const name of Object.keys(servers)) {
          if (!SERVER_NAME.test(name)) ctx.addIssue({ code: 'custom', message: `server name "${name}" must match ${SERVER_NAME.source}`, path: [name] });
        }
      }),
    /** Named tool sets drawn from several servers, served unprefixed at `/mcp/<name>`; entries are `server/tool`. */
    virtualServers: z.record(z.string().regex(SERVER_NAME), z.object({ tools: z.array(z.string().regex(/^[^/]+\/.+$/, 'expected server/tool')) }).strict()).default({}),
    /** Browser origins allowed to call `/mcp` (DNS-rebinding defence); requests without `Origin` are allowed. */
    allowedOrigins: z.array(z.string()).default([]),
    /** Longest wait for one upstream call before the client gets a timeout error. */
    callTimeoutMs: z.number().int().positive().default(60_000),
    /** Downstream sessions idle longer than this are closed; their id then answers 404. */
    sessionIdleMinutes: z.number().positive().default(30),
    maxSessions: z.number().int().positive().default(10_000),
  })
  .strict();

export type McpConfig = z.infer<typeof McpSchema>;
export type McpServerConfig = z.infer<typeof McpServerSchema>;

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
    mcp: McpSchema.default({ servers: {}, virtualServers: {}, allowedOrigins: [], callTimeoutMs: 60_000, sessionIdleMinutes: 30, maxSessions: 10_000 }),
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
