import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { referralConsentLabel, referralUrgencyLabel, shareableFacts } from '@shouhu/shared'
import { LoadFailed, Loading } from '../../components/page-state'
import { Page } from '../../components/page'
import { Pressable } from '../../components/pressable'
import { formatTime } from '../../format'
import { param } from '../../routes'
import { caseworkRoutes } from '../../casework/routes'
import { useStaffRecord, useStaffUser } from '../../staff/use-staff'
import { referralEndpoints } from '../api'
import { Events, Outcome, SharedFacts } from '../parts'
import '../../casework/casework.css'

/** The referrer's view of one referral: what was shared, on what consent, and what the department did. */
export default function ReferralDetail() {
  useStaffUser()
  const id = param(useRouter().params.id)
  const { data: r, loadError, load } = useStaffRecord(id, referralEndpoints.get)
  if (loadError) return <LoadFailed id='referral-load-error' message={loadError} onRetry={() => void load()} />
  if (!r) return <Loading />
  return (
    <Page id='referral-detail'>
      <Text className='title'>
        {r.childName} → {r.departmentLabel}
      </Text>
      <Text id='referral-state' className='label'>
        {r.stateLabel}
        {r.staleSince ? '（超过 14 天没有结果，已告知乡镇）' : ''}
      </Text>
      <View className='section'>
        <Text className='section-title'>转介</Text>
        <Text className='cw-line'>{r.reasonLabels.join('、')}</Text>
        {r.note && <Text className='cw-line'>村里的说明：{r.note}</Text>}
        <Text className='hint'>
          {formatTime(r.createdAt)} · {r.fromLabel} · {referralUrgencyLabel[r.urgency]}
        </Text>
        <Text className='hint'>
          签收时限：{formatTime(r.acknowledgeDueAt)}（{r.acknowledgeRule}）
        </Text>
        <Text className='hint'>
          同意情况：{referralConsentLabel[r.consent.basis]}
          {r.consent.givenBy ? `（${r.consent.givenBy}，${r.consent.relation ?? ''}）` : ''}
          {r.consent.justification ? `：${r.consent.justification}` : ''}
        </Text>
        {r.extra && (
          <Text className='hint'>
            多提供了：{r.extra.facts.map((f) => shareableFacts[f].label).join('、')}。理由：{r.extra.justification}
          </Text>
        )}
      </View>
      <Outcome outcome={r.outcome} />
      <SharedFacts facts={r.facts} />
      <Events events={r.events} />
      <Pressable id='referral-open-child' className='link' role='link' onPress={() => void Taro.navigateTo({ url: caseworkRoutes.child(r.childId) })}>
        打开孩子的档案
      </Pressable>
    </Page>
  )
}
