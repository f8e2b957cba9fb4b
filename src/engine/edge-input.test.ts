import { describe, expect, it } from 'vitest';
import { finding } from '../core/index.js';
import { defaultEngine } from '../../test/helpers/engine.js';

// EventInput may carry capabilities and findings from an edge that understands its wire format (hooks).

describe('edge capabilities and findings', () => {
  it('uses the classes an edge established, unless configuration names the tool', async () => {
    const engine = await defaultEngine({ tools: { 'native/Bash': { capabilities: ['executes'] } } });
    const edge = engine.process({ kind: 'tool.call', sessionId: 's', source: 'hook', tool: { server: 'native', name: 'Read', callId: undefined }, args: {}, capabilities: ['reads-private'] });
    expect(edge.event.kind === 'tool.call' && edge.event.capabilities).toEqual(['reads-private']);
    const configured = engine.process({ kind: 'tool.call', sessionId: 's', source: 'hook', tool: { server: 'native', name: 'Bash', callId: undefined }, args: { command: 'ls' }, capabilities: ['reads-private'] });
    expect(configured.event.kind === 'tool.call' && configured.event.capabilities).toEqual(['executes']);
    const resolved = engine.process({ kind: 'tool.call', sessionId: 's', source: 'api', tool: { server: 'x', name: 'send_email', callId: undefined }, args: {} });
    expect(resolved.event.kind === 'tool.call' && resolved.event.capabilities).toEqual(['sends-out']);
  });

  it('adds an edge\'s findings to the detectors\' and lets policy read them', async () => {
    const engine = await defaultEngine();
    const shadow = finding({ detector: 'hook', kind: 'mcp.shadow-server', severity: 'high', message: 'not in the registry' });
    const rec = engine.process({ kind: 'tool.call', sessionId: 's', source: 'hook', tool: { server: 'paste', name: 'create', callId: undefined }, args: {}, findings: [shadow] });
    expect(rec.findings.map((f) => f.kind)).toContain('mcp.shadow-server');
    expect(rec.decision).toMatchObject({ action: 'ask', rule: { id: 'shadow-mcp-server' } });
  });

  it('records a hook event that maps to nothing else, and allows it under the default pack', async () => {
    const engine = await defaultEngine();
    const rec = engine.process({ kind: 'hook', sessionId: 's', source: 'hook', name: 'PreThinking', note: 'unknown-event', raw: '{}' });
    expect(rec.event).toMatchObject({ kind: 'hook', name: 'PreThinking', seq: 0 });
    expect(rec.decision.action).toBe('allow');
  });
});
