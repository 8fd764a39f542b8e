import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import type { SessionUser } from '@shouhu/shared'
import { ApiRequestError } from '../api/client'
import { routes } from '../routes'
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

/** After a 401 the client has dropped the session: go and sign in again. */
export function redirectIfSignedOut(error: unknown): boolean {
  if (error instanceof ApiRequestError && error.status === 401) {
    void Taro.reLaunch({ url: routes.staffLogin })
    return true
  }
  return false
}
