import Taro from '@tarojs/taro'
import type { Transport } from './core'

/** WeChat: the platform's own request (it adds the mini-program's referer and checks the domain list). */
export const send: Transport = async ({ url, method, header, data, timeout }) => {
  const res = await Taro.request({ url, method, header, data, timeout, dataType: 'json' })
  return { statusCode: res.statusCode, data: res.data }
}
