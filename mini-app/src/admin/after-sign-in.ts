import Taro from '@tarojs/taro'
import { staffAdminEndpoints } from '../api/staff-admin'

export { landingAfterSignIn } from './landing'

/**
 * Inside WeChat, a staff member's openid is bound to their account once (wx.login → the API's
 * code2session), so subscription messages — a red report in their village — reach their phone.
 * Failing here never blocks the sign-in: the next sign-in tries again.
 */
export async function bindWechatInBackground(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp') return
  try {
    const { code } = await Taro.login()
    await staffAdminEndpoints.bindWechat(code)
  } catch {
    // Not bound this time; nothing the person can do about it now.
  }
}
