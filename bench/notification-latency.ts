import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { api, benchStack, fileReport, residentToken, staffToken } from './stack'
import { ms, percentile, printTable, round } from './stats'

/**
 * Report → notification latency through the real path: POST /api/reports commits the report,
 * the local stream poller (standing in for Lambda's DynamoDB stream trigger, polling every
 * 100 ms when idle) runs the stream handler, which writes the inbox notifications and then
 * "sends" the WeChat subscription message into the outbox file.
 */
export const NOTIFY = { reports: 40, pollEveryMs: 20, timeoutMs: 15_000, streamPollerIdleMs: 100 }

interface Series {
  count: number
  missed: number
  p50Ms: number
  p95Ms: number
  maxMs: number
  minMs: number
  meanMs: number
}

export interface NotificationLatencyResult {
  reports: number
  pollEveryMs: number
  streamPollerIdleIntervalMs: number
  /** POST round trip, for reference. */
  submit: Series
  /** Inbox notification written (its `createdAt`, set by the stream handler), server clock. */
  inboxWritten: Series
  /** The village director first sees it in GET /api/notifications (20 ms polling). */
  inboxVisible: Series
  /** The WeChat outbox line for the director (its `at` stamp, written by the sender). */
  wechatOutbox: Series
}

function series(values: (number | undefined)[]): Series {
  const got = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b)
  return {
    count: got.length,
    missed: values.length - got.length,
    p50Ms: round(percentile(got, 50), 1),
    p95Ms: round(percentile(got, 95), 1),
    minMs: round(got[0] ?? NaN, 1),
    maxMs: round(got[got.length - 1] ?? NaN, 1),
    meanMs: round(got.reduce((s, x) => s + x, 0) / (got.length || 1), 1),
  }
}

/** Reads lines appended to the outbox since the last call. */
function outboxTail(file: string) {
  let offset = existsSync(file) ? statSync(file).size : 0
  let partial = ''
  return () => {
    if (!existsSync(file)) return []
    const size = statSync(file).size
    if (size <= offset) return []
    const buf = Buffer.alloc(size - offset)
    const fd = openSync(file, 'r')
    try {
      readSync(fd, buf, 0, buf.length, offset)
    } finally {
      closeSync(fd)
    }
    offset = size
    const text = partial + buf.toString('utf8')
    const lines = text.split('\n')
    partial = lines.pop() ?? ''
    return lines.filter(Boolean).map((l) => JSON.parse(l) as { toOpenid: string; page: string; at: string })
  }
}

export async function runNotificationLatency(): Promise<NotificationLatencyResult> {
  const { stack } = await benchStack()
  const { apiUrl } = stack
  const resident = await residentToken(apiUrl)
  const director = await staffToken(apiUrl, 'dinghu')
  // Start from a quiet stream: earlier parts may have left notifications to process.
  await stack.streamIdle()
  const tail = outboxTail(stack.outboxFile)

  const submit: number[] = []
  const written: (number | undefined)[] = []
  const visible: (number | undefined)[] = []
  const outbox: (number | undefined)[] = []
  console.log(`filing ${NOTIFY.reports} red reports one at a time, each after the stream is idle plus a random 0–${NOTIFY.streamPollerIdleMs} ms …`)
  for (let i = 0; i < NOTIFY.reports; i++) {
    const t0Wall = Date.now()
    const t0 = performance.now()
    const created = await fileReport(apiUrl, resident, ['living_alone'])
    submit.push(performance.now() - t0)
    if (created.colour !== 'red') throw new Error(`expected a red report, got ${created.colour}`)
    const id: string = created.id
    let seenInbox: number | undefined
    let seenOutbox: number | undefined
    let writtenAt: number | undefined
    const deadline = t0 + NOTIFY.timeoutMs
    while ((seenInbox === undefined || seenOutbox === undefined) && performance.now() < deadline) {
      if (seenOutbox === undefined) {
        const line = tail().find((l) => l.toOpenid === 'demo-openid-dinghu' && l.page.includes(id))
        // The sender stamps `at` as it appends: same machine, same clock as t0Wall.
        if (line) seenOutbox = Date.parse(line.at) - t0Wall
      }
      if (seenInbox === undefined) {
        const inbox = await api(apiUrl, 'GET', '/notifications', { token: director })
        const n = inbox.items.find((x: { subject: { id: string } }) => x.subject.id === id)
        if (n) {
          seenInbox = performance.now() - t0
          writtenAt = Date.parse(n.createdAt) - t0Wall
        }
      }
      if (seenInbox === undefined || seenOutbox === undefined) await new Promise((r) => setTimeout(r, NOTIFY.pollEveryMs))
    }
    visible.push(seenInbox)
    written.push(writtenAt)
    outbox.push(seenOutbox)
    // Let the rest of this report's work (township supervisor, delivery updates) finish first.
    await stack.streamIdle()
    // idle() resolves just as the poller starts its 100 ms sleep; without a random pause every
    // report would land at the start of that sleep and measure the worst case each time.
    await new Promise((r) => setTimeout(r, Math.random() * NOTIFY.streamPollerIdleMs))
  }

  const result: NotificationLatencyResult = {
    reports: NOTIFY.reports,
    pollEveryMs: NOTIFY.pollEveryMs,
    streamPollerIdleIntervalMs: NOTIFY.streamPollerIdleMs,
    submit: series(submit),
    inboxWritten: series(written),
    inboxVisible: series(visible),
    wechatOutbox: series(outbox),
  }
  printNotificationLatency(result)
  return result
}

export function printNotificationLatency(r: NotificationLatencyResult) {
  const row = (name: string, s: Series) => [name, s.count + (s.missed ? ` (${s.missed} missed)` : ''), ms(s.p50Ms), ms(s.p95Ms), ms(s.minMs), ms(s.maxMs)]
  printTable(
    `Report → notification latency (${r.reports} red reports, one at a time; stream poller sleeps ${r.streamPollerIdleIntervalMs} ms when idle)`,
    ['from sending POST /api/reports until …', 'n', 'p50', 'p95', 'min', 'max'],
    [
      row('the POST response (201)', r.submit),
      row('inbox notification written (server stamp)', r.inboxWritten),
      row(`director sees it in GET /api/notifications (poll ${r.pollEveryMs} ms)`, r.inboxVisible),
      row('WeChat outbox line for the director (sender stamp)', r.wechatOutbox),
    ],
  )
}
