import { describe, expect, it } from 'vitest';
import { parseRulesRoute, rulesHash, type RulesRoute } from './rulesRoute.ts';

describe('Rules page addresses', () => {
  it('read back what they wrote, ids with any characters included', () => {
    const routes: RulesRoute[] = [
      { view: 'list', packId: null },
      { view: 'list', packId: 'datadog-default' },
      { view: 'rule', packId: 'runtime', ruleId: 'web_server_spawned_shell' },
      { view: 'edit', packId: 'custom', ruleId: 'odd/id with spaces?&' },
      { view: 'new', packId: 'custom', from: { packId: 'runtime', ruleId: 'web_server_spawned_shell' } },
      { view: 'new', packId: 'custom', from: null },
      { view: 'history', packId: 'custom' },
    ];
    for (const route of routes) expect(parseRulesRoute(rulesHash(route))).toEqual(route);
  });

  it('fall back to the lists for anything else', () => {
    expect(parseRulesRoute('#/rules/rule/runtime')).toEqual({ view: 'list', packId: null });
    expect(parseRulesRoute('#/rules/bogus/x/y')).toEqual({ view: 'list', packId: null });
    expect(parseRulesRoute('#/rules/rule/%E0%A4%A/x')).toEqual({ view: 'list', packId: null });
  });
});
