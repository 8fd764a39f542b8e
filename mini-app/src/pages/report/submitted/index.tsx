import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { hotlines } from '@shouhu/shared'
import { HotlineCall } from '../../../components/hotline-call'
import { formatTime, groupedCode } from '../../../format'
import { param, routes } from '../../../routes'
import { readStored } from '../../../storage'
import { ActionButton } from '../../../components/action-button'
import { Page } from '../../../components/page'
import { SubscribePrompt } from '../../../wechat/subscribe'

const urgentHotlines = hotlines.filter((h) => h.number === '110' || h.number === '12355')

export default function Submitted() {
  const { params } = useRouter()
  const last = readStored('lastSubmission')
  const code = param(params.code) || last?.trackingCode || ''
  const report = last && last.trackingCode === code ? last : undefined
  // Red situations (abuse, trafficking, missing…) must reach the police now; the village is
  // told as well, but this app never stands in for a 110 call (001 #6, 003 §3(一)).
  const urgent = Boolean(report && (report.callPoliceNow || report.colour === 'red'))

  return (
    <Page>
      <SubscribePrompt topic='report' />
      {urgent && (
        <View id='police-guidance' className='urgent'>
          <Text className='urgent-title'>情况紧急，请立即拨打 110 报警</Text>
          <Text>
            村（社区）儿童主任已经收到通知，会尽快处理。但本程序不能代替报警：孩子可能正处在危险中，请马上打电话。
          </Text>
          <View className='spacer' />
          {urgentHotlines.map((h) => (
            <HotlineCall key={h.number} number={h.number} label={h.label} idPrefix='police-call' />
          ))}
        </View>
      )}

      <View className='section'>
        <Text className='section-title'>已收到，谢谢您的关心</Text>
        <Text>您反映的情况已送到孩子所在村（社区）的儿童主任。</Text>
        <View className='spacer' />
        <Text className='hint'>您的查询码：</Text>
        <Text id='tracking-code' className='tracking-code' userSelect>
          {code}
        </Text>
        {report && <Text className='hint'>提交时间：{formatTime(report.createdAt)}</Text>}
        <View className='spacer' />
        <Text id='tracking-code-hint' className='hint'>
          请抄下或截图保存查询码，不要告诉别人。换了手机也能查：打开“守护”首页，点“用查询码查看反映进展”，输入这 12 位查询码。
        </Text>
      </View>

      {report?.dutyReceipt && (
        <View id='duty-receipt' className='section' role='region' aria-label='强制报告回执'>
          <Text className='section-title'>强制报告回执</Text>
          <Text id='duty-receipt-text'>{report.dutyReceipt.text}</Text>
          <View className='spacer' />
          <Text className='hint'>回执编号：{groupedCode(report.dutyReceipt.receiptNo)}</Text>
          <Text className='hint'>报告时间：{formatTime(report.dutyReceipt.issuedAt)}</Text>
          <Text className='hint'>单位和身份：{report.dutyReceipt.unit} {report.dutyReceipt.role}</Text>
          <Text className='hint'>以后可以在“我反映过的情况”里再次查看这份回执。</Text>
        </View>
      )}

      <ActionButton id='to-status' kind='primary' onClick={() => Taro.redirectTo({ url: routes.status(code) })}>
        查看处理进度
      </ActionButton>
      <ActionButton id='to-home' onClick={() => Taro.reLaunch({ url: routes.home })}>
        返回首页
      </ActionButton>
    </Page>
  )
}
