import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { HotlineFooter } from '../../components/hotline-call'
import { allowanceRoutes, routes } from '../../routes'
import { ActionButton } from '../../components/action-button'
import { Page } from '../../components/page'
import { TextSizeToggle } from '../../components/text-size'
import { tapTarget } from '../../components/a11y'

export default function Home() {
  return (
    <Page>
      <Text className='title'>儿童关爱</Text>
      <TextSizeToggle />
      <Text className='lead'>
        看到身边有孩子没人照看、受到伤害或者生活有困难，可以在这里告诉孩子所在的村（社区），村里的儿童主任会尽快了解情况、上门看看。可以不留姓名。
      </Text>
      <ActionButton id='report-start' kind='primary' size='big' onClick={() => Taro.navigateTo({ url: routes.reportNew })}>
        发现孩子需要帮助？告诉村里
      </ActionButton>
      <ActionButton id='my-reports' onClick={() => Taro.navigateTo({ url: routes.mine })}>
        我反映过的情况
      </ActionButton>
      <ActionButton id='track-start' onClick={() => Taro.navigateTo({ url: routes.lookup })}>
        用查询码查看反映进展
      </ActionButton>
      <ActionButton id='family-start' onClick={() => Taro.navigateTo({ url: routes.familyList })}>
        外出务工？登记孩子的委托照护
      </ActionButton>
      <ActionButton id='invite-start' onClick={() => Taro.navigateTo({ url: routes.familyInvite() })}>
        收到照护孩子的邀请
      </ActionButton>
      <ActionButton id='allowance-start' onClick={() => Taro.navigateTo({ url: allowanceRoutes.precheck })}>
        儿童关爱补贴：看看能不能申请
      </ActionButton>
      <ActionButton id='my-applications' onClick={() => Taro.navigateTo({ url: allowanceRoutes.mine })}>
        我的补贴申请
      </ActionButton>
      <ActionButton id='notices-start' onClick={() => Taro.navigateTo({ url: allowanceRoutes.notices })}>
        村里的公示
      </ActionButton>
      <View className='notice'>
        <Text>如果孩子正在遭受打骂、伤害，或者走失、被陌生人带走，请先拨打 110 报警。</Text>
      </View>
      <HotlineFooter />
      <View className='spacer' />
      <Text id='staff-login-link' className='link' {...tapTarget('link')} onClick={() => Taro.navigateTo({ url: routes.staffLogin })}>
        工作人员登录
      </Text>
    </Page>
  )
}
