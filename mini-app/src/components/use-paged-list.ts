import { useCallback, useState } from 'react'
import { errorText } from '../api/client'
import { redirectIfSignedOut } from '../staff/use-staff'

/**
 * One paged staff list: the first page, 「加载更多」 from the server's cursor (never a silent
 * cap), a row already shown never shown twice, and a failure in plain words (or back to sign-in).
 * `items` is null until the first page arrives, so a page can say 「正在加载…」 only then.
 */
export function usePagedList<T>(fetchPage: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>, keyOf: (row: T) => string) {
  const [items, setItems] = useState<T[] | null>(null)
  const [cursor, setCursor] = useState<string | undefined>()
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')

  // fetchPage and keyOf are read at call time: pages pass inline functions of their own state.
  const load = useCallback(async (after?: string) => {
    setLoading(true)
    setError('')
    try {
      const page = await fetchPage(after)
      setItems((prev) => {
        if (!after || !prev) return page.items
        const shown = new Set(prev.map(keyOf))
        return [...prev, ...page.items.filter((r) => !shown.has(keyOf(r)))]
      })
      setCursor(page.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setLoading(false)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  return { items, setItems, cursor, loading, error, load }
}
