import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import type { LoginResult } from '@shouhu/shared'
import { ApiRequestError, endpoints, errorText, type DevAccount } from '../api/client'
import { devSignIn } from '../session'
import { pressable } from './a11y'

/**
 * "演示登录": H5 has no WeChat identity, so a local server offers demo residents to sign in as.
 * Renders nothing when the server has dev login switched off (404).
 */
export function DevLoginChooser({ onSignedIn }: { onSignedIn: (result: LoginResult) => void }) {
  const [accounts, setAccounts] = useState<DevAccount[] | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState('')

  useEffect(() => {
    endpoints
      .devAccounts()
      .then(({ items }) => setAccounts(items))
      .catch((e) => {
        if (e instanceof ApiRequestError && e.status === 404) setAccounts([])
        else setError(errorText(e))
      })
  }, [])

  async function pick(account: string) {
    if (busy) return
    setBusy(account)
    setError('')
    try {
      onSignedIn(await devSignIn(account))
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy('')
    }
  }

  if (accounts !== null && accounts.length === 0 && !error) return null
  return (
    <View id='dev-login' className='section'>
      <Text className='section-title'>演示登录</Text>
      <Text className='hint'>网页版没有微信身份，请选择一个演示居民账号：</Text>
      {accounts === null && !error && <Text className='hint'>正在加载…</Text>}
      {error && <Text className='field-error'>{error}</Text>}
      <View className='list'>
        {(accounts ?? []).map((a) => (
          <View key={a.account} id={`dev-account-${a.account}`} className='row' {...pressable(() => pick(a.account), 'button', { busy: busy === a.account })}>
            <Text className='row-text'>{a.displayName}</Text>
            <Text className='row-arrow'>{busy === a.account ? '登录中…' : '使用此账号'}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
