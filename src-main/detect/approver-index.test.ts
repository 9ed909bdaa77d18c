// The rule index skips every rule whose approvers an event does not meet (src-shared/secl/approvers.ts).
// A wrong approver would silently lose detections, so with every rule the workbench loads (its own pack,
// Datadog's default policy, the Sigma Linux rules) the index must find exactly what evaluating every rule
// of the event's type finds: on the pack's test events, on the demo recording, and on events made to carry
// the very values the approvers name.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../src-shared/secl/index.ts';
import { RuleSet } from '../../src-shared/secl/index.ts';
import { parseSensorLine } from '../ingest/index.ts';
import { ProcessTable } from '../ingest/process-table.ts';
import { importSigma, loadPolicy, loadPolicyFile, loadRulePack, sigmaPolicyText, type LoadedRule } from './index.ts';
import { expandTestEvent } from './rule-test-events.ts';

const root = resolve(import.meta.dirname, '../..');
const pack = loadRulePack(resolve(root, 'rules/runtime'), { strict: true });
const datadog = loadPolicyFile(resolve(root, '../shared/corpora/datadog-cws/default.policy')).loaded;
const sigma = loadPolicy(sigmaPolicyText(importSigma([resolve(root, '../shared/corpora/sigma-linux')]).rules)).loaded;
const rules: LoadedRule[] = [];
const seen = new Set<string>();
for (const rule of [...pack.rules, ...datadog, ...sigma]) {
  if (seen.has(rule.id)) continue;
  seen.add(rule.id);
  rules.push(rule);
}
const indexed = new RuleSet(rules);

/** Every rule of the event's type, each on its own: what the index must agree with. */
function everyRuleOfType(event: Json): string[] {
  return rules
    .filter((rule) => rule.eventType === '*' || rule.eventType === event['type'])
    .filter((rule) => {
      try {
        return rule.matches(event);
      } catch {
        return false;
      }
    })
    .map((rule) => rule.id);
}

function recording(name: string): Json[] {
  const table = new ProcessTable();
  const events: Json[] = [];
  for (const line of readFileSync(resolve(root, 'resources/demo', name), 'utf8').split('\n').filter((text) => text.trim() !== '')) {
    const parsed = parseSensorLine(line);
    if (parsed.kind !== 'event') continue;
    table.observe(parsed.event);
    const lineage = table.lineage(parsed.event.process.pid, parsed.event.process.ppid);
    events.push({ ...parsed.event, host: name, process: { ...parsed.event.process, parent: lineage.parent, ancestors: lineage.ancestors } });
  }
  return events;
}

describe('the rule index', () => {
  it('lets almost every rule be skipped by value', () => {
    const without = rules.filter((rule) => !rule.approvers);
    expect(rules.length).toBeGreaterThan(450);
    expect(without.length).toBeLessThan(rules.length / 20);
  });

  it("finds each of the pack's rules on each of its match test events, and agrees with every rule on all of them", () => {
    let tested = 0;
    for (const rule of pack.rules) {
      for (const compact of rule.tests?.match ?? []) {
        const event = expandTestEvent(compact);
        expect(indexed.match(event).map((r) => r.id), rule.id).toContain(rule.id);
        expect(indexed.match(event).map((r) => r.id).sort()).toEqual(everyRuleOfType(event).sort());
        tested++;
      }
      for (const compact of rule.tests?.noMatch ?? []) {
        const event = expandTestEvent(compact);
        expect(indexed.match(event).map((r) => r.id).sort()).toEqual(everyRuleOfType(event).sort());
      }
    }
    expect(tested).toBeGreaterThan(200);
  });

  it('agrees with every rule on the demo recording', () => {
    let matched = 0;
    for (const event of [...recording('web-01.ndjson'), ...recording('db-01.ndjson')]) {
      const expected = everyRuleOfType(event).sort();
      expect(indexed.match(event).map((r) => r.id).sort()).toEqual(expected);
      matched += expected.length;
    }
    expect(matched).toBeGreaterThan(20);
  });

  it('agrees with every rule on events that carry the values the approvers name, in any case, inside other text', () => {
    const base = recording('web-01.ndjson').filter((event) => event['type'] === 'exec' || event['type'] === 'open');
    const approved = rules.flatMap((rule) => (rule.approverOptions ?? []).flat().filter((a) => a.field.name.startsWith('exec.') || a.field.name.startsWith('open.') || a.field.name.startsWith('process.')).map((approver) => ({ rule, approver })));
    let positives = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...base),
        fc.array(fc.tuple(fc.constantFrom(...approved), fc.constantFrom('', '/', ' ', 'x', '-'), fc.constantFrom('', '/', ' ', 'x'), fc.boolean()), { minLength: 1, maxLength: 3 }),
        (event, edits) => {
          const edited = structuredClone(event) as Json;
          for (const [{ rule, approver }, before, after, upper] of edits) {
            edited['type'] = rule.eventType === '*' ? edited['type'] : rule.eventType;
            const value =
              approver.kind === 'exact' ? approver.value : approver.kind === 'bits' ? approver.mask : approver.kind === 'minLength' ? `${before}${'x'.repeat(approver.length)}${after}` : `${before}${upper && approver.caseInsensitive ? approver.literal.toUpperCase() : approver.literal}${after}`;
            setField(edited, approver.field.name, approver.field.array ? [value] : value);
          }
          const expected = everyRuleOfType(edited).sort();
          positives += expected.length;
          expect(indexed.match(edited).map((r) => r.id).sort()).toEqual(expected);
        },
      ),
      { numRuns: 3000 },
    );
    expect(positives).toBeGreaterThan(100);
  });
});

/** Writes a dictionary field into the event's JSON (which mirrors the dotted names; ancestors: the nearest). */
function setField(event: Json, name: string, value: unknown): void {
  const path = name.replace(/^process\.ancestors\./, 'process.ancestors.0.').split('.');
  let node: Record<string, unknown> = event;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = key === 'ancestors' ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}
