// Events per second over a sliding window, from samples of a growing total (taken at each commit and each
// time someone asks), so the rate falls to zero when a host goes quiet instead of freezing at its last value.
export class RateMeter {
  private readonly windowMs: number;
  private samples: Array<{ atMs: number; total: number }> = [];

  constructor(windowMs = 5000) {
    this.windowMs = windowMs;
  }

  record(atMs: number, total: number): void {
    this.samples.push({ atMs, total });
    // keep one sample older than the window as the base of the rate
    while (this.samples.length > 2 && (this.samples[1]?.atMs ?? atMs) <= atMs - this.windowMs) this.samples.shift();
  }

  perSecond(atMs: number, total: number): number {
    this.record(atMs, total);
    const base = this.samples[0]!;
    const elapsedMs = atMs - base.atMs;
    return elapsedMs <= 0 ? 0 : ((total - base.total) * 1000) / elapsedMs;
  }
}
