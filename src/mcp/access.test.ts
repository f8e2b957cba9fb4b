import { describe, expect, it } from 'vitest';
import type { ToolDefinition } from '../core/index.js';
import { AccessRuleSchema } from '../policy/schema.js';
import { AccessControl } from './access.js';
import type { Principal } from './principal.js';

const def = (name: string, readOnlyHint?: boolean): ToolDefinition => ({
  server: 'github', name, description: '', inputSchema: {}, annotations: readOnlyHint === undefined ? undefined : { readOnlyHint },
});
const dev: Principal = { user: 'dana', groups: ['dev'], via: 'oidc' };
const admin: Principal = { user: 'ada', groups: ['admin'], via: 'oidc' };

const control = new AccessControl([
  AccessRuleSchema.parse({ id: 'admins-all', groups: ['admin'], action: 'allow' }),
  AccessRuleSchema.parse({ id: 'devs-read', groups: ['dev'], servers: ['github'], readOnly: true, action: 'allow' }),
  AccessRuleSchema.parse({ id: 'github-closed', servers: ['github'], action: 'deny' }),
]);

describe('AccessControl', () => {
  it('lets a developer use read tools and not write or delete tools', () => {
    expect(control.check(dev, { server: 'github', definition: def('list_issues', true) })).toEqual({ allowed: true, rule: 'devs-read' });
    expect(control.check(dev, { server: 'github', definition: def('delete_repo', false) })).toEqual({ allowed: false, rule: 'github-closed' });
  });

  it('treats a tool without annotations as destructive', () => {
    expect(control.check(dev, { server: 'github', definition: def('create_issue') }).allowed).toBe(false);
  });

  it('matches users and groups, tool prefixes, and allows when no rule matches', () => {
    expect(control.check(admin, { server: 'github', definition: def('delete_repo') }).rule).toBe('admins-all');
    expect(control.check(dev, { server: 'jira', definition: def('create_ticket') })).toEqual({ allowed: true, rule: undefined });
    const byTool = new AccessControl([AccessRuleSchema.parse({ id: 'no-deletes', users: ['dana'], tools: ['delete_*'], action: 'deny' })]);
    expect(byTool.check(dev, { server: 'x', definition: def('delete_all') }).allowed).toBe(false);
    expect(byTool.check(dev, { server: 'x', definition: def('undelete') }).allowed).toBe(true);
  });

  it('lets read-only rules and server-wide rules decide on resources and prompts, not tool rules', () => {
    expect(control.checkServer(dev, 'github')).toEqual({ allowed: true, rule: 'devs-read' });
    expect(control.checkServer({ user: 'eve', groups: [], via: 'api-key' }, 'github')).toEqual({ allowed: false, rule: 'github-closed' });
    const byTool = new AccessControl([
      AccessRuleSchema.parse({ id: 'no-deletes', users: ['dana'], tools: ['delete_*'], action: 'deny' }),
      AccessRuleSchema.parse({ id: 'no-writes', users: ['dana'], readOnly: false, action: 'deny' }),
    ]);
    expect(byTool.checkServer(dev, 'x')).toEqual({ allowed: true, rule: undefined });
  });
});
