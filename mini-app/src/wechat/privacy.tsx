import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text, Button } from '@tarojs/components'

/**
 * WeChat's privacy rules (since 2023-09): before the first use of the album or camera, the
 * clipboard or a phone number, WeChat asks the app to show its own privacy popup
 * (`wx.onNeedPrivacyAuthorization`); the API call waits until the person agrees or refuses.
 * Refusing is answered in plain words, never with silence.
 */
type Resolve = (result: { event: 'agree' | 'disagree'; buttonId?: string }) => void
let pending: Resolve | undefined
const EVENT = 'shouhu:privacy-needed'

/** Registered once, at app start (app.ts). */
export function installPrivacyHandler() {
  if (process.env.TARO_ENV !== 'weapp') return
  const wx = Taro as unknown as { onNeedPrivacyAuthorization?: (cb: (resolve: Resolve) => void) => void }
  wx.onNeedPrivacyAuthorization?.((resolve) => {
    pending = resolve
    Taro.eventCenter.trigger(EVENT)
  })
}

const refusedMessage = '没有您的同意，就不能使用相册、相机或剪贴板。您可以稍后再点一次，或到村（社区）委员会当面办理。'

/** The app's own popup; put it on each page that takes photos or copies to the clipboard. */
export function PrivacyPopup() {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    const show = () => setOpen(true)
    Taro.eventCenter.on(EVENT, show)
    return () => void Taro.eventCenter.off(EVENT, show)
  }, [])
  if (!open) return null
  const answer = (event: 'agree' | 'disagree') => {
    pending?.(event === 'agree' ? { event, buttonId: 'privacy-agree' } : { event })
    pending = undefined
    setOpen(false)
    if (event === 'disagree') void Taro.showModal({ title: '未同意', content: refusedMessage, showCancel: false, confirmText: '知道了' })
  }
  return (
    <View id='privacy-popup' className='notice' role='dialog' aria-modal='true' aria-label='个人信息保护提示'>
      <Text className='section-title'>个人信息保护提示</Text>
      <Text>
        为了办理您选的事项，本小程序需要：拍照或从相册选择证件照片（补贴申请）、复制邀请码（委托照护）。照片只用于审核，只有负责的工作人员能看到。详细内容请看《守护小程序隐私保护指引》。
      </Text>
      <View className='spacer' />
      <Button id='privacy-agree' className='btn btn-primary' openType={'agreePrivacyAuthorization' as 'share'} onClick={() => answer('agree')}>
        同意
      </Button>
      <Button id='privacy-disagree' className='btn' onClick={() => answer('disagree')}>
        不同意
      </Button>
    </View>
  )
}
