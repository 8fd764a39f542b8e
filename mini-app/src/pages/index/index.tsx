import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'
import { HotlineFooter } from '../../components/hotline-call'
import { routes } from '../../routes'

export default function Home() {
  return (
    <View className='page'>
      <Text className='title'>儿童关爱</Text>
      <Text className='lead'>
        看到身边有孩子没人照看、受到伤害或者生活有困难，可以在这里告诉孩子所在的村（社区），村里的儿童主任会尽快了解情况、上门看看。可以不留姓名。
      </Text>
      <Button id='report-start' className='btn btn-primary btn-big' onClick={() => Taro.navigateTo({ url: routes.reportNew })}>
        发现孩子需要帮助？告诉村里
      </Button>
      <Button id='my-reports' className='btn' onClick={() => Taro.navigateTo({ url: routes.mine })}>
        我反映过的情况
      </Button>
      <View className='notice'>
        <Text>如果孩子正在遭受打骂、伤害，或者走失、被陌生人带走，请先拨打 110 报警。</Text>
      </View>
      <HotlineFooter />
      <View className='spacer' />
      <Text id='staff-login-link' className='link' onClick={() => Taro.navigateTo({ url: routes.staffLogin })}>
        工作人员登录
      </Text>
    </View>
  )
}
