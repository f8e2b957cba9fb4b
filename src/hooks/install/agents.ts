/**
 * The agents whose hooks the installer wires. A local copy until the hook surface's `AGENTS`
 * (src/hooks/agents.ts) lands; the two lists are unified at merge.
 */
export const INSTALL_AGENTS = ['claude-code', 'cursor', 'codex', 'gemini-cli', 'copilot'] as const;

/** One of {@link INSTALL_AGENTS}. */
export type InstallAgent = (typeof INSTALL_AGENTS)[number];

/** Narrows a user-supplied name to a known agent. */
export function isInstallAgent(name: string): name is InstallAgent {
  return (INSTALL_AGENTS as readonly string[]).includes(name);
}
