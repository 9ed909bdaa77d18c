// Deleting a pack the user made or imported, after saying what stops and where the files go: detection
// stops running its rules at once, and its folder is put aside in the data folder rather than erased.
import { useState } from 'react';
import type { PackDeleted, PackSummary } from '../../../src-shared/api/rule-packs.ts';
import { workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Modal } from '../../components/Modal.tsx';
import { formatCount } from '../../format.ts';

export function DeletePackDialog({ pack, onClose }: { pack: PackSummary; onClose(deleted: PackDeleted | null): void }) {
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const remove = () => {
    setError(null);
    setBusy(true);
    workbench()
      .call('packs.delete', { id: pack.id })
      .then(onClose, (failure: unknown) => {
        setBusy(false);
        setError(failure as Error);
      });
  };
  return (
    <Modal title={`Delete ${pack.name}?`} onCancel={() => onClose(null)}>
      <p>
        Its {formatCount(pack.rules)} {pack.rules === 1 ? 'rule stops' : 'rules stop'} running at once, and the pack leaves the list with its switches and its history. Signals its rules raised
        stay in their cases.
      </p>
      <p className="muted">
        The files are not erased: the folder <code>{pack.dir}</code> is put aside in the same place, under a name starting with <code>.deleted-</code>. Export the pack first to keep it as one file.
      </p>
      {error && <ErrorBanner error={error} />}
      <div className="modal-actions">
        <button type="button" onClick={() => onClose(null)} autoFocus>
          Cancel
        </button>
        <button type="button" className="danger" onClick={remove} disabled={busy} data-testid="pack-delete-confirm">
          Delete the pack
        </button>
      </div>
    </Modal>
  );
}
