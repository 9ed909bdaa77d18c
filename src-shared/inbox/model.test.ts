import { describe, expect, it } from 'vitest';
import type { Severity } from '../api/domain.ts';
import { rankInbox, riskFactors, riskScore, ruleTitle, type InboxItem, type RiskFactorId } from './model.ts';

function item(key: string, severity: Severity, factors: RiskFactorId[] = [], lastSeenNs: number | null = 1000, kind: InboxItem['kind'] = 'signal'): InboxItem {
  return {
    key,
    kind,
    severity,
    title: key,
    description: '',
    reference: key,
    subject: 'web-01',
    context: '',
    status: 'open',
    firstSeenNs: lastSeenNs,
    lastSeenNs,
    factors: factors.map((id) => ({ id, detail: id })),
    link: `#/${key}`,
  };
}

const keys = (items: InboxItem[]) => items.map((i) => i.key);

describe('ranking the Security Inbox', () => {
  it('puts a higher severity first, whatever the lower one has going for it', () => {
    const low = item('low', 'low', ['public_exposure', 'root_privileges', 'active_signals_on_host', 'exploit_available'], 9999);
    const critical = item('critical', 'critical', [], 1);
    const medium = item('medium', 'medium', ['public_exposure']);
    expect(keys(rankInbox([low, medium, critical]))).toEqual(['critical', 'medium', 'low']);
  });

  it('within a severity, ranks by risk factors: public exposure outweighs a busy host', () => {
    const busyHost = item('busy', 'high', ['active_signals_on_host'], 5000);
    const exposed = item('exposed', 'high', ['public_exposure'], 10);
    const rootAndExposed = item('root-exposed', 'high', ['public_exposure', 'root_privileges'], 10);
    const bare = item('bare', 'high', [], 9000);
    expect(keys(rankInbox([bare, busyHost, exposed, rootAndExposed]))).toEqual(['root-exposed', 'exposed', 'busy', 'bare']);
  });

  it('breaks ties by the most recently seen, then by key, so two loads agree', () => {
    const older = item('a-older', 'medium', ['root_privileges'], 100);
    const newer = item('z-newer', 'medium', ['root_privileges'], 200);
    const sameTimeB = item('b', 'medium', ['root_privileges'], 100);
    const undated = item('undated', 'medium', ['root_privileges'], null);
    const once = rankInbox([sameTimeB, undated, older, newer]);
    expect(keys(once)).toEqual(['z-newer', 'a-older', 'b', 'undated']);
    expect(keys(rankInbox([...once].reverse()))).toEqual(keys(once));
  });

  it('ranks items of every source on the same scale', () => {
    const vulnerability = item('cve', 'high', ['exploit_available', 'vulnerable_package_in_use'], 1, 'vulnerability');
    const signal = item('signal', 'high', ['public_exposure'], 1);
    const identity = item('identity', 'critical', ['privileged_identity'], 1, 'identity_risk');
    expect(keys(rankInbox([signal, vulnerability, identity]))).toEqual(['identity', 'cve', 'signal']);
  });

  it('counts a factor once however often a source reports it', () => {
    const twice = riskScore([{ id: 'public_exposure', detail: 'host' }, { id: 'public_exposure', detail: 'event' }]);
    expect(twice).toBe(riskScore([{ id: 'public_exposure', detail: 'host' }]));
    expect(twice).toBeGreaterThan(0);
  });

  it('does not change the list it was given', () => {
    const items = [item('low', 'low'), item('high', 'high')];
    rankInbox(items);
    expect(keys(items)).toEqual(['low', 'high']);
  });

  it('knows every factor it can show, with what it needs', () => {
    expect(riskFactors.filter((f) => f.needs === null).map((f) => f.id).sort()).toEqual(['active_signals_on_host', 'public_exposure', 'root_privileges']);
    expect(new Set(riskFactors.map((f) => f.id)).size).toBe(riskFactors.length);
  });

  it('names a rule for people', () => {
    expect(ruleTitle('root_process_from_unprivileged_parent')).toBe('Root process from unprivileged parent');
    expect(ruleTitle('sigma-proc-creation_lnx_base64')).toBe('Sigma proc creation lnx base64');
  });
});
