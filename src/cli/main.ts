#!/usr/bin/env node
import { toGatewayError } from '../core/errors.js';
import { PROCESS_IO, type Command } from './io.js';

/**
 * The `rampart` command. Each subcommand is imported only when it runs, so the hot `rampart hook` path of a
 * later issue does not pay for the server, the store or the policy compiler.
 */
const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly load: () => Promise<Command> }>> = {
  serve: { summary: 'run the gateway: serve [--config FILE] [--host H] [--port N] [--data DIR] [--demo]', load: async () => (await import('./commands/serve.js')).serve },
  replay: { summary: 'replay corpus sessions through the engine: replay FILE.jsonl [--json] [--policy FILE]... [--data DIR]', load: async () => (await import('./commands/replay.js')).replay },
  explain: { summary: "print a stored session's causal chain: explain SESSION_ID [--data DIR]", load: async () => (await import('./commands/explain.js')).explain },
  demo: { summary: 'play the CRM-injection scenario and its benign twin: demo [--data DIR]', load: async () => (await import('./commands/demo.js')).demo },
  policy: { summary: 'policy check FILE... | policy test DIR', load: async () => (await import('./commands/policy.js')).policy },
  hooks: { summary: 'wire coding agents to Rampart: hooks install|uninstall --agent NAME [--scope S] [--server URL] [--fail closed|open] [--http] | hooks status', load: async () => (await import('./commands/hooks.js')).hooks },
  hook: { summary: 'the command agent hooks run: hook <agent> [--server URL] [--fail closed|open] (payload on stdin)', load: async () => (await import('./commands/hook.js')).hook },
  coverage: { summary: 'who sends hook events, per agent, user and machine: coverage [--data DIR] [--json]', load: async () => (await import('./commands/coverage.js')).coverage },
  keys: { summary: 'API keys in the local store: keys create --user U [--group G] [--scope S] [--expires 30d] | keys list | keys revoke ID', load: async () => (await import('./commands/keys.js')).keys },
  credentials: { summary: 'upstream credentials in the vault: credentials set --server S [--user U] (value on stdin) | list | delete | rotate', load: async () => (await import('./commands/credentials.js')).credentials },
  mcp: { summary: 'stdio proxy with policy and audit for a local MCP server: mcp wrap [--name N] [--config FILE] [--data DIR] -- COMMAND [ARGS...]', load: async () => (await import('./commands/mcp.js')).mcp },
  audit: { summary: 'audit verify [--data DIR]: check the tamper-evident audit chain', load: async () => (await import('./commands/audit.js')).audit },
};

function help(): string {
  const lines = ['usage: rampart <command> [options]', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(11)} ${c.summary}`);
  lines.push('', 'rampart <command> --help shows the options of one command.');
  return `${lines.join('\n')}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    PROCESS_IO.out(help());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    PROCESS_IO.out('rampart 0.1.0\n');
    return 0;
  }
  const cmd = COMMANDS[name];
  if (cmd === undefined) {
    PROCESS_IO.err(`rampart: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  try {
    return await (await cmd.load())(rest, PROCESS_IO);
  } catch (thrown) {
    // The CLI boundary: normalize, keep the cause for debugging, show only what is safe.
    const e = toGatewayError(thrown);
    const detail = e.expose ? e.message : thrown instanceof Error ? thrown.message : String(thrown);
    PROCESS_IO.err(`rampart ${name}: ${detail}\n`);
    return 1;
  }
}

// `rampart replay … | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});
process.exitCode = await main(process.argv.slice(2));
