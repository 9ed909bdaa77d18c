// The Rules page: the runtime rule packs (bundled, yours, imported) beside their rules; a rule's page with
// its test panel; the editor; and a pack's history. Everything it changes goes through the API and is
// read back, so what the page shows is what detection will run on the next ingest or retro-hunt.
import { useCallback, useEffect, useState } from 'react';
import type { CaseSummary } from '../../../src-shared/api/domain.ts';
import { useCall } from '../../api.ts';
import { ErrorBanner } from '../../components/ErrorBanner.tsx';
import type { PageInfo } from '../../pages.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { PackHistory } from './PackHistory.tsx';
import { PacksPanel } from './PacksPanel.tsx';
import { RuleEditor } from './RuleEditor.tsx';
import { RulesList } from './RulesList.tsx';
import { RuleView } from './RuleView.tsx';
import { parseRulesRoute, rulesHash, type RulesRoute } from './rulesRoute.ts';
import './rules.css';

function useRulesRoute(): RulesRoute {
  const [route, setRoute] = useState<RulesRoute>(() => parseRulesRoute(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(parseRulesRoute(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

export function RulesPage({ openCase }: { page: PageInfo; openCase: CaseSummary | null }) {
  const route = useRulesRoute();
  const [generation, setGeneration] = useState(0);
  const [importing, setImporting] = useState(false);
  const [notice, setNotice] = useState<{ key: string; text: string } | null>(null);
  const changed = useCallback(() => setGeneration((n) => n + 1), []);
  const packs = useCall('packs.list', {}, [generation]);
  const list = packs.data?.packs ?? [];
  const hasCase = openCase !== null;
  const routeKey = JSON.stringify(route);

  const body = (() => {
    switch (route.view) {
      case 'list':
        return <RulesList packs={list} packId={route.packId} generation={generation} onChanged={changed} />;
      case 'rule':
        return <RuleView key={routeKey} packId={route.packId} ruleId={route.ruleId} packs={list} generation={generation} hasCase={hasCase} notice={notice?.key === routeKey ? notice.text : null} onChanged={changed} />;
      case 'history':
        return <PackHistory key={routeKey} packId={route.packId} packs={list} generation={generation} onChanged={changed} />;
      case 'edit':
      case 'new':
        return (
          <RuleEditor
            key={routeKey}
            packId={route.packId}
            target={route.view === 'edit' ? { kind: 'edit', ruleId: route.ruleId } : { kind: 'new', from: route.from }}
            packs={list}
            hasCase={hasCase}
            onSaved={(ruleId, text) => {
              const next: RulesRoute = { view: 'rule', packId: route.packId, ruleId };
              setNotice({ key: JSON.stringify(next), text });
              changed();
              window.location.hash = rulesHash(next);
            }}
          />
        );
    }
  })();

  // the editor and the diffs need the width: the packs column steps aside
  const editing = route.view === 'edit' || route.view === 'new' || route.view === 'history';
  return (
    <div className={`rules-page${editing ? ' rules-page-editing' : ''}`} data-testid="rules-page">
      {!editing && <PacksPanel packs={list} selected={route.packId} onChanged={changed} onImport={() => setImporting(true)} />}
      <div className="rules-body">
        {packs.error && <ErrorBanner error={packs.error} />}
        {packs.data?.stateProblem && <p className="rule-problem">{packs.data.stateProblem}</p>}
        {body}
      </div>
      {importing && (
        <ImportDialog
          onClose={(didImport) => {
            setImporting(false);
            if (didImport) changed();
          }}
        />
      )}
    </div>
  );
}
