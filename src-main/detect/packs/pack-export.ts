// A pack → one policy file in Datadog's format, loadable by the workbench (`rules check`, an import) and
// by the Datadog agent. A pack of one file exports as that file; the files of a larger pack are merged
// (macros, then rules, each entry with its comments), since a policy's macros are shared across the pack.
// Rules the user switched off are written with `disabled: true`, Datadog's own switch.
import { isMap, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { policyDocument } from './rule-entry.ts';

export function exportPolicyText(packName: string, files: Readonly<Record<string, string>>, disabledRules: ReadonlySet<string>): string {
  const names = Object.keys(files).sort();
  const single = names.length === 1 && disabledRules.size === 0;
  if (single) return files[names[0]!]!;
  const merged = parseDocument(`# ${packName.replace(/\n/g, ' ')}: exported by the Cloud Security Workbench from ${names.join(', ')}.\nversion: 1.0.0\ntype: policy\nmacros: []\nrules: []\n`) as unknown as Document<Node, false>;
  const root = merged.contents;
  if (!isMap(root)) throw new Error('unreachable: the export skeleton is a mapping');
  const macros = root.get('macros', true);
  const rules = root.get('rules', true);
  if (!isSeq(macros) || !isSeq(rules)) throw new Error('unreachable: the export skeleton has lists');
  macros.flow = false;
  rules.flow = false;
  for (const name of names) {
    const document = policyDocument(files[name]!, name);
    const contents = document.contents;
    if (!isMap(contents)) continue;
    const own = contents.get('macros', true);
    if (isSeq(own)) macros.items.push(...own.items);
    const ownRules = contents.get('rules', true);
    if (isSeq(ownRules)) {
      for (const item of ownRules.items) {
        if (isMap(item) && typeof item.get('id') === 'string' && disabledRules.has(item.get('id') as string)) item.set('disabled', true);
        rules.items.push(item);
      }
    }
  }
  if (macros.items.length === 0) root.delete('macros');
  return merged.toString({ lineWidth: 0, flowCollectionPadding: false });
}
