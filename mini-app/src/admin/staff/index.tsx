import { useCallback, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { type StaffRow, canManage, isAdministrator, roleLabel } from '@shouhu/shared'
import { api, errorText } from '../../api/client'
import { staffAdminEndpoints } from '../../api/staff-admin'
import { ActionButton } from '../../components/action-button'
import { LoadFailed, Loading } from '../../components/page-state'
import { XlsxDownloadButton } from '../../components/xlsx-download-button'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { activatable } from '../keyboard'
import { adminRoutes } from '../routes'

/** The staff of the administrator's county or township, a page at a time. */
export default function StaffList() {
  const user = useStaffUser()
  const [rows, setRows] = useState<StaffRow[] | null>(null)
  const [cursor, setCursor] = useState<string | undefined>()
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const load = useCallback(async (after?: string) => {
    setBusy(true)
    setError('')
    try {
      const page = await staffAdminEndpoints.list(after)
      setRows((prev) => (after ? [...(prev ?? []), ...page.items] : page.items))
      setCursor(page.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }, [])

  useDidShow(() => void load())

  if (!user) return <View className='page' />
  if (!isAdministrator(user.role)) {
    return (
      <View className='page'>
        <Text className='lead'>只有县民政部门和乡镇儿童督导员可以管理账号。</Text>
      </View>
    )
  }
  if (error && !rows) return <LoadFailed id='admin-load-error' message={error} onRetry={() => void load()} />
  if (!rows) return <Loading />
  return (
    <View className='page'>
      <Text className='title'>工作人员账号</Text>
      <Text className='lead'>{user.divisionName}：新增、修改、停用账号和重置密码。每一次修改都会留下记录。</Text>
      <ActionButton id='admin-create' kind='primary' onClick={() => void Taro.navigateTo({ url: adminRoutes.create })}>
        新增账号
      </ActionButton>
      <Text className='hint'>一次开设很多账号：先下载花名册模板，照着填好。</Text>
      <XlsxDownloadButton
        id='admin-roster-template'
        url={api.url('GET /staff-admin/accounts/roster/template')}
        fileName='工作人员花名册模板.xlsx'
        label='下载花名册模板（Excel）'
        forbidden='只有县民政部门和乡镇儿童督导员可以管理账号'
      />
      <ActionButton id='admin-roster' onClick={() => Taro.navigateTo({ url: adminRoutes.roster })}>
        按花名册批量开设账号
      </ActionButton>
      <View id='admin-list' className='section' role='list' aria-label='工作人员账号列表'>
        {rows.map((r) => {
          const manageable = canManage(user, r)
          // A list holds list items; the row that opens an account is a button inside one, named by
          // the same words it shows (name, account, role, place, state).
          return (
            <View key={r.id} role='listitem'>
              <View
                id={`admin-row-${r.username}`}
                className='row'
                {...(manageable ? { role: 'button' } : {})}
                {...(manageable ? activatable(() => void Taro.navigateTo({ url: adminRoutes.account(r.id) })) : {})}
                onClick={() => manageable && void Taro.navigateTo({ url: adminRoutes.account(r.id) })}
              >
                <View className='row-text'>
                  <Text className='label'>
                    {r.displayName}（{r.username}）
                  </Text>
                  <Text className='hint'>
                    {roleLabel[r.role]} · {r.divisionName}
                    {r.active ? '' : ' · 已停用'}
                    {r.active && r.mustChangePassword ? ' · 未修改临时密码' : ''}
                  </Text>
                </View>
                {manageable && <Text className='hint'>管理 ›</Text>}
              </View>
            </View>
          )
        })}
      </View>
      {error && <Text className='error-text'>{error}</Text>}
      {cursor ? (
        <ActionButton id='admin-more' disabled={busy} onClick={() => void load(cursor)}>
          {busy ? '正在加载…' : '加载更多'}
        </ActionButton>
      ) : (
        <Text id='admin-end' className='hint'>
          共 {rows.length} 个账号，已全部显示
        </Text>
      )}
    </View>
  )
}
