import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import type { SessionUser } from '@shouhu/shared'
import { ApiRequestError, errorText } from '../api/client'
import { routes } from '../routes'
import { adminRoutes } from '../admin/routes'
import { currentUser } from '../session'

/** The signed-in staff member; sends anyone else to the login page. */
export function useStaffUser(): SessionUser | undefined {
  const [user, setUser] = useState(() => currentUser('staff'))
  useDidShow(() => {
    const now = currentUser('staff')
    setUser(now)
    if (!now) void Taro.reLaunch({ url: routes.staffLogin })
  })
  return user
}

/**
 * After a 401 the client has dropped the session: go and sign in again. A session on a
 * temporary password (a partner opening a shared entrustment link before changing it) goes to
 * the password page instead of showing an error.
 */
export function redirectIfSignedOut(error: unknown): boolean {
  if (error instanceof ApiRequestError && error.status === 401) {
    void Taro.reLaunch({ url: routes.staffLogin })
    return true
  }
  if (error instanceof ApiRequestError && error.code === 'PASSWORD_CHANGE_REQUIRED') {
    void Taro.reLaunch({ url: adminRoutes.password })
    return true
  }
  return false
}

/**
 * The one record a staff page shows, loaded when the page opens; `load` fetches it again.
 * A lapsed session goes back to sign-in, any other failure becomes the page's `loadError`.
 */
export function useStaffRecord<T>(id: string | undefined, fetch: (id: string) => Promise<T>) {
  const [data, setData] = useState<T | null>(null)
  const [loadError, setLoadError] = useState('')
  // The latest fetch without making `load` (and so the effect) change on every render.
  const fetchRef = useRef(fetch)
  fetchRef.current = fetch
  const load = useCallback(async () => {
    if (!id) return
    setLoadError('')
    try {
      setData(await fetchRef.current(id))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setLoadError(errorText(e))
    }
  }, [id])
  useEffect(() => {
    void load()
  }, [load])
  return { data, setData, loadError, load }
}
