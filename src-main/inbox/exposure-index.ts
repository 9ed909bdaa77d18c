// The public addresses each host of a case talked to, kept up to date as the case grows: reading a
// million events' addresses takes about a second, so it is done once, in steps that let the app breathe
// (ingest runs on the same thread), and after that only over the events that arrived since.
import { isPublicIp } from '../../src-shared/secl/cidr.ts';
import type { CaseStore, NetworkPeer } from '../store/index.ts';

/** Event ids read per step. */
const stepIds = 25_000;
/** Public peers remembered per host: enough to show a few and say how many more (up to this). */
const maxPeersPerHost = 200;

export class ExposureIndex {
  private readonly store: CaseStore;
  private scannedUpTo = 0;
  private hostIds = '';
  private readonly byHost = new Map<number, Map<string, NetworkPeer>>();
  private running: Promise<void> | null = null;

  constructor(store: CaseStore) {
    this.store = store;
  }

  /** Reads what is new since the last update (everything, the first time). Concurrent callers share one pass. */
  update(): Promise<void> {
    this.running ??= this.catchUp().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async catchUp(): Promise<void> {
    let mark = this.store.eventWatermark();
    // a host removed takes its events with it, and their ids may be given out again: start over
    if (mark.hostIds !== this.hostIds || mark.maxEventId < this.scannedUpTo) {
      this.byHost.clear();
      this.scannedUpTo = 0;
      this.hostIds = mark.hostIds;
    }
    while (this.scannedUpTo < mark.maxEventId) {
      const upto = Math.min(mark.maxEventId, this.scannedUpTo + stepIds);
      for (const peer of this.store.networkPeers(this.scannedUpTo, upto)) this.add(peer);
      this.scannedUpTo = upto;
      if (upto < mark.maxEventId) {
        await new Promise((resolve) => setImmediate(resolve));
        mark = { ...mark, maxEventId: Math.max(mark.maxEventId, this.store.eventWatermark().maxEventId) };
      }
    }
  }

  private add(peer: NetworkPeer): void {
    if (!isPublicIp(peer.ip)) return;
    let peers = this.byHost.get(peer.hostId);
    if (!peers) {
      peers = new Map();
      this.byHost.set(peer.hostId, peers);
    }
    const key = `${peer.type} ${peer.ip} ${peer.port ?? ''}`;
    const known = peers.get(key);
    if (known) known.count += peer.count;
    else if (peers.size < maxPeersPerHost) peers.set(key, { ...peer });
  }

  /** A host's public peers, most used first. */
  publicPeers(hostId: number): NetworkPeer[] {
    return [...(this.byHost.get(hostId)?.values() ?? [])].sort((a, b) => b.count - a.count);
  }
}

const indexes = new WeakMap<CaseStore, ExposureIndex>();

/** The index of an open case (one per store, gone with it). */
export function exposureIndexOf(store: CaseStore): ExposureIndex {
  let index = indexes.get(store);
  if (!index) {
    index = new ExposureIndex(store);
    indexes.set(store, index);
  }
  return index;
}
