import type { TransportRequest, TransportResponse } from './core'

/** What index.html's inline script leaves (config/h5-first-screen.ts, earlyScript). */
interface EarlyGets {
  token: string
  at: number
  /** Resolves to nothing when the early read failed. */
  gets: Record<string, Promise<TransportResponse | undefined> | undefined>
}

/** Answers started with the document are taken within this long, or not at all. */
const FRESH_MS = 20_000

/**
 * The answer to a read index.html already started (firstRequests, config/h5-first-screen.ts): only
 * a GET for the very same URL signed with the very same session, once, and only while it is fresh.
 * Anything else, or a failed early read, goes over the network as usual.
 */
export function takeEarly(request: TransportRequest): Promise<TransportResponse | undefined> | undefined {
  const early = (window as unknown as { __shouhuEarly?: EarlyGets }).__shouhuEarly
  if (!early || request.method !== 'GET') return undefined
  const answer = early.gets[request.url]
  if (!answer) return undefined
  delete early.gets[request.url]
  if (Date.now() - early.at > FRESH_MS || request.header.Authorization !== `Bearer ${early.token}`) return undefined
  return answer
}
