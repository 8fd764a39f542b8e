import { useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { formatYuan, type LoginResult, type PublicNoticeView } from '@shouhu/shared'
import { allowanceApi } from '../../api/allowance'
import { ApiRequestError, errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { DevLoginChooser } from '../../components/dev-login'
import { DivisionPicker } from '../../components/division-picker'
import { ErrorBox } from '../../components/error-box'
import { LoadMore } from '../../components/load-more'
import { Page } from '../../components/page'
import { formatTime } from '../../format'
import { currentUser, ensureResidentSession, usesDevLogin } from '../../session'

/**
 * 村里的公示: the allowance applications on public notice in one village, as the township
 * publishes them (公示, 7 days by default) — the child's name and ID number masked, the amount,
 * the notice period and where to raise an objection. Anyone signed in may read it, as anyone may
 * read the notice board in the village.
 */
export default function NoticeBoard() {
  const [resident, setResident] = useState(() => currentUser('resident'))
  const [villageCode, setVillageCode] = useState('')
  const [villageName, setVillageName] = useState('')
  const [items, setItems] = useState<PublicNoticeView[] | null>(null)
  const [cursor, setCursor] = useState<string | undefined>()
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')
  // Only the latest village's answer may fill the list.
  const seq = useRef(0)

  async function load(code: string, after?: string) {
    if (!code) return
    const mine = ++seq.current
    setLoading(true)
    setError('')
    try {
      await ensureResidentSession().catch(() => undefined)
      const page = await allowanceApi.notices(code, after)
      if (mine !== seq.current) return
      setItems((prev) => (after && prev ? [...prev, ...page.items.filter((n) => !prev.some((p) => p.id === n.id))] : page.items))
      setCursor(page.nextCursor)
    } catch (e) {
      if (mine !== seq.current) return
      if (e instanceof ApiRequestError && e.status === 401) setResident(undefined)
      else setError(errorText(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }

  return (
    <Page id='notices-page'>
      <Text className='title'>村里的公示</Text>
      <Text className='hint'>儿童关爱补贴的申请，经乡镇审核后在孩子所在的村公示，姓名和身份证号隐去一部分。对公示的申请有不同意见，可以在公示期内向乡镇或村委会反映。</Text>
      {usesDevLogin && !resident ? (
        <DevLoginChooser
          onSignedIn={(r: LoginResult) => {
            setResident(r.user)
            void load(villageCode)
          }}
        />
      ) : (
        <View className='section'>
          <Text className='label'>看哪个村（社区）的公示</Text>
          <DivisionPicker
            idPrefix='notices-village'
            onChange={(code, path) => {
              setVillageCode(code)
              setVillageName(path[path.length - 1]?.name ?? '')
              setItems(null)
              setCursor(undefined)
              void load(code)
            }}
          />
        </View>
      )}
      <ErrorBox id='notices-error' message={error} />
      {villageCode && items === null && loading && <Text className='hint'>正在加载…</Text>}
      {villageCode && items && items.length === 0 && (
        <View id='notices-empty' className='notice'>
          <Text>{villageName || '这个村'}现在没有正在公示的申请。</Text>
        </View>
      )}
      <View id='notices-list'>
        {(items ?? []).map((n) => (
          <View key={n.id} id={`notice-${n.id}`} className='item'>
            <Text className='label'>
              {n.villageName} {n.childName}（{n.childIdNumber}）
            </Text>
            <Text>
              申请{n.benefit}，每月 {formatYuan(n.monthlyFen)}
              {n.demo ? '（演示金额）' : ''}
            </Text>
            <Text className='hint'>
              公示期 {formatTime(n.startedAt)} 至 {formatTime(n.endsAt)}
            </Text>
            <Text className='hint'>{n.objectionsTo}</Text>
          </View>
        ))}
      </View>
      {villageCode && (
        <>
          <LoadMore id='notices-more' hasMore={Boolean(cursor)} loading={loading} count={items?.length ?? 0} onMore={() => void load(villageCode, cursor)} />
          <ActionButton id='notices-refresh' disabled={loading} onClick={() => load(villageCode)}>
            {loading ? '正在刷新…' : '刷新'}
          </ActionButton>
        </>
      )}
    </Page>
  )
}
