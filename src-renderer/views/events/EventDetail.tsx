// One event in full: every field by its SECL name, and the raw JSON as stored. All of it came from a
// monitored host, so all of it is rendered as text.
import { useState } from 'react';
import type { EventRow } from '../../../src-shared/api/domain.ts';
import { flattenEvent } from '../../../src-shared/events/flatten.ts';
import { jsonWithVisibleEscapes } from '../../../src-shared/events/visible-text.ts';
import { SafeText } from '../../components/SafeText.tsx';
import { formatTimeNsFull } from '../../format.ts';
import { ProcessLink } from '../signal/ProcessLink.tsx';

/** Fields that hold nanosecond times: shown with a readable time beside the number. */
const timeFields = /(^ts$|(^|\.)created_at$|_ns$)/;

function FieldValue({ name, value }: { name: string; value: unknown }) {
  if (typeof value === 'string') {
    return value === '' ? <span className="muted">(empty)</span> : <SafeText text={value} />;
  }
  if (typeof value === 'number' && timeFields.test(name) && value > 1e15) {
    return (
      <>
        {String(value)}
        <span className="field-time">{formatTimeNsFull(value)}</span>
      </>
    );
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return <>{String(value)}</>;
  return <SafeText text={JSON.stringify(value)} />;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

export function EventDetail({ event, onClose, onCreateRule }: { event: EventRow; onClose(): void; onCreateRule?(): void }) {
  const [copied, setCopied] = useState<'json' | 'failed' | null>(null);
  const json = jsonWithVisibleEscapes(JSON.stringify(event.raw, null, 2));
  const fields = flattenEvent(event.raw);

  return (
    <aside className="detail-pane event-detail" aria-label="Event detail" data-testid="event-detail">
      <header className="event-detail-head">
        <div>
          <h3>
            <span className={`type type-${event.type}`}>{event.type}</span> <SafeText text={event.hostName} /> · pid {event.pid} · <ProcessLink event={event}>process tree</ProcessLink>
          </h3>
          <p className="mono event-detail-time" title={`${event.tsNs} ns since the epoch`}>
            {formatTimeNsFull(event.tsNs)}
          </p>
        </div>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close detail" title="Close (Esc)">
          ✕
        </button>
      </header>
      <p className="mono event-detail-summary">
        <SafeText text={event.summary} />
      </p>
      {onCreateRule && (
        <div className="event-detail-actions">
          <button type="button" onClick={onCreateRule} data-testid="create-rule" title="Draft a detection rule that matches events like this one">
            Create a rule from this event…
          </button>
        </div>
      )}
      <h4>Fields</h4>
      <table className="field-table" data-testid="event-fields">
        <tbody>
          {fields.map((field) => (
            <tr key={field.name}>
              <th scope="row" className="mono">{field.name}</th>
              <td className="mono">
                <FieldValue name={field.name} value={field.value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="event-detail-raw-head">
        <h4>Raw event (JSON)</h4>
        <button
          type="button"
          onClick={() => void copyText(json).then((ok) => setCopied(ok ? 'json' : 'failed'))}
          aria-label="Copy raw JSON"
        >
          {copied === 'json' ? 'Copied' : 'Copy JSON'}
        </button>
      </div>
      {copied === 'failed' && <p className="error-hint">The clipboard refused; select the text below and copy it by hand.</p>}
      <pre className="raw-json" data-testid="raw-json">{json}</pre>
    </aside>
  );
}
