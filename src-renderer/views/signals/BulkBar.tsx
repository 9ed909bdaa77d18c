// Bulk triage of the picked signals: status, assignee, or muting their rules (with a reason and an end),
// each one call and one transaction on the case.
import { useState } from 'react';
import type { SignalStatus } from '../../../src-shared/api/domain.ts';
import { Modal } from '../../components/Modal.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import { formatCount } from '../../format.ts';
import { statusLabels } from './signalsView.ts';

export interface BulkChangeRequest {
  status?: SignalStatus;
  assignee?: string;
  mute?: { reason: string; untilMs: number | null; everywhere: boolean };
}

const durations = [
  { label: '1 day', ms: 24 * 3600e3 },
  { label: '7 days', ms: 7 * 24 * 3600e3 },
  { label: '30 days', ms: 30 * 24 * 3600e3 },
  { label: 'until unmuted', ms: null },
] as const;

function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

function MuteDialog({
  count,
  rules,
  hosts,
  busy,
  onCancel,
  onMute,
}: {
  count: number;
  rules: string[];
  hosts: string[];
  busy: boolean;
  onCancel(): void;
  onMute(change: BulkChangeRequest): void;
}) {
  const [reason, setReason] = useState('');
  const [duration, setDuration] = useState(1);
  const [everywhere, setEverywhere] = useState(false);
  const [archive, setArchive] = useState(true);
  const shownRules = rules.slice(0, 8);
  return (
    <Modal title={`Mute ${plural(rules.length, 'rule')}`} onCancel={onCancel}>
      <form
        className="mute-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (!reason.trim()) return;
          const ms = durations[duration]!.ms;
          onMute({ mute: { reason: reason.trim(), untilMs: ms === null ? null : Date.now() + ms, everywhere }, ...(archive ? { status: 'archived' } : {}) });
        }}
      >
        <p>
          New matches of {rules.length === 1 ? 'this rule' : 'these rules'} will not raise signals while the mute lasts; they are counted, and
          the mute can be lifted from any of its signals.
        </p>
        <ul className="mute-rules">
          {shownRules.map((rule) => (
            <li key={rule} className="mono">
              <SafeText text={rule} />
            </li>
          ))}
          {rules.length > shownRules.length && <li className="muted">and {plural(rules.length - shownRules.length, 'more rule')}</li>}
        </ul>
        <fieldset className="mute-scope">
          <legend>Where</legend>
          <label>
            <input type="radio" name="scope" checked={!everywhere} onChange={() => setEverywhere(false)} /> Only on the {hosts.length === 1 ? 'host' : 'hosts'} they fired on
            {hosts.length > 0 && (
              <span className="muted">
                {' '}
                (<SafeText text={hosts.slice(0, 4).join(', ')} />
                {hosts.length > 4 ? ', …' : ''})
              </span>
            )}
          </label>
          <label>
            <input type="radio" name="scope" checked={everywhere} onChange={() => setEverywhere(true)} /> On every host of the case
          </label>
        </fieldset>
        <label className="field">
          <span>For</span>
          <select value={duration} onChange={(event) => setDuration(Number(event.target.value))} aria-label="Mute for">
            {durations.map((d, index) => (
              <option key={d.label} value={index}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Why (kept with the mute)</span>
          <textarea value={reason} onChange={(event) => setReason(event.target.value)} rows={2} maxLength={1000} aria-label="Mute reason" placeholder="e.g. nightly backup job runs tar from cron" required />
        </label>
        <label className="mute-archive">
          <input type="checkbox" checked={archive} onChange={(event) => setArchive(event.target.checked)} /> Archive the {plural(count, 'selected signal')} too
        </label>
        <div className="modal-actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!reason.trim() || busy}>
            Mute {plural(rules.length, 'rule')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function BulkBar({
  count,
  allMatching,
  total,
  rules,
  hosts,
  assignees,
  busy,
  onSelectAll,
  onClear,
  onApply,
}: {
  count: number;
  /** Every signal matching the filters is picked (but those unticked since). */
  allMatching: boolean;
  total: number | null;
  /** Rules and hosts of the picked signals, for the mute dialog. */
  rules: string[];
  hosts: string[];
  assignees: string[];
  busy: boolean;
  onSelectAll(): void;
  onClear(): void;
  onApply(change: BulkChangeRequest): Promise<boolean>;
}) {
  const [assignee, setAssignee] = useState('');
  const [muting, setMuting] = useState(false);
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk triage" data-testid="bulk-bar">
      <span className="bulk-count" aria-live="polite">
        {allMatching ? `All ${plural(count, 'matching signal')} selected` : `${plural(count, 'signal')} selected`}
      </span>
      <button type="button" className="link-button" onClick={onClear} title="Untick every signal">
        Clear
      </button>
      {!allMatching && total !== null && total > count && (
        <button type="button" className="link-button" onClick={onSelectAll} title="Every signal that matches the filters, loaded or not">
          Select all {formatCount(total)}
        </button>
      )}
      <span className="bulk-divider" aria-hidden="true" />
      <span className="bulk-group" role="group" aria-label="Set status">
        {(['open', 'under_review', 'archived'] as const).map((status) => (
          <button key={status} type="button" disabled={busy} onClick={() => void onApply({ status })}>
            {status === 'archived' ? 'Archive' : status === 'open' ? 'Reopen' : statusLabels[status]}
          </button>
        ))}
      </span>
      <span className="bulk-divider" aria-hidden="true" />
      <form
        className="bulk-group"
        onSubmit={(event) => {
          event.preventDefault();
          void onApply({ assignee: assignee.trim() }).then((done) => done && setAssignee(''));
        }}
      >
        <input value={assignee} onChange={(event) => setAssignee(event.target.value)} placeholder="Assignee" aria-label="Assign to" list="signal-assignees" maxLength={100} className="bulk-assignee" />
        <datalist id="signal-assignees">
          {assignees.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <button type="submit" disabled={busy}>
          {assignee.trim() ? 'Assign' : 'Unassign'}
        </button>
      </form>
      <span className="bulk-divider" aria-hidden="true" />
      <button type="button" disabled={busy || rules.length === 0} onClick={() => setMuting(true)}>
        Mute rules…
      </button>
      {muting && (
        <MuteDialog
          count={count}
          rules={rules}
          hosts={hosts}
          busy={busy}
          onCancel={() => setMuting(false)}
          onMute={(change) => void onApply(change).then((done) => done && setMuting(false))}
        />
      )}
    </div>
  );
}
