// The words a process tree shows about a process. Labels are drawn on a canvas (never parsed as HTML), but
// characters that lie on screen (bidi overrides, zero-width, line breaks) are still shown as escapes, and
// long command lines are cut so a node stays a node.
import type { ProcessNode } from '../../../src-shared/api/domain.ts';
import { visibleString } from '../../../src-shared/events/visible-text.ts';
import { formatTimeNs } from '../../format.ts';

/** The start of a text, cut with an ellipsis past `max` characters. */
export function shortenEnd(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The end of a path, which says most: "…/.x/kworkerd". */
export function shortenPath(path: string, max: number): string {
  return path.length <= max ? path : `…${path.slice(path.length - max + 1)}`;
}

/** The command line as typed: argv0 then the arguments. */
export function commandLine(node: Pick<ProcessNode, 'argv0' | 'argv'>): string {
  return visibleString([node.argv0, ...node.argv].join(' '));
}

/** Time of day (UTC) with milliseconds: what tells processes of one tree apart. */
export function startTime(ns: number): string {
  return formatTimeNs(ns).slice(11);
}

/** Characters a label line holds (the node is sized for them). */
export const labelWidth = 36;

/** Three lines: the command line, the executable, and who ran it when (the user cut to fit the line). */
export function nodeLabel(node: ProcessNode): string {
  const rest = ` · pid ${node.pid} · ${startTime(node.startNs)}`;
  return [
    shortenEnd(commandLine(node), labelWidth),
    shortenPath(visibleString(node.executable), labelWidth),
    `${shortenEnd(visibleString(node.user), Math.max(4, labelWidth - rest.length))}${rest}`,
  ].join('\n');
}

export function hiddenLabel(count: number): string {
  return `+${count.toLocaleString('en-US')} more`;
}
