import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import type { ReferralListItem } from '@shouhu/shared'
import { Pressable } from '../components/pressable'
import { referralEndpoints } from './api'
import { referralRoutes } from './routes'

/**
 * The referrals made about a report (issue #11), on the staff report page: which department,
 * and how far it got. A referral is made from the child's file the report is linked to.
 */
export function ReportReferrals({ reportId }: { reportId: string }) {
  const [items, setItems] = useState<ReferralListItem[]>([])
  useEffect(() => {
    referralEndpoints
      .ofReport(reportId)
      .then((r) => setItems(r.items))
      .catch(() => setItems([]))
  }, [reportId])
  if (!items.length) return null
  return (
    <View id='report-referrals' className='section'>
      <Text className='section-title'>转介到部门</Text>
      {items.map((i) => (
        <Pressable key={i.id} id={`report-referral-${i.id}`} className='link' role='link' onPress={() => void Taro.navigateTo({ url: referralRoutes.detail(i.id) })}>
          {i.departmentLabel}：{i.reasonLabels.join('、')}（{i.stateLabel}）
        </Pressable>
      ))}
    </View>
  )
}
