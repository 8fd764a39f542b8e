import { describe, expect, it } from 'vitest'
import { messageFor } from './messages'
import { wechatData } from './sender'

const at = '2026-11-28T01:30:00.000Z'

describe('subscription-message fields as WeChat requires them', () => {
  it('the reporter’s progress message: fixed subject, a status phrase, Beijing time in 「年月日 时:分」, a short note', () => {
    const m = messageFor({ kind: 'report_acknowledged', subject: { type: 'report', id: 'r1' }, title: '您反映的情况已接收', body: '村里的儿童主任已经接收，会尽快去了解情况。谢谢您的关心！', createdAt: at })
    expect(m.template).toBe('report_update')
    const data = wechatData(m.data)
    expect(data).toEqual({ thing1: '您反映的儿童情况', phrase2: '已接收', time3: '2026年11月28日 09:30', thing4: [...'村里的儿童主任已经接收，会尽快去了解情况。谢谢您的关心！'].slice(0, 20).join('') })
    expect([...data.thing4!].length).toBeLessThanOrEqual(20)
    expect(messageFor({ kind: 'report_closed', subject: { type: 'report', id: 'r1' }, title: 't', body: 'b', createdAt: at }).data.phrase2).toBe('已办结')
  })

  it('staff alerts keep their template and fields', () => {
    const m = messageFor({ kind: 'report_new', subject: { type: 'report', id: 'r1' }, title: '新的儿童关爱反映·红色', body: '丁湖镇 丁湖村收到一条反映', createdAt: '2026-12-31T16:05:00.000Z' })
    expect(m.template).toBe('report_alert')
    expect(wechatData(m.data).time3).toBe('2027年1月1日 00:05')
  })
})
