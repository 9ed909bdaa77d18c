import { useState, type FormEvent } from 'react';
import type { HostSummary } from '../../../src-shared/api/domain.ts';
import { workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Modal } from '../../components/Modal.tsx';

/** Add a host, or edit one: how to reach it over SSH. Secrets are asked when connecting, never here. */
export function HostForm({ host, hosts, onDone }: { host?: HostSummary; hosts: HostSummary[]; onDone(changed: boolean): void }) {
  const [name, setName] = useState(host?.name ?? '');
  const [address, setAddress] = useState(host?.address ?? '');
  const [port, setPort] = useState(String(host?.port ?? 22));
  const [user, setUser] = useState(host?.user ?? 'root');
  const [identityFile, setIdentityFile] = useState(host?.identityFile ?? '');
  const [jumpHostId, setJumpHostId] = useState(host?.jumpHostId === null || host?.jumpHostId === undefined ? '' : String(host.jumpHostId));
  const [error, setError] = useState<Error>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const access = { name: name.trim(), address: address.trim(), port: Number(port), user: user.trim(), identityFile: identityFile.trim(), jumpHostId: jumpHostId ? Number(jumpHostId) : null };
    try {
      if (host) await workbench().call('hosts.update', { id: host.id, ...access });
      else await workbench().call('hosts.add', access);
      onDone(true);
    } catch (failure) {
      setError(failure as Error);
    }
  };

  return (
    <Modal title={host ? `Edit ${host.name}` : 'Add a host'} onCancel={() => onDone(false)}>
      <form onSubmit={(e) => void submit(e)} className="form-grid">
        {error && <ErrorBanner error={error} />}
        <label className="field">
          <span>Name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder="web-01" required autoFocus />
        </label>
        <label className="field">
          <span>Address</span>
          <input value={address} onChange={(e) => setAddress(e.target.value)} placeholder="10.0.2.20 or web-01.example.com" required />
        </label>
        <div className="field-row">
          <label className="field">
            <span>User</span>
            <input value={user} onChange={(e) => setUser(e.target.value)} required />
          </label>
          <label className="field field-small">
            <span>Port</span>
            <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" required />
          </label>
        </div>
        <label className="field">
          <span>Private key file (optional: otherwise the SSH agent or a password)</span>
          <input value={identityFile} onChange={(e) => setIdentityFile(e.target.value)} placeholder="/home/you/.ssh/id_ed25519" />
        </label>
        <label className="field">
          <span>Jump host</span>
          <select value={jumpHostId} onChange={(e) => setJumpHostId(e.target.value)}>
            <option value="">None: connect directly</option>
            {hosts
              .filter((h) => h.id !== host?.id)
              .map((h) => (
                <option key={h.id} value={h.id}>
                  through {h.name}
                </option>
              ))}
          </select>
        </label>
        <div className="modal-actions">
          <button type="button" onClick={() => onDone(false)}>Cancel</button>
          <button type="submit" className="primary">{host ? 'Save' : 'Add host'}</button>
        </div>
      </form>
    </Modal>
  );
}
