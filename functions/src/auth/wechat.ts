import { wechatCredentials } from '../secrets'

/**
 * Exchanges the code from `wx.login` for the user's openid (jscode2session). The session key
 * is not kept: we only need a stable identity for the resident.
 */
export async function openidFromLoginCode(code: string): Promise<string> {
  const { appId, appSecret } = await wechatCredentials()
  const url = new URL('https://api.weixin.qq.com/sns/jscode2session')
  url.search = new URLSearchParams({ appid: appId, secret: appSecret, js_code: code, grant_type: 'authorization_code' }).toString()
  const res = await fetch(url)
  const body = (await res.json()) as { openid?: string; errcode?: number; errmsg?: string }
  if (!body.openid) throw new Error(`jscode2session failed: ${body.errcode} ${body.errmsg}`)
  return body.openid
}
