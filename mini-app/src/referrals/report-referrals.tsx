import { useCallback, useEffect, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { ReferralListItem, SessionUser } from '@shouhu/shared'
import { ActionButton } from '../components/action-button'
import { Pressable } from '../components/pressable'
import { routes } from '../routes'
import { referralEndpoints } from './api'
import { referralRoutes } from './routes'

type Linked = { id: string; name: string }

/**
 * The referrals made about a report (issue #11), on the staff report page, and its 「转介」: a
 * referral is about a child, so it is made for the file the report is linked to (the form opens
 * with the report named). Until the report is linked to a file the director is told so in plain
 * words, with the button that links or creates it. Village directors and township supervisors
 * refer (the county follows referrals but does not make them).
 */
export function ReportReferrals({ reportId, user }: { reportId: string; user: SessionUser }) {
  const [items, setItems] = useState<ReferralListItem[]>([])
  const [linked, setLinked] = useState<Linked[] | null>(null)
  const [asked, setAsked] = useState(false)
  const [loadFailed, setLoadFailed] = useState(false)
  const canRefer = user.role === 'village_director' || user.role === 'township_supervisor'

  const load = useCallback(async () => {
    try {
      const r = await referralEndpoints.ofReport(reportId)
      setItems(r.items)
      setLinked(r.linkedChildren ?? [])
      setLoadFailed(false)
    } catch {
      setLoadFailed(true)
    }
  }, [reportId])
  useEffect(() => void load(), [load])
  // Again on coming back: the director may have just linked the report to a file.
  useDidShow(() => void load())

  const open = (childId: string) => Taro.navigateTo({ url: referralRoutes.create(childId, reportId) })

  async function refer() {
    setAsked(true)
    const known = linked ?? (await referralEndpoints.ofReport(reportId).then((r) => r.linkedChildren ?? []).catch(() => null))
    if (!known) return setLoadFailed(true)
    setLinked(known)
    if (known.length === 1) await open(known[0]!.id)
  }

  return (
    <View id='report-referrals' className='section'>
      {(items.length > 0 || canRefer) && <Text className='section-title'>转介到部门</Text>}
      {items.map((i) => (
        <Pressable key={i.id} id={`report-referral-${i.id}`} className='link' role='link' onPress={() => void Taro.navigateTo({ url: referralRoutes.detail(i.id) })}>
          {i.departmentLabel}：{i.reasonLabels.join('、')}（{i.stateLabel}）
        </Pressable>
      ))}
      {canRefer && (
        <ActionButton id='report-refer' onClick={() => refer()}>
          转介
        </ActionButton>
      )}
      {canRefer && asked && loadFailed && (
        <View id='report-refer-failed' className='error-box' role='alert'>
          <Text>网络不太好，没有打开转介，请再点一次「转介」。</Text>
        </View>
      )}
      {canRefer && asked && linked?.length === 0 && (
        <View id='report-refer-unlinked' className='notice' role='alert'>
          <Text>转介是为孩子办的，要先把这条反映关联到孩子的档案。孩子还没有档案的，请先新建档案，再回来转介。</Text>
          <ActionButton id='report-refer-link' kind='primary' onClick={() => Taro.navigateTo({ url: routes.caseworkLinkReport(reportId) })}>
            关联或新建档案
          </ActionButton>
        </View>
      )}
      {canRefer && asked && linked && linked.length > 1 && (
        <View id='report-refer-choose' className='notice'>
          <Text>这条反映关联了几个孩子的档案，要转介哪一个孩子？</Text>
          {linked.map((c) => (
            <ActionButton key={c.id} id={`report-refer-child-${c.id}`} onClick={() => open(c.id)}>
              转介 {c.name}
            </ActionButton>
          ))}
        </View>
      )}
    </View>
  )
}
