// Event text comes from hosts that may be hostile: escape sequences in a command line could rewrite the
// analyst's terminal. Control characters are shown as visible escapes instead.
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function table(headers: string[], rows: string[][]): string {
  const cells = [headers, ...rows].map((row) => row.map(terminalSafe));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  return cells.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}
