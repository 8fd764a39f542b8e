import Taro from '@tarojs/taro'
import type { LoginResult, SessionUser } from '@shouhu/shared'
import { endpoints } from './api/client'
import { readStored, removeStored, writeStored } from './storage'

export type SessionKind = 'resident' | 'staff'

export function currentSession(kind: SessionKind): LoginResult | undefined {
  return readStored(`session.${kind}`)
}

export function currentUser(kind: SessionKind): SessionUser | undefined {
  return currentSession(kind)?.user
}

export function saveSession(kind: SessionKind, result: LoginResult): void {
  writeStored(`session.${kind}`, result)
}

export function signOut(kind: SessionKind): void {
  removeStored(`session.${kind}`)
}

/** H5 has no WeChat identity: a local "演示登录" chooser stands in for it. */
export const usesDevLogin = process.env.TARO_ENV === 'h5'

/**
 * Resident sign-in without asking anything on WeChat (the code from `Taro.login` is exchanged
 * server-side). On H5 this only returns an existing session: the page shows the chooser.
 */
export async function ensureResidentSession(): Promise<LoginResult | undefined> {
  const existing = currentSession('resident')
  if (existing) return existing
  if (usesDevLogin) return undefined
  const { code } = await Taro.login()
  const result = await endpoints.wechatLogin({ code })
  saveSession('resident', result)
  return result
}

export async function devSignIn(account: string): Promise<LoginResult> {
  const result = await endpoints.devLogin({ account })
  saveSession('resident', result)
  return result
}

export async function staffSignIn(username: string, password: string): Promise<LoginResult> {
  const result = await endpoints.staffLogin({ username, password })
  saveSession('staff', result)
  return result
}
