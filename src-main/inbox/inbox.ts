// The Security Inbox over a case: items from every source that exists in this build, each with its risk
// factors, ranked by the shared ranking. Today only signals feed it; posture, vulnerabilities and
// identities add a provider each when they land and nothing else here changes.
import { inboxSourceLabels, rankInbox, riskFactors, ruleTitle, type InboxItem, type InboxKind, type InboxList, type RiskFactor } from '../../src-shared/inbox/model.ts';
import type { CaseStore } from '../store/index.ts';
import { exposureIndexOf } from './exposure-index.ts';
import { activeSignalsOnHost, publicExposure, rootPrivileges } from './risk-factors.ts';

export interface InboxProvider {
  kind: InboxKind;
  /** Every item of this source in the case (`total` may exceed the items when the source caps them). */
  items(store: CaseStore): Promise<{ items: InboxItem[]; total: number }>;
}

/** Active signals considered at most: beyond this the least severe, oldest ones are left out. */
const maxSignals = 5000;

export const signalProvider: InboxProvider = {
  kind: 'signal',
  async items(store) {
    const exposure = exposureIndexOf(store);
    await exposure.update();
    const { signals, total } = store.activeSignals(maxSignals);
    if (signals.length === 0) return { items: [], total };
    const activeByHost = store.activeSignalsByHost();
    const items = signals.map((signal): InboxItem => {
      const factors = [
        publicExposure(signal.firstEvent, signal.hostName, exposure.publicPeers(signal.hostId)),
        rootPrivileges(signal.firstEvent),
        activeSignalsOnHost(signal.hostName, (activeByHost.get(signal.hostId) ?? 1) - 1),
      ].filter((factor): factor is RiskFactor => factor !== null);
      return {
        key: `signal:${signal.id}`,
        kind: 'signal',
        severity: signal.rule.severity,
        title: ruleTitle(signal.rule.id),
        description: signal.rule.description,
        reference: signal.rule.id,
        subject: signal.hostName,
        context: signal.processSummary,
        status: signal.status,
        firstSeenNs: signal.firstTsNs,
        lastSeenNs: signal.lastTsNs,
        factors,
        link: `#/signals/${signal.id}`,
      };
    });
    return { items, total };
  },
};

const allKinds: readonly InboxKind[] = ['signal', 'finding', 'vulnerability', 'identity_risk'];

export async function buildInbox(store: CaseStore, providers: readonly InboxProvider[], limit: number): Promise<InboxList> {
  const items: InboxItem[] = [];
  const counts = new Map<InboxKind, number>();
  for (const provider of providers) {
    const result = await provider.items(store);
    items.push(...result.items);
    counts.set(provider.kind, (counts.get(provider.kind) ?? 0) + result.total);
  }
  const available = new Set(providers.map((provider) => provider.kind));
  const ranked = rankInbox(items);
  return {
    items: ranked.slice(0, limit),
    total: [...counts.values()].reduce((sum, n) => sum + n, 0),
    sources: allKinds.map((kind) => ({ kind, label: inboxSourceLabels[kind], available: available.has(kind), count: counts.get(kind) ?? 0 })),
    availableFactors: riskFactors.filter((factor) => factor.needs === null || available.has(factor.needs)).map((factor) => factor.id),
  };
}

/** The sources of this build. */
export const inboxProviders: readonly InboxProvider[] = [signalProvider];
