import type { TransportRequest, TransportResponse } from './core'

/** WeChat: nothing starts before the app (firstRequests in config/h5-first-screen.ts is an H5 measure). */
export function takeEarly(_request: TransportRequest): Promise<TransportResponse | undefined> | undefined {
  return undefined
}
