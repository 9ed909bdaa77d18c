// A pack's history: every change (a rule added, edited, renamed or deleted, an import, a restore), newest
// first, and what each did as a diff of the policy files; any change can be undone by restoring the pack
// as it was before it (which is itself a change, so nothing is ever lost).
import { useState } from 'react';
import type { FileDiff, PackSummary } from '../../../src-shared/api/rule-packs.ts';
import { useCall, workbench } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import { rulesHash } from './rulesRoute.ts';

function when(ms: number): string {
  return new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium' });
}

export function PackHistory({ packId, packs, generation, onChanged }: { packId: string; packs: readonly PackSummary[]; generation: number; onChanged(): void }) {
  const versions = useCall('packs.versions', { id: packId }, [generation]);
  const [selected, setSelected] = useState<number | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const pack = packs.find((candidate) => candidate.id === packId);
  const list = versions.data ?? [];
  const shown = selected ?? list[0]?.version ?? null;
  const diff = useCall('packs.diff', { id: packId, version: shown ?? 1 }, [generation, shown === null]);

  const restore = (version: number) => {
    setError(null);
    workbench()
      .call('packs.restore', { id: packId, version, side: 'before' })
      .then(() => {
        setSelected(null);
        onChanged();
      }, (failure: unknown) => setError(failure as Error));
  };

  return (
    <div className="pack-history" data-testid="pack-history-view">
      <p className="rule-breadcrumb">
        <a href={rulesHash({ view: 'list', packId })}>← {pack?.name ?? packId}</a>
      </p>
      <h2>History of {pack?.name ?? packId}</h2>
      <p className="muted">Each change keeps the pack as it was before and after it (the last 30 changes). Select one to see what it did.</p>
      {versions.error && <ErrorBanner error={versions.error} />}
      {error && <ErrorBanner error={error} />}
      {versions.data && list.length === 0 && <p className="muted">No change yet.</p>}
      <div className="history-split">
        <ol className="history-list" data-testid="history-list">
          {list.map((version) => (
            <li key={version.version}>
              <button type="button" className="history-item" aria-current={version.version === shown ? 'true' : undefined} onClick={() => setSelected(version.version)}>
                <span className="history-note">
                  <span className="mono muted">#{version.version}</span> {version.note}
                </span>
                <span className="muted history-when">
                  {when(version.atMs)} · {version.rulesAfter} {version.rulesAfter === 1 ? 'rule' : 'rules'} after
                  {version.added > 0 ? ` · +${version.added}` : ''}
                  {version.removed > 0 ? ` · −${version.removed}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ol>
        {shown !== null && diff.data && diff.data.version === shown && (
          <section className="history-diff" aria-label={`What change ${shown} did`} data-testid="history-diff">
            <header className="history-diff-head">
              <div>
                <h3>
                  #{diff.data.version} {diff.data.note}
                </h3>
                <p className="muted">{when(diff.data.atMs)}</p>
              </div>
              <button type="button" onClick={() => restore(shown)} title="Put the pack's files back as they were before this change (the current files stay in the history)" data-testid="history-restore">
                Restore the pack as it was before
              </button>
            </header>
            {diff.data.files.length === 0 && <p className="muted">No difference in the files.</p>}
            {diff.data.files.map((file) => (
              <FileDiffView key={file.file} file={file} />
            ))}
          </section>
        )}
      </div>
    </div>
  );
}

function FileDiffView({ file }: { file: FileDiff }) {
  const added = file.hunks.reduce((sum, hunk) => sum + hunk.lines.filter((line) => line.startsWith('+')).length, 0);
  const removed = file.hunks.reduce((sum, hunk) => sum + hunk.lines.filter((line) => line.startsWith('-')).length, 0);
  return (
    <div className="diff-file">
      <h4 className="mono">
        {file.file} <span className="muted">{file.status === 'changed' ? '' : `(${file.status})`}</span> <span className="diff-added">+{added}</span> <span className="diff-removed">−{removed}</span>
      </h4>
      <table className="diff-table">
        <colgroup>
          <col className="diff-num-col" />
          <col className="diff-num-col" />
          <col />
        </colgroup>
        <tbody>
          {file.hunks.map((hunk, index) => {
            let oldLine = hunk.oldStart;
            let newLine = hunk.newStart;
            return [
              <tr key={`h${index}`} className="diff-hunk">
                <td colSpan={3} className="mono">
                  @@ −{hunk.oldStart},{hunk.oldLines} +{hunk.newStart},{hunk.newLines} @@
                </td>
              </tr>,
              ...hunk.lines.map((line, lineIndex) => {
                const kind = line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : line[0] === '\\' ? 'note' : 'same';
                const left = kind === 'add' || kind === 'note' ? '' : oldLine++;
                const right = kind === 'del' || kind === 'note' ? '' : newLine++;
                return (
                  <tr key={`${index}-${lineIndex}`} className={`diff-${kind}`}>
                    <td className="diff-num">{left}</td>
                    <td className="diff-num">{right}</td>
                    <td className="diff-text mono">
                      <span className="diff-sign" aria-hidden="true">
                        {kind === 'add' ? '+' : kind === 'del' ? '−' : ' '}
                      </span>
                      {line.slice(1)}
                    </td>
                  </tr>
                );
              }),
            ];
          })}
        </tbody>
      </table>
    </div>
  );
}
