// Which signals a filter names, as SQL over `signals s` (columns of s only): the one WHERE clause behind the
// signals list, its count, the explorer's facets and histogram, and bulk triage, so they always agree.
import type { Severity, SignalStatus } from '../../src-shared/api/domain.ts';

export interface SignalSelection {
  statuses?: readonly SignalStatus[] | undefined;
  severities?: readonly Severity[] | readonly string[] | undefined;
  hostIds?: readonly number[] | undefined;
  ruleId?: string | undefined;
  ruleIds?: readonly string[] | undefined;
  /** ATT&CK technique ids; '' names the signals whose rule has none. */
  techniques?: readonly string[] | undefined;
  /** Words that must all appear in the rule name, its description or the process. */
  text?: string | undefined;
  /** Bounds (inclusive) on when the signal first fired. */
  fromNs?: number | undefined;
  toNs?: number | undefined;
}

/** A filter of the selection: the explorer counts each facet under all the others. */
export type SelectionPart = 'statuses' | 'severities' | 'hostIds' | 'rules' | 'techniques' | 'text' | 'time';

/** The technique a signal's rule names, '' for none (a column generated from the rule's JSON, migration 8). */
export const techniqueSql = 's.technique';

export interface SqlWhere {
  /** `WHERE …`, or '' when nothing restricts. */
  sql: string;
  params: Record<string, unknown>;
}

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function selectionWhere(selection: SignalSelection, without: readonly SelectionPart[] = []): SqlWhere {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const skip = new Set(without);
  const inList = (part: SelectionPart, column: string, name: string, values: readonly unknown[] | undefined) => {
    if (skip.has(part) || !values || values.length === 0) return;
    where.push(`${column} IN (SELECT value FROM json_each(@${name}))`);
    params[name] = JSON.stringify(values);
  };
  inList('statuses', 's.status', 'statuses', selection.statuses);
  inList('severities', 's.severity', 'severities', selection.severities);
  inList('hostIds', 's.host_id', 'hostIds', selection.hostIds);
  inList('rules', 's.rule_id', 'ruleIds', selection.ruleIds);
  inList('techniques', techniqueSql, 'techniques', selection.techniques);
  if (!skip.has('rules') && selection.ruleId) {
    where.push('s.rule_id = @ruleId');
    params['ruleId'] = selection.ruleId;
  }
  if (!skip.has('text') && selection.text) {
    const words = selection.text.split(/\s+/).filter(Boolean).slice(0, 20);
    words.forEach((word, index) => {
      const name = `word${index}`;
      where.push(
        `(s.rule_id LIKE @${name} ESCAPE '\\' OR json_extract(s.rule, '$.description') LIKE @${name} ESCAPE '\\' OR s.process LIKE @${name} ESCAPE '\\')`,
      );
      params[name] = likePattern(word);
    });
  }
  if (!skip.has('time') && selection.fromNs !== undefined) {
    where.push('s.first_ts_ns >= @fromNs');
    params['fromNs'] = selection.fromNs;
  }
  if (!skip.has('time') && selection.toNs !== undefined) {
    where.push('s.first_ts_ns <= @toNs');
    params['toNs'] = selection.toNs;
  }
  return { sql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}
