// Notification settings, for the app rather than a case: desktop notifications of new signals, and
// webhook targets with their threshold, a test button and how delivery has gone. A URL may carry a
// token: it is typed in once and only ever shown masked.
import { useState, type FormEvent } from 'react';
import type { Severity } from '../../../src-shared/api/domain.ts';
import type { NotificationSettingsView, WebhookTargetView, WebhookTestResult } from '../../../src-shared/notify/settings.ts';
import { useCall, workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Modal } from '../../components/Modal.tsx';
import '../../components/severity.css';
import { clockMs, isFailing, useWebhookTargets } from './useNotifications.ts';
import './notifications.css';

const thresholds: Array<[Severity, string]> = [
  ['critical', 'Critical only'],
  ['high', 'High and critical'],
  ['medium', 'Medium and above'],
  ['low', 'Low and above'],
  ['info', 'Every signal'],
];

function ThresholdSelect({ value, onChange, label }: { value: Severity; onChange(value: Severity): void; label: string }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value as Severity)} aria-label={label}>
      {thresholds.map(([severity, text]) => (
        <option key={severity} value={severity}>
          {text}
        </option>
      ))}
    </select>
  );
}

function BrowserPermission() {
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!supported) return <p className="muted">This browser cannot show desktop notifications; new signals show as alerts inside the app.</p>;
  if (permission === 'granted') return <p className="muted">This browser shows them while the workbench is open in it.</p>;
  if (permission === 'denied') return <p className="muted">The browser blocks notifications for this page: allow them in its site settings. Meanwhile new signals show as alerts inside the app.</p>;
  return (
    <p className="muted">
      The browser asks first.{' '}
      <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
        Allow notifications in this browser
      </button>
    </p>
  );
}

function DeliveryState({ target, test }: { target: WebhookTargetView; test: WebhookTestResult | undefined }) {
  const { delivery } = target;
  const failing = isFailing(target);
  // a test that is the latest thing that happened says it best (with its latency); else the delivery state
  const latestIsTest = test !== undefined && test.atMs >= Math.max(delivery.lastError?.atMs ?? 0, delivery.lastSuccessAtMs ?? 0);
  const counters = [
    delivery.delivered > 0 && `${delivery.delivered} delivered`,
    delivery.failed > 0 && `${delivery.failed} failed`,
    delivery.queued > 0 && `${delivery.queued} waiting`,
    delivery.dropped > 0 && `${delivery.dropped} dropped (queue full)`,
  ].filter(Boolean);
  return (
    <div className="delivery" data-testid="delivery-state">
      {latestIsTest ? (
        <div className={test.ok ? 'delivery-ok' : 'delivery-error'} data-testid="test-result" title={new Date(test.atMs).toISOString()}>
          {test.ok ? '✓' : '✗'} Test {test.ok ? 'delivered' : 'failed'}: {test.message} <span className="muted">at {clockMs(test.atMs)}</span>
        </div>
      ) : failing && delivery.lastError ? (
        <div className="delivery-error" title={new Date(delivery.lastError.atMs).toISOString()}>
          ✗ {delivery.lastError.message} <span className="muted">at {clockMs(delivery.lastError.atMs)}</span>
        </div>
      ) : delivery.lastSuccessAtMs !== null ? (
        <div className="delivery-ok" title={new Date(delivery.lastSuccessAtMs).toISOString()}>
          ✓ Delivered <span className="muted">at {clockMs(delivery.lastSuccessAtMs)}</span>
        </div>
      ) : (
        <div className="muted">Nothing sent yet</div>
      )}
      {delivery.state !== 'idle' && <div className="muted">{delivery.state === 'retrying' ? 'Retrying…' : 'Sending…'}</div>}
      {counters.length > 0 && <div className="muted">{counters.join(' · ')}</div>}
    </div>
  );
}

interface Draft {
  id?: string;
  name: string;
  url: string;
  minSeverity: Severity;
  enabled: boolean;
}

const newDraft: Draft = { name: '', url: '', minSeverity: 'high', enabled: true };

