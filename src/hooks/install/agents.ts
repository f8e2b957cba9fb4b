/** The agents whose hooks the installer wires: the hook surface's own list. */
export { AGENTS, isAgentName, type AgentName } from '../agents.js';
