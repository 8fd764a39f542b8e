import { describe, expect, it } from 'vitest'
import { fillPath } from './typed'
import { earlyScript, firstRequests, preloadScript, smallPages } from '../../config/h5-first-screen'

describe('reads started with the document', () => {
  it('are exactly the URLs the staff inbox asks for (staff/inbox/index.tsx, api/client.ts)', () => {
    // endpoints.staffReports('open') and endpoints.notifications(), with no cursor.
    expect(firstRequests['staff/inbox/index']).toEqual({
      auth: 'staff',
      paths: [fillPath('/staff/reports', {}, { status: 'open', cursor: undefined }), fillPath('/notifications', {}, { cursor: undefined })],
    })
  })
})

/** Runs an inline index.html script against a stand-in browser. */
function runInline(script: string, hash: string, stored: Record<string, string> = {}) {
  const links: { rel: string; as: string; href: string }[] = []
  const fetches: { url: string; headers: Record<string, string> }[] = []
  const win: Record<string, unknown> = {
    fetch: (url: string, init: { headers: Record<string, string> }) => {
      fetches.push({ url, headers: init.headers })
      return Promise.resolve({ status: 200, text: () => Promise.resolve('{"items":[]}') })
    },
  }
  const document = { createElement: () => ({}) as { rel: string; as: string; href: string }, head: { appendChild: (l: never) => links.push(l) } }
  const localStorage = { getItem: (k: string) => stored[k] ?? null }
  new Function('window', 'location', 'document', 'localStorage', 'fetch', script)(win, { hash }, document, localStorage, win.fetch)
  return { links, fetches, early: win.__shouhuEarly as { token: string; gets: Record<string, Promise<unknown>> } | undefined }
}

describe('the inline scripts of index.html (config/h5-first-screen.ts)', () => {
  const staffSession = { 'session.staff': JSON.stringify({ data: { token: 'T1' } }) }

  it('start the inbox reads, signed with the stored staff session, when the address is the inbox', async () => {
    const { fetches, early } = runInline(earlyScript(firstRequests, '/api', 'pages/index/index'), '#/staff/inbox/index', staffSession)
    expect(fetches).toEqual([
      { url: '/api/staff/reports?status=open', headers: { Accept: 'application/json', Authorization: 'Bearer T1' } },
      { url: '/api/notifications', headers: { Accept: 'application/json', Authorization: 'Bearer T1' } },
    ])
    expect(early?.token).toBe('T1')
    expect(await early?.gets['/api/notifications']).toEqual({ statusCode: 200, data: { items: [] } })
  })

  it('resolve a failed early read to nothing, so the app asks the network itself', async () => {
    const links: unknown[] = []
    const win: Record<string, unknown> = { fetch: () => Promise.reject(new TypeError('Failed to fetch')) }
    const document = { createElement: () => ({}), head: { appendChild: (l: unknown) => links.push(l) } }
    const localStorage = { getItem: () => staffSession['session.staff'] }
    new Function('window', 'location', 'document', 'localStorage', 'fetch', earlyScript(firstRequests, '/api', 'pages/index/index'))(
      win, { hash: '#/staff/inbox/index' }, document, localStorage, win.fetch,
    )
    const early = win.__shouhuEarly as { gets: Record<string, Promise<unknown>> }
    expect(await early.gets['/api/staff/reports?status=open']).toBeUndefined()
  })

  it('start nothing without a session, for another page, or when the address carries its own query', () => {
    const script = earlyScript(firstRequests, '/api', 'pages/index/index')
    expect(runInline(script, '#/staff/inbox/index').fetches).toEqual([])
    expect(runInline(script, '#/pages/index/index', staffSession).fetches).toEqual([])
    expect(runInline(script, '#/staff/inbox/index?village=341324102200', staffSession).fetches).toEqual([])
  })

  it("preload the address's page files, or the first page's when there is no address", () => {
    const script = preloadScript(['js/1.js', 'css/2.css', 'js/3.js'], { 'pages/index/index': [0], 'staff/inbox/index': [1, 2] }, 'pages/index/index', '/')
    expect(runInline(script, '#/staff/inbox/index?x=1').links).toEqual([
      { rel: 'preload', as: 'style', href: '/css/2.css' },
      { rel: 'preload', as: 'script', href: '/js/3.js' },
    ])
    expect(runInline(script, '').links).toEqual([{ rel: 'preload', as: 'script', href: '/js/1.js' }])
    expect(runInline(script, '#/unknown/page').links).toEqual([])
  })

  it('preload only pages whose own files are small on the wire, with only their files in the data', () => {
    const files = ['js/home.js', 'js/zod.js', 'js/inbox.js', 'css/inbox.css']
    const bytes: Record<string, number> = { 'js/home.js': 3_800, 'js/zod.js': 26_000, 'js/inbox.js': 6_000, 'css/inbox.css': 600 }
    const kept = smallPages(files, { 'pages/index/index': [0], 'staff/inbox/index': [1, 2, 3], 'staff/other/index': [2, 3] }, (f) => bytes[f]!, 12_000)
    expect(kept.files).toEqual(['js/home.js', 'js/inbox.js', 'css/inbox.css'])
    expect(kept.pages).toEqual({ 'pages/index/index': [0], 'staff/other/index': [1, 2] })
    const script = preloadScript(kept.files, kept.pages, 'pages/index/index', '/')
    expect(runInline(script, '#/staff/inbox/index').links).toEqual([])
    expect(runInline(script, '#/staff/other/index').links.map((l) => l.href)).toEqual(['/js/inbox.js', '/css/inbox.css'])
  })
})
