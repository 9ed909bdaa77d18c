// Named filters of an explorer, kept in the case file: they name this case's hosts and rules, and
// travel with the case to whoever it is handed to.
import type { SavedView } from '../../src-shared/api/domain.ts';
import type { Db } from './case-file.ts';

const columns = 'id, page, name, query, created_at_ms AS createdAtMs, updated_at_ms AS updatedAtMs';

export function listViews(db: Db, page: SavedView['page']): SavedView[] {
  return db.prepare(`SELECT ${columns} FROM saved_views WHERE page = ? ORDER BY name COLLATE NOCASE, id`).all(page) as SavedView[];
}

/** Saves a view; one of the same name (whatever its case) on the same page is replaced, keeping its id. */
export function saveView(db: Db, view: { page: SavedView['page']; name: string; query: string }, nowMs: number): SavedView {
  return db
    .prepare(`
      INSERT INTO saved_views (page, name, query, created_at_ms, updated_at_ms) VALUES (@page, @name, @query, @nowMs, @nowMs)
      ON CONFLICT (page, name) DO UPDATE SET name = excluded.name, query = excluded.query, updated_at_ms = excluded.updated_at_ms
      RETURNING ${columns}`)
    .get({ ...view, nowMs }) as SavedView;
}

export function removeView(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM saved_views WHERE id = ?').run(id).changes > 0;
}
