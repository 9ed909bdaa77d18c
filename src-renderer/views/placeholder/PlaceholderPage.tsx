import { EmptyState } from '../../components/EmptyState.tsx';
import type { PageInfo } from '../../pages.ts';

/** Pages whose capability has not landed: say what will be here and how data will get in. */
export function PlaceholderPage({ page }: { page: PageInfo }) {
  return <EmptyState page={page} />;
}
