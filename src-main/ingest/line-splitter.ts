// Splits a byte stream into lines without ever holding more than one bounded line: a peer that sends a
// 100 MB line, or never sends a newline, costs us at most maxLineBytes before the line is dropped and
// reported.
import { maxLineBytes } from './sensor-line.ts';

export type SplitResult = { line: string } | { oversized: number };

export class LineSplitter {
  private readonly limit: number;
  private parts: Buffer[] = [];
  private partsBytes = 0;
  /** Bytes of an oversized line being skipped, or -1 when not skipping. */
  private skipping = -1;

  constructor(limit = maxLineBytes) {
    this.limit = limit;
  }

  /** Feeds a chunk; returns the complete lines (and oversized-line reports) it finished. */
  push(chunk: Buffer): SplitResult[] {
    const results: SplitResult[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      const piece = chunk.subarray(start, end);
      if (this.skipping >= 0) {
        this.skipping += piece.length;
      } else if (this.partsBytes + piece.length > this.limit) {
        this.skipping = this.partsBytes + piece.length;
        this.parts = [];
        this.partsBytes = 0;
      } else {
        this.parts.push(piece);
        this.partsBytes += piece.length;
      }
      if (newline === -1) break;
      if (this.skipping >= 0) {
        results.push({ oversized: this.skipping });
        this.skipping = -1;
      } else {
        results.push({ line: Buffer.concat(this.parts, this.partsBytes).toString('utf8') });
      }
      this.parts = [];
      this.partsBytes = 0;
      start = newline + 1;
    }
    return results;
  }

  /** What is left when the stream ends: a last line without its newline is a truncated line. */
  end(): { truncatedBytes: number } {
    const truncatedBytes = this.skipping >= 0 ? this.skipping : this.partsBytes;
    this.parts = [];
    this.partsBytes = 0;
    this.skipping = -1;
    return { truncatedBytes };
  }
}
