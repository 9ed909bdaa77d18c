// Sigma rule files (YAML) → validated rules. Everything wrong with a file is reported with its place
// (file:line:column) so the author can fix it; one bad document never hides the good ones beside it.
import { isMap, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import { z } from 'zod';

export const sigmaLevels = ['informational', 'low', 'medium', 'high', 'critical'] as const;
export type SigmaLevel = (typeof sigmaLevels)[number];
export const sigmaStatuses = ['stable', 'test', 'experimental', 'deprecated', 'unsupported'] as const;

/** Where something is in a file: 1-based line and column. */
export interface Place {
  line: number;
  column: number;
}

export interface SigmaRule {
  file: string;
  /** Where the rule's document starts. */
  place: Place;
  title: string;
  id?: string;
  status?: string;
  description?: string;
  author?: string;
  date?: string;
  modified?: string;
  level?: SigmaLevel;
  license?: string;
  references: string[];
  falsepositives: string[];
  tags: string[];
  logsource: { category?: string; product?: string; service?: string };
  /** Search identifiers by name (condition and timeframe removed). */
  searches: ReadonlyMap<string, unknown>;
  /** The condition; several conditions (an old Sigma form) mean any of them. */
  conditions: string[];
  timeframe?: string;
  /** Where a path inside the rule's detection is (the nearest existing parent), for messages about it. */
  locate(path: readonly (string | number)[]): Place;
}

/** A document that is not a detection rule (a correlation, a filter, a rule collection): known, not imported. */
export interface SigmaOtherDocument {
  file: string;
  place: Place;
  title?: string;
  /** Why it is not a detection rule, as a short noun phrase. */
  what: string;
}

export interface SigmaFileProblem {
  file: string;
  place: Place;
  title?: string;
  reason: string;
}

export interface SigmaFile {
  rules: SigmaRule[];
  others: SigmaOtherDocument[];
  problems: SigmaFileProblem[];
}

const scalarText = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const textList = z.union([scalarText.transform((text) => [text]), z.array(scalarText)]);

const ruleShape = z
  .object({
    title: z.string().min(1),
    id: scalarText.optional(),
    status: z.enum(sigmaStatuses).optional(),
    description: z.string().optional(),
    // A string in the specification; some rule sets list several authors.
    author: z.union([scalarText, z.array(scalarText).transform((names) => names.join(', '))]).optional(),
    date: scalarText.optional(),
    modified: scalarText.optional(),
    level: z.enum(sigmaLevels).optional(),
    license: z.string().optional(),
    references: textList.nullish(),
    falsepositives: textList.nullish(),
    tags: z.array(scalarText).nullish(),
    logsource: z
      .object({ category: z.string().optional(), product: z.string().optional(), service: z.string().optional(), definition: z.string().optional() })
      .loose(),
    detection: z
      .object({
        condition: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
        timeframe: scalarText.optional(),
      })
      .catchall(z.unknown()),
  })
  .loose();

function placeOf(lines: LineCounter, offset: number): Place {
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

/** Where `path` is: the key of a map entry (what an author looks for), or the node; else its nearest ancestor. */
function locator(document: Document, lines: LineCounter): (path: readonly (string | number)[]) => Place {
  return (path) => {
    for (let length = path.length; length >= 0; length--) {
      const last = path[length - 1];
      const parent = length > 0 ? document.getIn(path.slice(0, length - 1), true) : undefined;
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
        const key = pair?.key as { range?: [number, number, number] } | undefined;
        if (key?.range) return placeOf(lines, key.range[0]);
      }
      const node = document.getIn(path.slice(0, length), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return placeOf(lines, node.range[0]);
    }
    return placeOf(lines, document.range?.[0] ?? 0);
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads every document of one Sigma file. Never throws: problems come back with their place. */
export function parseSigmaText(text: string, file: string): SigmaFile {
  const lines = new LineCounter();
  const result: SigmaFile = { rules: [], others: [], problems: [] };
  const documents = parseAllDocuments(text, { lineCounter: lines });
  if (!Array.isArray(documents)) return result; // an empty stream: nothing to import
  for (const document of documents) {
    // The first line of the rule itself, not the --- before it.
    const start = placeOf(lines, (document.contents as { range?: [number, number, number] } | null)?.range?.[0] ?? document.range[0]);
    if (document.errors.length > 0) {
      const error = document.errors[0] as (typeof document.errors)[number];
      const place = placeOf(lines, error.pos[0]);
      result.problems.push({ file, place, reason: `not valid YAML: ${error.message.split('\n')[0]}` });
      continue;
    }
    const raw: unknown = document.toJS({ maxAliasCount: 100 });
    if (raw === null || raw === undefined) continue; // an empty document between separators
    const locate = locator(document, lines);
    if (!isPlainObject(raw)) {
      result.problems.push({ file, place: start, reason: 'not a Sigma rule: the document is not a mapping of keys to values' });
      continue;
    }
    const title = typeof raw['title'] === 'string' ? raw['title'] : undefined;
    const other = 'action' in raw ? 'a Sigma rule collection (action: global/reset/repeat, deprecated in Sigma 2)'
      : 'correlation' in raw ? 'a Sigma correlation rule (it relates several rules over time)'
      : 'filter' in raw && !('detection' in raw) ? 'a Sigma filter (it amends other rules)'
      : null;
    if (other) {
      result.others.push({ file, place: start, title, what: other });
      continue;
    }
    const shape = ruleShape.safeParse(raw);
    if (!shape.success) {
      const issue = shape.error.issues[0];
      const path = (issue?.path ?? []).filter((part): part is string | number => typeof part !== 'symbol');
      const where = path.length > 0 ? `${path.join('.')}: ` : '';
      result.problems.push({ file, place: locate(path), title, reason: `not a valid Sigma rule: ${where}${issue?.message ?? 'bad shape'}` });
      continue;
    }
    const rule = shape.data;
    const { condition, timeframe, ...searches } = rule.detection;
    result.rules.push({
      file,
      place: start,
      title: rule.title,
      id: rule.id,
      status: rule.status,
      description: rule.description,
      author: rule.author,
      date: rule.date,
      modified: rule.modified,
      level: rule.level,
      license: rule.license,
      references: rule.references ?? [],
      falsepositives: rule.falsepositives ?? [],
      tags: rule.tags ?? [],
      logsource: { category: rule.logsource.category, product: rule.logsource.product, service: rule.logsource.service },
      searches: new Map(Object.entries(searches)),
      conditions: typeof condition === 'string' ? [condition] : condition,
      timeframe,
      locate: (path) => locate(['detection', ...path]),
    });
  }
  return result;
}
