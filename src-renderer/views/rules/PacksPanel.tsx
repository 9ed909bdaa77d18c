// The packs column of the Rules page: every pack with what of it runs, a switch for the whole pack, and
// the way to make a new one (empty, or imported from files).
import { useState } from 'react';
import type { PackKind, PackSummary } from '../../../src-shared/api/rule-packs.ts';
import { workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Modal } from '../../components/Modal.tsx';
import { formatCount } from '../../format.ts';
import { rulesHash } from './rulesRoute.ts';

export const packKindLabel: Readonly<Record<PackKind, string>> = { bundled: 'bundled', custom: 'yours', imported: 'imported', created: 'yours' };

/** Rules of a pack that load but do not run, or do not load: what a pack's problems count. */
export function notRunning(pack: PackSummary): number {
  return pack.problems.filter((problem) => problem.kind !== 'filtered').length;
}

export function PacksPanel({ packs, selected, onChanged, onImport }: { packs: readonly PackSummary[]; selected: string | null; onChanged(): void; onImport(): void }) {
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const total = packs.reduce((sum, pack) => sum + pack.rules, 0);
  const running = packs.reduce((sum, pack) => sum + pack.enabledRules, 0);

  const toggle = (pack: PackSummary) => {
    setError(null);
    workbench()
      .call('packs.setEnabled', { id: pack.id, enabled: !pack.enabled })
      .then(onChanged, (failure: unknown) => setError(failure as Error));
  };

  return (
    <aside className="rules-packs" aria-label="Rule packs">
      <div className="rules-packs-actions">
        <button type="button" onClick={() => setCreating(true)} data-testid="pack-new">
          New pack
        </button>
        <button type="button" className="primary" onClick={onImport} data-testid="pack-import">
          Import rules…
        </button>
      </div>
      {error && <ErrorBanner error={error} />}
      <a href={rulesHash({ view: 'list', packId: null })} className="pack-all" aria-current={selected === null ? 'true' : undefined}>
        <span className="pack-name">All packs</span>
        <span className="pack-counts">
          {formatCount(running)} of {formatCount(total)} rules run
        </span>
      </a>
      <ul className="pack-list">
        {packs.map((pack) => {
          const broken = notRunning(pack);
          return (
            <li key={pack.id} className={`pack-card${pack.enabled ? '' : ' pack-off'}`} aria-current={selected === pack.id ? 'true' : undefined} data-testid={`pack-${pack.id}`}>
              <a href={rulesHash({ view: 'list', packId: pack.id })} className="pack-link">
                <span className="pack-name">{pack.name}</span>
                <span className="pack-counts">
                  {pack.enabled ? `${formatCount(pack.enabledRules)} of ${formatCount(pack.rules)} on` : `off · ${formatCount(pack.rules)} rules`}
                  {broken > 0 && <span className="pack-problems"> · {formatCount(broken)} not running</span>}
                </span>
              </a>
              <span className={`pack-kind pack-kind-${pack.kind}`}>{packKindLabel[pack.kind]}</span>
              <label className="switch" title={pack.enabled ? 'The pack runs: click to switch it off' : 'The pack is off: click to switch it on'}>
                <input type="checkbox" role="switch" checked={pack.enabled} onChange={() => toggle(pack)} aria-label={`Run the rules of ${pack.name}`} />
                <span className="switch-track" aria-hidden="true" />
              </label>
            </li>
          );
        })}
      </ul>
      {creating && (
        <NewPackDialog
          onClose={(id) => {
            setCreating(false);
            if (id) {
              onChanged();
              window.location.hash = rulesHash({ view: 'list', packId: id });
            }
          }}
        />
      )}
    </aside>
  );
}

function NewPackDialog({ onClose }: { onClose(id: string | null): void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const create = () => {
    setError(null);
    workbench()
      .call('packs.create', { name, description })
      .then((pack) => onClose(pack.id), (failure: unknown) => setError(failure as Error));
  };
  return (
    <Modal title="New rule pack" onCancel={() => onClose(null)}>
      <form
        className="form-grid"
        onSubmit={(event) => {
          event.preventDefault();
          create();
        }}
      >
        <label className="field">
          <span>Name</span>
          <input type="text" value={name} onChange={(event) => setName(event.target.value)} autoFocus placeholder="e.g. Web team detections" data-testid="pack-new-name" />
        </label>
        <label className="field">
          <span>What the pack is for (optional)</span>
          <input type="text" value={description} onChange={(event) => setDescription(event.target.value)} />
        </label>
        <p className="muted">The pack lives in the workbench’s data folder, beside your other rules: updates of the bundled rules never touch it.</p>
        {error && <ErrorBanner error={error} />}
        <div className="modal-actions">
          <button type="button" onClick={() => onClose(null)}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={name.trim() === ''}>
            Create the pack
          </button>
        </div>
      </form>
    </Modal>
  );
}
