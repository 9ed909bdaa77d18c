import type { ReactNode } from 'react';
import type { PageInfo } from '../pages.ts';

export function EmptyState({ page, title, children }: { page: PageInfo; title?: string; children?: ReactNode }) {
  return (
    <section className="empty-state" aria-label={`${page.title}: nothing to show yet`}>
      <div className="empty-icon" aria-hidden="true">{page.icon}</div>
      <h2>{title ?? `No ${page.title.toLowerCase()} in this case yet`}</h2>
      <p className="empty-shows">{page.shows}</p>
      <h3>How to get data in</h3>
      <ul>
        {page.howToGetData.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {children}
    </section>
  );
}
