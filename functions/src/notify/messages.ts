import type { MessageTemplate, Notification, NotificationSubject } from '@shouhu/shared'

/**
 * Which template a notification is sent with and the keyword values it fills. The keywords
 * are the ones chosen for each template in the mini-program console (README "Going live"); the
 * sender formats each value for its keyword kind (`wechatFieldValue`: times as
 * 「2026年11月28日 09:30」, `thing` ≤ 20 characters, `phrase` ≤ 5).
 *
 * - report_alert, entrustment_update, application_update: thing1 标题, thing2 内容, time3 时间
 * - report_update (the reporter's 「反映处理进度」): thing1 事项, phrase2 处理状态, time3 更新时间, thing4 备注
 */
const templateFor: Record<NotificationSubject['type'], MessageTemplate> = {
  report: 'report_alert',
  entrustment: 'entrustment_update',
  application: 'application_update',
  // Duty-of-care alerts go to staff only, on the staff alert template.
  child: 'report_alert',
  referral: 'report_alert',
  // The half-yearly lists reminder (004 §4(三)) goes to county staff only.
  county: 'report_alert',
  // A case conference's task, to its assignee (staff or a department's liaisons).
  conference_task: 'report_alert',
}

/** What a reporter's message says at each step: nothing about the child, the place or the code. */
const reporterStep: Partial<Record<Notification['kind'], string>> = {
  report_acknowledged: '已接收',
  report_closed: '已办结',
}

/** Templates sent only while the person holds an unused 「允许」 for them (data/subscriptions.ts). */
export const consentedTemplates: ReadonlySet<MessageTemplate> = new Set(['report_update'])

export function messageFor(n: Pick<Notification, 'kind' | 'subject' | 'title' | 'body' | 'createdAt'>): { template: MessageTemplate; data: Record<string, string> } {
  const step = reporterStep[n.kind]
  if (step) return { template: 'report_update', data: { thing1: '您反映的儿童情况', phrase2: step, time3: n.createdAt, thing4: n.body } }
  return { template: templateFor[n.subject.type], data: { thing1: n.title, thing2: n.body, time3: n.createdAt } }
}
