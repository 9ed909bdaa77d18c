// Importing rules as a new pack: pick policy files (Datadog's format or the workbench's) or Sigma rules
// (files or a whole folder), read what the engine makes of them before anything is stored (what will run,
// and every rule that will not, by file, line and id, with the reason), then import.
import { useState } from 'react';
import { maxImportChars, maxRuleFileChars, type PackImportReport, type PackProblem } from '../../../src-shared/api/rule-packs.ts';
import { workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { Modal } from '../../components/Modal.tsx';
import { SafeText } from '../../components/SafeText.tsx';
import { formatCount } from '../../format.ts';
import { rulesHash } from './rulesRoute.ts';

const formatLabel: Readonly<Record<string, string>> = { datadog: 'Datadog policy', workbench: 'workbench pack', sigma: 'Sigma rules', mixed: 'policies and Sigma rules', unreadable: 'not read' };
const kindLabel: Readonly<Record<PackProblem['kind'], string>> = {
  error: 'Broken (they will not load)',
  conflict: 'Ids another pack already has (they would not run)',
  untranslatable: 'Sigma rules with no faithful SECL translation',
  unsupported: 'Reading what the workbench sensor does not report',
  filtered: 'Filtered out (not for Linux, disabled, or superseded by a newer variant)',
};

interface Picked {
  files: { name: string; text: string }[];
  refused: string[];
}

/** The rule files among those picked, read as text; the ones too large to send are named, not read. */
async function readPicked(list: FileList): Promise<Picked> {
  const picked: Picked = { files: [], refused: [] };
  for (const file of [...list]) {
    const name = file.webkitRelativePath || file.name;
    if (!/\.(policy|ya?ml)$/i.test(name)) continue;
    if (file.size > maxRuleFileChars) {
      picked.refused.push(`${name} is ${(file.size / 1e6).toFixed(1)} MB: a rule file can be at most ${maxRuleFileChars / 1000} KB, so it was left out.`);
      continue;
    }
    picked.files.push({ name, text: await file.text() });
  }
  const total = picked.files.reduce((sum, file) => sum + file.text.length, 0);
  if (total > maxImportChars) {
    picked.refused.push(`These files hold ${Math.round(total / 1000)} KB: one import takes at most ${maxImportChars / 1000} KB. Import them in parts (a few folders at a time).`);
    picked.files = [];
  }
  return picked;
}

export function ImportDialog({ onClose }: { onClose(changed: boolean): void }) {
  const [picked, setPicked] = useState<Picked | null>(null);
  const [name, setName] = useState('');
  const [report, setReport] = useState<PackImportReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const check = async (list: FileList | null) => {
    setError(null);
    setReport(null);
    if (!list || list.length === 0) return;
    const read = await readPicked(list);
    setPicked(read);
    if (read.files.length === 0) return;
    setBusy(true);
    try {
      const dry = await workbench().call('packs.import', { files: read.files, name, dryRun: true });
      setReport(dry);
      if (name === '') setName(dry.name);
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  const importNow = async () => {
    if (!picked) return;
    setBusy(true);
    setError(null);
    try {
      const done = await workbench().call('packs.import', { files: picked.files, name, dryRun: false });
      onClose(true);
      if (done.pack) window.location.hash = rulesHash({ view: 'list', packId: done.pack.id });
    } catch (failure) {
      setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  const kinds = report ? (['error', 'conflict', 'untranslatable', 'unsupported', 'filtered'] as const).filter((kind) => report.problems.some((problem) => problem.kind === kind)) : [];
  return (
    <Modal title="Import rules as a new pack" onCancel={() => onClose(false)} wide>
      <div className="import-dialog" data-testid="import-dialog">
        <p className="muted">
          Datadog policy files (<code>.policy</code>, <code>.yaml</code>), the workbench’s own packs, or Sigma rules (<code>.yml</code> files or a folder of them: Linux process_creation, file_event and network_connection rules are translated to SECL). Nothing is stored until you import.
        </p>
        <div className="import-pickers">
          <label className="button">
            Choose files…
            <input type="file" multiple accept=".policy,.yaml,.yml" onChange={(event) => void check(event.target.files)} data-testid="import-files" hidden />
          </label>
          <label className="button">
            Choose a folder…
            <input type="file" multiple onChange={(event) => void check(event.target.files)} data-testid="import-folder" hidden {...{ webkitdirectory: '' }} />
          </label>
          <label className="field import-name">
            <span>Pack name</span>
            <input type="text" value={name} onChange={(event) => setName(event.target.value)} placeholder="from the first file" data-testid="import-name" />
          </label>
        </div>
        {picked?.refused.map((line) => (
          <p key={line} className="field-error">
            {line}
          </p>
        ))}
        {picked && picked.files.length === 0 && picked.refused.length === 0 && <p className="field-error">None of the chosen files is a rule file (.policy, .yaml, .yml).</p>}
        {busy && !report && <p className="muted">Checking {picked?.files.length ?? 0} files with the engine…</p>}
        {error && <ErrorBanner error={error} />}
        {report && (
          <div className="import-report" data-testid="import-report">
            <p className="import-verdict">
              <strong data-testid="import-loaded">
                {formatCount(report.loaded)} {report.loaded === 1 ? 'rule' : 'rules'} will run
              </strong>{' '}
              from {report.files.length} {report.files.length === 1 ? 'file' : 'files'} ({formatLabel[report.format]})
              {report.problems.length > 0 && `; ${formatCount(report.problems.length)} will not, listed below`}.
            </p>
            {report.authors.length > 0 && <p className="rule-author">Sigma rules by {report.authors.join('; ')}: the Detection Rule License 1.1 asks that the author be shown with each rule and its matches, which the workbench does.</p>}
            <table className="data-table compact import-files">
              <thead>
                <tr>
                  <th>File</th>
                  <th>Read as</th>
                  <th className="num">Rules that will run</th>
                </tr>
              </thead>
              <tbody>
                {report.files.slice(0, 300).map((file) => (
                  <tr key={file.name}>
                    <td className="mono">
                      <SafeText text={file.name} />
                    </td>
                    <td>{formatLabel[file.format]}</td>
                    <td className="num">{file.rules}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {kinds.map((kind) => {
              const problems = report.problems.filter((problem) => problem.kind === kind);
              return (
                <details key={kind} className="import-problems" open={kind === 'error' || kind === 'conflict'} data-testid={`import-problems-${kind}`}>
                  <summary>
                    {kindLabel[kind]}: {formatCount(problems.length)}
                  </summary>
                  <ul className="problem-list">
                    {problems.slice(0, 400).map((problem, index) => (
                      <li key={index}>
                        <span className="muted">
                          <SafeText text={problem.file} />
                          {problem.line !== null ? `:${problem.line}` : ''}
                        </span>{' '}
                        {problem.ruleId && (
                          <strong>
                            <SafeText text={problem.ruleId} />
                          </strong>
                        )}{' '}
                        <SafeText text={problem.reason} />
                      </li>
                    ))}
                  </ul>
                </details>
              );
            })}
          </div>
        )}
        <div className="modal-actions">
          <button type="button" onClick={() => onClose(false)}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={!report || report.loaded === 0 || busy} onClick={() => void importNow()} data-testid="import-confirm">
            {report && report.loaded > 0 ? `Import ${formatCount(report.loaded)} ${report.loaded === 1 ? 'rule' : 'rules'}` : 'Import'}
          </button>
        </div>
      </div>
    </Modal>
  );
}
