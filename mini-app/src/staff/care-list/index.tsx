import { useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { chinaToday, colourLabel, personSexLabel, type CareListEntry } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { entrustmentEndpoints } from '../../api/entrustments'
import { redirectIfSignedOut, useStaffUser } from '../use-staff'
import { Page } from '../../components/page'

/**
 * 关爱名单: children who count as rural left-behind children (004 §2(一)) after a verified
 * entrustment, with their visit cadence (004 §3), the most overdue visit first. Staff only.
 */
export default function CareList() {
  const user = useStaffUser()
  const [items, setItems] = useState<(CareListEntry & { villageName: string })[] | null>(null)
  const [error, setError] = useState('')

  useDidShow(() => {
    entrustmentEndpoints
      .careList()
      .then(({ items: list }) => setItems(list))
      .catch((e) => {
        if (!redirectIfSignedOut(e)) setError(errorText(e))
      })
  })

  if (!user) return <Page />
  const today = chinaToday()
  return (
    <Page>
      <Text className='title'>关爱名单</Text>
      <Text className='hint'>核实委托照护后，符合农村留守儿童认定（依据广东省民政厅等部门《广东省农村留守儿童和困境儿童关爱服务质量提升三年行动实施方案》第二部分第（一）项）的孩子列入名单，按分级走访（绿色：每月联系、每三个月入户）。此页面仅供工作人员查看。</Text>
      <View className='spacer' />
      {error && (
        <View id='care-error' className='error-box'>
          <Text>{error}</Text>
        </View>
      )}
      {items && items.length === 0 && (
        <Text id='care-empty' className='hint'>
          名单里还没有孩子。
        </Text>
      )}
      {items?.map((c) => (
        <View key={c.childKey} id={`care-item-${c.entrustmentId}`} className='item'>
          <View className='item-head'>
            <Text className='label'>
              {c.childName}（{personSexLabel[c.sex]}，{c.birthDate}）
            </Text>
            <Text className={`chip chip-${c.level}`}>{colourLabel[c.level]}</Text>
          </View>
          <Text>{c.villageName}</Text>
          <Text className={c.nextVisitDue < today ? 'field-error' : 'hint'}>
            下次入户 {c.nextVisitDue}（每 {c.homeVisitEveryDays} 天）{c.contactEveryDays ? ` · 每 ${c.contactEveryDays} 天联系一次` : ''}
          </Text>
          {c.since > today && <Text className='hint'>自 {c.since} 起符合认定</Text>}
        </View>
      ))}
    </Page>
  )
}
