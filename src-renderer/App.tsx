import { useEffect, useState } from 'react';
import { useCall, useStream } from './api.ts';
import { CaseMenu } from './components/CaseMenu.tsx';
import { PromptDialog } from './components/PromptDialog.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { useTheme } from './components/theme.ts';
import { pageById, pages, type PageId, type PageInfo } from './pages.ts';
import { EventsPage } from './views/events/EventsPage.tsx';
import { HostsPage } from './views/hosts/HostsPage.tsx';
import { OverviewPage } from './views/overview/OverviewPage.tsx';
import { PlaceholderPage } from './views/placeholder/PlaceholderPage.tsx';
import { SignalsPage } from './views/signals/SignalsPage.tsx';
import { InboxPage } from './views/inbox/InboxPage.tsx';
import { RulesPage } from './views/rules/RulesPage.tsx';
import { DesktopAlerts } from './views/notifications/DesktopAlerts.tsx';
import { NotificationsButton } from './views/notifications/NotificationsButton.tsx';
import { InvestigationPage, investigationSection, useInvestigationRoute } from './views/signal/InvestigationPage.tsx';

function currentPageId(): PageId {
  const id = window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return pageById(id)?.id ?? 'overview';
}

function useRoute(): PageId {
  const [page, setPage] = useState<PageId>(currentPageId);
  useEffect(() => {
    const onHash = () => setPage(currentPageId());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return page;
}

function Page({ page, openCase }: { page: PageInfo; openCase: Parameters<typeof OverviewPage>[0]['openCase'] }) {
  switch (page.id) {
    case 'overview':
      return <OverviewPage page={page} openCase={openCase} />;
    case 'events':
      return <EventsPage page={page} openCase={openCase} />;
    case 'hosts':
      return <HostsPage page={page} openCase={openCase} />;
    case 'signals':
      return <SignalsPage page={page} openCase={openCase} />;
    case 'inbox':
      return <InboxPage page={page} openCase={openCase} />;
    case 'rules':
      return <RulesPage page={page} openCase={openCase} />;
    default:
      return <PlaceholderPage page={page} />;
  }
}

export function App() {
  const pageId = useRoute();
  // #/signals/<id> and #/process/…: pages reached by address, shown under their sidebar entry
  const investigation = useInvestigationRoute();
  const [theme, toggleTheme] = useTheme();
  const status = useStream('status');
  const info = useCall('app.info', {});
  const openCase = status?.openCase ?? null;
  const page = pageById(investigation ? investigationSection(investigation) : pageId) ?? pages[0]!;
  const groups = [...new Set(pages.map((p) => p.group))];

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Pages">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">◆</span>
          <span>
            Workbench
            <small>{info.data ? `v${info.data.version}` : ''}</small>
          </span>
        </div>
        {groups.map((group) => (
          <div key={group} className="nav-group">
            <div className="nav-group-title">{group}</div>
            {pages
              .filter((p) => p.group === group)
              .map((p) => (
                <a key={p.id} href={`#/${p.id}`} className="nav-link" aria-current={p.id === page.id ? 'page' : undefined}>
                  <span className="nav-icon" aria-hidden="true">{p.icon}</span>
                  {p.title}
                </a>
              ))}
          </div>
        ))}
      </nav>
      <header className="topbar">
        {/* a process page sits under Events in the sidebar, but is not the events list */}
        <h1>{investigation?.kind === 'process' ? 'Process tree' : page.title}</h1>
        <div className="topbar-actions">
          <CaseMenu current={openCase} />
          <NotificationsButton />
          <button type="button" className="theme-toggle" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} data-testid="theme-toggle">
            {theme === 'dark' ? '☀' : '☾'}
          </button>
        </div>
      </header>
      <main className="content" data-testid={`page-${page.id}`}>
        {investigation ? <InvestigationPage route={investigation} openCase={openCase} /> : <Page page={page} openCase={openCase} />}
      </main>
      <StatusBar />
      <PromptDialog />
      <DesktopAlerts />
    </div>
  );
}
