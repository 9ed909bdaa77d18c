import { describe, expect, it } from 'vitest';
import type { RuleSummary } from '../../../src-shared/api/rule-packs.ts';
import { filterOptions, filterRules, noFilter, sortRules } from './rulesFilter.ts';

function rule(id: string, changes: Partial<RuleSummary> = {}): RuleSummary {
  return {
    packId: 'runtime', id, file: 'x.policy', line: 1, description: `${id} description`, severity: 'medium', tactic: 'TA0002', technique: 'T1059', eventType: 'exec',
    ruleEnabled: true, active: true, status: 'loaded', problem: null, source: { kind: 'workbench', author: null, license: null }, tests: 2, ...changes,
  };
}

const rules = [
  rule('shell_by_web_server', { severity: 'high' }),
  rule('cron_written', { eventType: 'open', tactic: 'TA0003', technique: 'T1053.003' }),
  rule('switched_off', { ruleEnabled: false, active: false }),
  rule('dns_lookup', { status: 'unsupported', active: false, eventType: null, problem: 'dns events are not reported' }),
  rule('sigma_thing', { severity: 'critical', source: { kind: 'sigma', author: 'Florian Roth', license: 'DRL-1.1' } }),
];

describe('the rules list filters', () => {
  it('combine words, severity, tactic, event type and state', () => {
    const ids = (filter: Partial<typeof noFilter>) => filterRules(rules, { ...noFilter, ...filter }).map((r) => r.id);
    expect(ids({})).toHaveLength(5);
    expect(ids({ text: 'WEB shell' })).toEqual(['shell_by_web_server']);
    expect(ids({ text: 'roth' })).toEqual(['sigma_thing']);
    expect(ids({ text: 't1053' })).toEqual(['cron_written']);
    expect(ids({ severity: 'high' })).toEqual(['shell_by_web_server']);
    expect(ids({ tactic: 'TA0003' })).toEqual(['cron_written']);
    expect(ids({ eventType: 'open' })).toEqual(['cron_written']);
    expect(ids({ state: 'on' })).toEqual(['shell_by_web_server', 'cron_written', 'sigma_thing']);
    expect(ids({ state: 'off' })).toEqual(['switched_off']);
    expect(ids({ state: 'broken' })).toEqual(['dns_lookup']);
    expect(ids({ state: 'on', eventType: 'exec', severity: 'critical' })).toEqual(['sigma_thing']);
  });

  it('sort the most severe first and offer only values the rules have', () => {
    expect(sortRules(rules).map((r) => r.id)).toEqual(['sigma_thing', 'shell_by_web_server', 'cron_written', 'dns_lookup', 'switched_off']);
    expect(filterOptions(rules)).toEqual({ tactics: ['TA0002', 'TA0003'], eventTypes: ['exec', 'open'] });
  });
});
