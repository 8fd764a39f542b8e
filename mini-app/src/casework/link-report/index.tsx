import { useCallback, useState } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { personSexLabel, type ChildMatch } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { childEndpoints } from '../../api/children'
import { ActionButton } from '../../components/action-button'
import { ColourTag } from '../../components/colour-tag'
import { param } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { ErrorBox } from '../parts'
import { caseworkRoutes } from '../routes'
import '../casework.css'

/**
 * Which child a report is about. The likely files are suggested by village, name and age; a
 * person always decides (a wrong merge would put one child's history in another's file).
 */
export default function LinkReport() {
  const user = useStaffUser()
  const reportId = param(useRouter().params.report)
  const [items, setItems] = useState<ChildMatch[] | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState('')

  const load = useCallback(async () => {
    setError('')
    try {
      setItems((await childEndpoints.reportSuggestions(reportId)).items)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    }
  }, [reportId])
  useDidShow(() => void load())

  async function link(childId: string) {
    if (busy) return
    setBusy(childId)
    setError('')
    try {
      await childEndpoints.linkReport(childId, { reportId })
      void Taro.showToast({ title: '已关联', icon: 'success' })
      void Taro.redirectTo({ url: caseworkRoutes.child(childId) })
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setBusy('')
    }
  }

  if (!user) return <View className='page' />
  return (
    <View className='page'>
      <Text className='title'>这条反映说的是哪个孩子？</Text>
      <Text className='lead'>下面是按村、姓名和年龄找到的可能的档案。请核对后选择；都不是，就新建档案。</Text>
      <ErrorBox id='link-error' message={error} />
      {items === null && !error && <Text className='hint'>正在查找…</Text>}
      {items && items.length === 0 && (
        <Text id='link-empty' className='hint'>
          没有找到相近的档案。
        </Text>
      )}
      {items?.map((m) => (
        <View key={m.id} id={`link-item-${m.id}`} className='section'>
          <View className='item-head'>
            <Text className='cw-name'>{m.name}</Text>
            <ColourTag colour={m.colour} short />
          </View>
          <Text>
            {m.villageName} · {personSexLabel[m.sex]} · {m.age} 岁
          </Text>
          {m.why.length > 0 && <Text className='hint'>{m.why.join('；')}</Text>}
          <View className='chips'>
            <ActionButton id={`link-item-${m.id}-choose`} kind='primary' size='small' disabled={Boolean(busy)} onClick={() => void link(m.id)}>
              {busy === m.id ? '正在关联…' : '就是这个孩子'}
            </ActionButton>
            <ActionButton id={`link-item-${m.id}-file`} size='small' onClick={() => void Taro.navigateTo({ url: caseworkRoutes.child(m.id) })}>
              先看档案
            </ActionButton>
          </View>
        </View>
      ))}
      <ActionButton id='link-new' onClick={() => void Taro.navigateTo({ url: caseworkRoutes.enrol(reportId) })}>
        都不是，新建档案
      </ActionButton>
    </View>
  )
}
