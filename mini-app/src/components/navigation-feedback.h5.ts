/**
 * On H5 a tap that opens a page of a subpackage changes the address at once but shows nothing
 * until that page's code has arrived, seconds on a rural 3G line; people tap again or give up.
 * From the moment the address changes until the new page is on screen, a bar at the top says
 * 「正在打开…」 (a status region, so screen readers say it too). Taro's router navigates with
 * history.pushState / replaceState; both are wrapped here, once, for the whole app.
 */
let installed = false

function pathOf(url: string | URL | null | undefined): string {
  const hash = new URL(String(url ?? ''), location.href).hash
  return hash.replace(/^#/, '').split('?')[0] ?? ''
}

/** Taro gives each page container the page path (plus a stamp) as its id. */
function shown(path: string): boolean {
  return Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).some(
    (p) => p.id.split('?')[0] === path && p.offsetParent !== null && p.childElementCount > 0,
  )
}

export function installNavigationFeedback(): void {
  if (installed || typeof window === 'undefined') return
  installed = true
  let timer: ReturnType<typeof setInterval> | undefined
  const bar = document.createElement('div')
  bar.id = 'nav-progress'
  bar.className = 'nav-progress'
  bar.setAttribute('role', 'status')
  bar.textContent = '正在打开…'

  const watch = (url: string | URL | null | undefined) => {
    const path = pathOf(url)
    if (!path || shown(path)) return
    if (!bar.isConnected) document.body.appendChild(bar)
    const started = Date.now()
    clearInterval(timer)
    timer = setInterval(() => {
      // Gone once the page is there; never left up for good if something else went wrong.
      if (shown(path) || Date.now() - started > 20_000) {
        clearInterval(timer)
        bar.remove()
      }
    }, 80)
  }
  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method].bind(history)
    history[method] = (data: unknown, unused: string, url?: string | URL | null) => {
      original(data, unused, url)
      watch(url)
    }
  }
}
