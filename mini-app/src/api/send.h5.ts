import type { Transport } from './core'
import { takeEarly } from './early.h5'

/**
 * H5: the browser's own fetch. Taro.request on H5 brings fetch, AbortController and JSONP
 * polyfills (26 KB, 7.8 KB on the wire) for browsers the app does not run in; on the first
 * screen they were a tenth of what a cheap phone on a rural line waits for (bench `screen`).
 * Same contract as Taro.request: any HTTP status resolves, with the body parsed as JSON when it
 * is JSON; only a request that got no answer (offline, timed out) rejects.
 */
export const send: Transport = async (request) => {
  // A read index.html already started for this page (firstRequests in config/h5-first-screen.ts).
  const early = await takeEarly(request)?.catch(() => undefined)
  if (early) return early
  const { url, method, header, data, timeout } = request
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), timeout)
  try {
    const res = await fetch(url, { method, headers: header, body: method === 'POST' ? JSON.stringify(data ?? {}) : undefined, signal: abort.signal })
    const text = await res.text()
    return { statusCode: res.status, data: parsed(text) }
  } finally {
    clearTimeout(timer)
  }
}

/** JSON when it is JSON, else the text itself (a proxy's HTML error page), as Taro.request answers. */
function parsed(text: string): unknown {
  if (!text) return ''
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
