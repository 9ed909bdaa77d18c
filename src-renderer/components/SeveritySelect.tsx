// The severity of a rule being written, mildest first: the rule draft from an event and the rule editor.
import type { Severity } from '../../src-shared/api/domain.ts';

const severities: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

export function SeveritySelect({ value, onChange, disabled, testId }: { value: Severity; onChange(severity: Severity): void; disabled?: boolean; testId?: string }) {
  return (
    <select value={value} onChange={(change) => onChange(change.target.value as Severity)} disabled={disabled} data-testid={testId}>
      {severities.map((severity) => (
        <option key={severity} value={severity}>
          {severity}
        </option>
      ))}
    </select>
  );
}
