import { useState } from 'react';
import type { HostSummary, SshConfigHost } from '../../../src-shared/api/domain.ts';
import { useCall, workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Modal } from '../../components/Modal.tsx';

/** Hosts from ~/.ssh/config: pick some, add them with their jump hosts resolved by alias. */
export function SshConfigImport({ hosts, onDone }: { hosts: HostSummary[]; onDone(changed: boolean): void }) {
  const candidates = useCall('hosts.sshConfig', {});
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<Error>();
  const existing = new Set(hosts.map((h) => h.name));

  const importPicked = async () => {
    const chosen = (candidates.data ?? []).filter((c) => picked.has(c.alias));
    const ids = new Map(hosts.map((h) => [h.name, h.id]));
    // hosts without a jump first, so the others can point at them
    const ordered = [...chosen].sort((a, b) => Number(Boolean(a.proxyJump)) - Number(Boolean(b.proxyJump)));
    try {
      for (const candidate of ordered) {
        const jump = candidate.proxyJump.split(',')[0]?.split('@').at(-1)?.split(':')[0] ?? '';
        const added = await workbench().call('hosts.add', {
          name: candidate.alias,
          address: candidate.address,
          port: candidate.port,
          user: candidate.user,
          identityFile: candidate.identityFile,
          jumpHostId: jump ? (ids.get(jump) ?? null) : null,
        });
        ids.set(added.name, added.id);
      }
      onDone(true);
    } catch (failure) {
      setError(failure as Error);
    }
  };

  const toggle = (candidate: SshConfigHost) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(candidate.alias)) next.delete(candidate.alias);
      else next.add(candidate.alias);
      return next;
    });

  return (
    <Modal title="Import hosts from ~/.ssh/config" onCancel={() => onDone(false)} wide>
      {candidates.error && <ErrorBanner error={candidates.error} />}
      {error && <ErrorBanner error={error} />}
      {candidates.data?.length === 0 && <p className="muted">No hosts found in ~/.ssh/config.</p>}
      {candidates.data && candidates.data.length > 0 && (
        <table className="data-table">
          <thead>
            <tr>
              <th />
              <th>Alias</th>
              <th>Address</th>
              <th>User</th>
              <th>Key</th>
              <th>Jump</th>
            </tr>
          </thead>
          <tbody>
            {candidates.data.map((c) => (
              <tr key={c.alias}>
                <td>
                  <input type="checkbox" aria-label={`Import ${c.alias}`} checked={picked.has(c.alias)} disabled={existing.has(c.alias)} onChange={() => toggle(c)} />
                </td>
                <td className="strong">{c.alias}{existing.has(c.alias) && <span className="muted"> (already in this case)</span>}</td>
                <td className="mono">{c.address}:{c.port}</td>
                <td>{c.user}</td>
                <td className="mono">{c.identityFile || '—'}</td>
                <td>{c.proxyJump || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="modal-actions">
        <button type="button" onClick={() => onDone(false)}>Cancel</button>
        <button type="button" className="primary" disabled={picked.size === 0} onClick={() => void importPicked()}>
          Import {picked.size || ''} host{picked.size === 1 ? '' : 's'}
        </button>
      </div>
    </Modal>
  );
}
