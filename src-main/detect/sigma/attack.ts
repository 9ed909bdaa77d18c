// Sigma's ATT&CK tags (attack.execution, attack.t1059.004) → the product tags Datadog's policies use
// (tactic:TA0002-execution, technique:T1059, subtechnique:T1059.004). Technique names are not known
// here (no ATT&CK catalogue is bundled yet), so technique tags carry the ID alone.

/**
 * Enterprise tactics by Sigma's short name. ATT&CK v18 split Defense Evasion into Stealth (which kept
 * TA0005) and Defense Impairment (TA0112); older rules still say defense-evasion.
 */
const tactics: Readonly<Record<string, string>> = {
  reconnaissance: 'TA0043',
  'resource-development': 'TA0042',
  'initial-access': 'TA0001',
  execution: 'TA0002',
  persistence: 'TA0003',
  'privilege-escalation': 'TA0004',
  'defense-evasion': 'TA0005',
  stealth: 'TA0005',
  'defense-impairment': 'TA0112',
  'credential-access': 'TA0006',
  discovery: 'TA0007',
  'lateral-movement': 'TA0008',
  collection: 'TA0009',
  'command-and-control': 'TA0011',
  exfiltration: 'TA0010',
  impact: 'TA0040',
};

/** Product tags for a rule's Sigma tags, tactics first, each once, in the order the rule lists them. */
export function attackProductTags(tags: readonly string[]): string[] {
  const tacticTags: string[] = [];
  const techniqueTags: string[] = [];
  const add = (list: string[], tag: string): void => {
    if (!list.includes(tag)) list.push(tag);
  };
  for (const raw of tags) {
    const tag = raw.trim().toLowerCase();
    if (!tag.startsWith('attack.')) continue;
    const name = tag.slice('attack.'.length);
    const tactic = tactics[name];
    if (tactic) {
      add(tacticTags, `tactic:${tactic}-${name}`);
      continue;
    }
    const technique = /^t(\d{4})(?:\.(\d{3}))?$/.exec(name);
    if (!technique) continue; // groups (g0xxx), software (s0xxx), campaigns: kept among the Sigma tags only
    add(techniqueTags, `technique:T${technique[1]}`);
    if (technique[2]) add(techniqueTags, `subtechnique:T${technique[1]}.${technique[2]}`);
  }
  return [...tacticTags, ...techniqueTags];
}
