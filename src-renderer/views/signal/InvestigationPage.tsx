// The pages reached by address rather than from the sidebar: one signal and the tree of one process.
import { useEffect, useState } from 'react';
import type { CaseSummary } from '../../../src-shared/api/domain.ts';
import { ProcessPage } from './ProcessPage.tsx';
import { parseInvestigationRoute, type InvestigationRoute } from './processRoute.ts';
import { SignalPage } from './SignalPage.tsx';

/** The investigation page the address names, following address changes; null on any other page. */
export function useInvestigationRoute(): InvestigationRoute | null {
  const [hash, setHash] = useState(window.location.hash);
  useEffect(() => {
    const onHash = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return parseInvestigationRoute(hash);
}

/** Which sidebar entry an investigation page belongs to. */
export function investigationSection(route: InvestigationRoute): 'signals' | 'events' {
  return route.kind === 'signal' ? 'signals' : 'events';
}

export function InvestigationPage({ route, openCase }: { route: InvestigationRoute; openCase: CaseSummary | null }) {
  if (route.kind === 'signal') return <SignalPage key={route.id} id={route.id} openCase={openCase} />;
  return <ProcessPage key={JSON.stringify(route.target)} target={route.target} openCase={openCase} />;
}