export function NotificationSettings({ onClose }: { onClose(): void }) {
  const loaded = useCall('notify.settings', {});
  // what the last change answered, else what was loaded
  const [changed, setView] = useState<NotificationSettingsView>();
  const view = changed ?? loaded.data;
  const live = useWebhookTargets();
  const [draft, setDraft] = useState<Draft>(newDraft);
  const [problem, setProblem] = useState<Error>();
  const [tests, setTests] = useState<Record<string, WebhookTestResult>>({});
  const [testing, setTesting] = useState<string | null>(null);
  const act = async (action: () => Promise<NotificationSettingsView>) => {
    setProblem(undefined);
    try {
      setView(await action());
      return true;
    } catch (error) {
      setProblem(error as Error);
      return false;
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const url = draft.url.trim();
    const saved = await act(() =>
      workbench().call('notify.saveTarget', { ...(draft.id ? { id: draft.id } : {}), name: draft.name, minSeverity: draft.minSeverity, enabled: draft.enabled, ...(url ? { url } : {}) }),
    );
    if (saved) setDraft(newDraft);
  };

  const sendTest = async (id: string) => {
    setProblem(undefined);
    setTesting(id);
    try {
      const result = await workbench().call('notify.test', { id });
      setTests((current) => ({ ...current, [id]: result }));
    } catch (error) {
      setProblem(error as Error);
    } finally {
      setTesting(null);
    }
  };

  if (!view) {
    return (
      <Modal title="Notifications" onCancel={onClose} wide>
        {loaded.error ? <ErrorBanner error={loaded.error} /> : <p className="muted">Loading…</p>}
      </Modal>
    );
  }
  const targets = view.targets.map((target) => live?.find((t) => t.id === target.id) ?? target);
  const desktop = view.desktop;
  return (
    <Modal title="Notifications" onCancel={onClose} wide>
      <p className="muted settings-scope">
        New signals of whichever case is open. These settings belong to this app, not to a case: they are kept in <code>{view.file}</code>.
      </p>
      {view.problem && <ErrorBanner error={new Error(view.problem)} />}
      {problem && <ErrorBanner error={problem} />}
      <section className="settings-section" aria-label="Desktop notifications">
        <h3>Desktop</h3>
        <div className="settings-row">
          <label className="check">
            <input type="checkbox" checked={desktop.enabled} onChange={(e) => void act(() => workbench().call('notify.setDesktop', { enabled: e.target.checked, minSeverity: desktop.minSeverity }))} />
            Notify me of new signals:
          </label>
          <ThresholdSelect label="Desktop notification threshold" value={desktop.minSeverity} onChange={(minSeverity) => void act(() => workbench().call('notify.setDesktop', { enabled: desktop.enabled, minSeverity }))} />
        </div>
        {desktop.shownBy === 'system' ? <p className="muted">Shown by your desktop as system notifications; click one to open the signal.</p> : <BrowserPermission />}
      </section>
      <section className="settings-section" aria-label="Webhooks">
        <h3>Webhooks</h3>
        <p className="muted">
          Each target gets one JSON POST per new signal at or above its threshold (the test sends <code>{'{"event":"test"}'}</code>). Delivery runs in the background: 5 s timeout, 3 retries
          with growing waits, at most 100 waiting per target. It never slows capture.
        </p>
        {!view.urlsKeptAcrossRestarts && (
          <p className="muted" data-testid="urls-not-kept">
            Webhook URLs often hold a token, so they are kept in the secret store, never in the settings file. This host has no secure storage: you will be asked
            for each URL again after a restart.
          </p>
        )}
        {targets.length > 0 && (
          <div className="webhook-table-wrap">
          <table className="data-table webhook-table">
            <thead>
              <tr>
                <th>Target</th>
                <th>Sends</th>
                <th>Delivery</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {targets.map((target) => (
                <tr key={target.id} data-testid={`webhook-${target.name}`} className={target.enabled ? undefined : 'disabled-target'}>
                  <td>
                    <div className="strong">{target.name}</div>
                    <div className="mono muted masked-url">{target.urlMasked}</div>
                    {!target.enabled && <div className="muted">Paused</div>}
                  </td>
                  <td className="nowrap">{thresholds.find(([s]) => s === target.minSeverity)?.[1]}</td>
                  <td>
                    <DeliveryState target={target} test={tests[target.id]} />
                  </td>
                  <td className="webhook-actions">
                    <button type="button" onClick={() => void sendTest(target.id)} disabled={testing === target.id}>
                      {testing === target.id ? 'Sending…' : 'Send test'}
                    </button>
                    <button type="button" onClick={() => setDraft({ id: target.id, name: target.name, url: '', minSeverity: target.minSeverity, enabled: target.enabled })}>
                      Edit
                    </button>
                    <button type="button" onClick={() => void act(() => workbench().call('notify.removeTarget', { id: target.id }))}>
                      Remove
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
        <form className="webhook-form" onSubmit={(e) => void submit(e)} aria-label={draft.id ? 'Edit the webhook target' : 'Add a webhook target'}>
          <h4>{draft.id ? `Edit ${draft.name || 'the target'}` : 'Add a target'}</h4>
          <div className="field-row">
            <label className="field field-name">
              <span>Name</span>
              <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} placeholder="IR channel" required maxLength={80} />
            </label>
            <label className="field">
              <span>URL {draft.id && '(leave empty to keep the current one)'}</span>
              <input
                type="url"
                value={draft.url}
                onChange={(e) => setDraft({ ...draft, url: e.target.value })}
                placeholder={draft.id ? 'unchanged' : 'https://hooks.example.com/…'}
                required={!draft.id}
                autoComplete="off"
                spellCheck={false}
              />
            </label>
            <label className="field field-threshold">
              <span>Sends</span>
              <ThresholdSelect label="Webhook threshold" value={draft.minSeverity} onChange={(minSeverity) => setDraft({ ...draft, minSeverity })} />
            </label>
          </div>
          <div className="webhook-form-actions">
            <label className="check">
              <input type="checkbox" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} /> Enabled
            </label>
            <span className="form-spacer" />
            {draft.id && (
              <button type="button" onClick={() => setDraft(newDraft)}>
                Cancel
              </button>
            )}
            <button type="submit" className="primary">
              {draft.id ? 'Save' : 'Add target'}
            </button>
          </div>
          <p className="muted url-note">The URL often holds a token: it is stored in the settings file above (readable by you only), never logged, and shown masked.</p>
        </form>
      </section>
      <div className="modal-actions">
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
