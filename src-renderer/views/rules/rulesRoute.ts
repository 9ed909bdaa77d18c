// The addresses of the Rules page: the packs and rules lists (#/rules, #/rules/pack/<pack>), a rule
// (#/rules/rule/<pack>/<rule>), its editor (#/rules/edit/<pack>/<rule>), a new rule in a pack
// (#/rules/new/<pack>, or a copy of another rule: #/rules/new/<pack>?from=<pack>/<rule>) and a pack's
// history (#/rules/history/<pack>). Ids are URI-encoded: imported rules may have any id.

export type RulesRoute =
  | { view: 'list'; packId: string | null }
  | { view: 'rule'; packId: string; ruleId: string }
  | { view: 'edit'; packId: string; ruleId: string }
  | { view: 'new'; packId: string; from: { packId: string; ruleId: string } | null }
  | { view: 'history'; packId: string };

function decode(part: string | undefined): string | null {
  if (part === undefined || part === '') return null;
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function parseRulesRoute(hash: string): RulesRoute {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter((part) => part !== '');
  if (parts[0] !== 'rules') return { view: 'list', packId: null };
  const [, view, first, second] = parts;
  const pack = decode(first);
  const rule = decode(second);
  if (view === 'pack' && pack) return { view: 'list', packId: pack };
  if (view === 'rule' && pack && rule) return { view: 'rule', packId: pack, ruleId: rule };
  if (view === 'edit' && pack && rule) return { view: 'edit', packId: pack, ruleId: rule };
  if (view === 'history' && pack) return { view: 'history', packId: pack };
  if (view === 'new' && pack) {
    const from = new URLSearchParams(query).get('from');
    const [fromPack, ...fromRule] = (from ?? '').split('/');
    return { view: 'new', packId: pack, from: from && fromPack && fromRule.length > 0 ? { packId: fromPack, ruleId: fromRule.join('/') } : null };
  }
  return { view: 'list', packId: null };
}

export function rulesHash(route: RulesRoute): string {
  const e = encodeURIComponent;
  switch (route.view) {
    case 'list':
      return route.packId === null ? '#/rules' : `#/rules/pack/${e(route.packId)}`;
    case 'rule':
      return `#/rules/rule/${e(route.packId)}/${e(route.ruleId)}`;
    case 'edit':
      return `#/rules/edit/${e(route.packId)}/${e(route.ruleId)}`;
    case 'history':
      return `#/rules/history/${e(route.packId)}`;
    case 'new':
      return `#/rules/new/${e(route.packId)}${route.from ? `?from=${e(route.from.packId)}/${e(route.from.ruleId)}` : ''}`;
  }
}
