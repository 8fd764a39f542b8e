/** Small helpers shared by the bench parts: percentiles, a bounded load loop, table printing. */

export interface LatencySummary {
  /** Requests that completed (successfully) and were timed. */
  count: number
  errors: number
  concurrency: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  meanMs: number
  maxMs: number
  /** Completed operations per second of wall time for the whole phase. */
  perSecond: number
  wallMs: number
  /** True when the phase stopped at its time cap before reaching the requested count. */
  timeCapped: boolean
}

/** Nearest-rank percentile of an already sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

export const round = (n: number, digits = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : n)

export function summarize(samples: number[], extra: { errors: number; concurrency: number; wallMs: number; timeCapped: boolean }): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b)
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1)
  return {
    count: sorted.length,
    errors: extra.errors,
    concurrency: extra.concurrency,
    p50Ms: round(percentile(sorted, 50), 2),
    p95Ms: round(percentile(sorted, 95), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    meanMs: round(mean, 2),
    maxMs: round(sorted[sorted.length - 1] ?? NaN, 2),
    perSecond: round((sorted.length / extra.wallMs) * 1000, 1),
    wallMs: Math.round(extra.wallMs),
    timeCapped: extra.timeCapped,
  }
}

/**
 * Runs `op` `total` times with `concurrency` in flight, stopping early at `maxMs` of wall time.
 * `op(i)` resolves when done and throws on failure; each completion's latency is recorded.
 */
export async function runLoad(
  op: (i: number) => Promise<void>,
  opts: { total: number; concurrency: number; maxMs: number },
): Promise<LatencySummary & { firstError?: string }> {
  const samples: number[] = []
  let errors = 0
  let firstError: string | undefined
  let next = 0
  let timeCapped = false
  const start = performance.now()
  const deadline = start + opts.maxMs
  async function worker() {
    while (next < opts.total) {
      if (performance.now() > deadline) {
        timeCapped = true
        return
      }
      const i = next++
      const t0 = performance.now()
      try {
        await op(i)
        samples.push(performance.now() - t0)
      } catch (e) {
        errors++
        firstError ??= e instanceof Error ? e.message : String(e)
      }
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker))
  const wallMs = performance.now() - start
  return { ...summarize(samples, { errors, concurrency: opts.concurrency, wallMs, timeCapped }), ...(firstError ? { firstError } : {}) }
}

/** Prints rows as an aligned text table. */
export function printTable(title: string, header: string[], rows: (string | number)[][]) {
  const cells = [header, ...rows.map((r) => r.map((c) => String(c)))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))))
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? padEnd(c, widths[i]) : padStart(c, widths[i]))).join('  ')
  console.log(`\n${title}`)
  console.log(line(header))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  for (const r of cells.slice(1)) console.log(line(r))
}

// CJK characters take two columns in a terminal.
const displayWidth = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0)
const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)))
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - displayWidth(s))) + s

export const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(n < 10 ? 2 : 1)} ms` : '—')
export const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
