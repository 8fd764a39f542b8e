import Taro from '@tarojs/taro'
import type {
  CareListEntry,
  DeclineInvitation,
  EndEntrustment,
  EntrustmentContacts,
  EntrustmentCreate,
  FamilyEntrustmentView,
  KnownSchool,
  Notification,
  PoliceEntrustmentCreate,
  RecordVisit,
  RenewEntrustment,
  ReplaceCaregiver,
  ScheduleVisit,
  SchoolEntrustmentView,
  StaffEntrustmentSummary,
  StaffEntrustmentView,
} from '@shouhu/shared'
import { readStored } from '../storage'
import { api, apiBase, type Items } from './client'
import { ApiRequestError, toApiRequestError } from './core'

/** 委托照护 routes of the API contract (docs/api.md, "委托照护"), one typed function each. */
const enc = encodeURIComponent
export type EntrustmentFilter = 'todo' | 'active' | 'ended' | 'all'
/** Who is asking: a resident (parent, caregiver) or a staff account (incl. school, police). */
export type Side = 'resident' | 'staff'

export const entrustmentEndpoints = {
  schools: (villageCode: string, side: Side = 'resident') => api.get<Items<KnownSchool>>(`/entrustments/schools?village=${enc(villageCode)}`, { auth: side }),
  register: (body: EntrustmentCreate, idempotencyKey: string) =>
    api.post<FamilyEntrustmentView>('/entrustments', body, { auth: 'resident', idempotencyKey }),
  registerByPolice: (body: PoliceEntrustmentCreate, idempotencyKey: string) =>
    api.post<FamilyEntrustmentView>('/staff/entrustments', body, { auth: 'staff', idempotencyKey }),
  mine: () => api.get<Items<FamilyEntrustmentView>>('/entrustments/mine', { auth: 'resident' }),
  get: (id: string, side: Side = 'resident') => api.get<FamilyEntrustmentView>(`/entrustments/${enc(id)}`, { auth: side }),
  invitation: (code: string) => api.get<FamilyEntrustmentView>(`/entrustments/invitations/${enc(code)}`, { auth: 'resident' }),
  accept: (code: string) => api.post<FamilyEntrustmentView>(`/entrustments/invitations/${enc(code)}/accept`, {}, { auth: 'resident' }),
  decline: (code: string, body: DeclineInvitation) =>
    api.post<FamilyEntrustmentView>(`/entrustments/invitations/${enc(code)}/decline`, body, { auth: 'resident' }),
  replaceCaregiver: (id: string, body: ReplaceCaregiver, side: Side = 'resident') =>
    api.post<FamilyEntrustmentView>(`/entrustments/${enc(id)}/caregiver`, body, { auth: side }),
  renew: (id: string, body: RenewEntrustment, side: Side = 'resident') => api.post<FamilyEntrustmentView>(`/entrustments/${enc(id)}/renew`, body, { auth: side }),
  end: (id: string, body: EndEntrustment, side: Side = 'resident') => api.post<FamilyEntrustmentView>(`/entrustments/${enc(id)}/end`, body, { auth: side }),
  residentNotifications: () => api.get<Items<Notification> & { unread: number }>('/notifications', { auth: 'resident' }),
  markResidentNotificationRead: (id: string) => api.post<Notification>(`/notifications/${enc(id)}/read`, {}, { auth: 'resident' }),

  staffList: (filter: EntrustmentFilter, cursor?: string) =>
    api.get<Items<StaffEntrustmentSummary> & { nextCursor?: string }>(`/staff/entrustments?filter=${filter}${cursor ? `&cursor=${enc(cursor)}` : ''}`, {
      auth: 'staff',
    }),
  /** Civil-affairs staff get `StaffEntrustmentView`, a school liaison `SchoolEntrustmentView`, police the family view. */
  staffGet: (id: string) => api.get<StaffEntrustmentView | SchoolEntrustmentView | FamilyEntrustmentView>(`/staff/entrustments/${enc(id)}`, { auth: 'staff' }),
  scheduleVisit: (id: string, body: ScheduleVisit & { version: number }) => api.post<StaffEntrustmentView>(`/staff/entrustments/${enc(id)}/schedule-visit`, body, { auth: 'staff' }),
  recordVisit: (id: string, body: RecordVisit & { version: number }) => api.post<StaffEntrustmentView>(`/staff/entrustments/${enc(id)}/visits`, body, { auth: 'staff' }),
  contacts: (id: string) => api.post<EntrustmentContacts>(`/staff/entrustments/${enc(id)}/contacts`, {}, { auth: 'staff' }),
  careList: () => api.get<Items<CareListEntry & { villageName: string }>>('/staff/entrustments/care-list', { auth: 'staff' }),
}

/**
 * Downloads the entrustment letter (PDF) and opens it. The route needs the session header, so
 * H5 fetches it and hands the browser a blob; WeChat downloads to a temp file and opens it.
 */
export async function openLetter(id: string, side: Side): Promise<void> {
  const path = side === 'staff' ? `/staff/entrustments/${enc(id)}/letter` : `/entrustments/${enc(id)}/letter`
  const token = readStored(`session.${side}`)?.token
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(`${apiBase}${path}`, { headers: header })
    if (!res.ok) throw toApiRequestError(res.status, await res.json().catch(() => undefined))
    const url = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = url
    a.download = `委托照护书-${id}.pdf`
    a.target = '_blank'
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
    return
  }
  const res = await Taro.downloadFile({ url: `${apiBase}${path}`, header })
  if (res.statusCode !== 200) throw new ApiRequestError('HTTP_' + res.statusCode, '委托照护书下载失败，请稍后再试', res.statusCode)
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true })
}
