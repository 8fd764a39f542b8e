import Taro from '@tarojs/taro'
import type {
  DeclineInvitation,
  EndEntrustment,
  EntrustmentCreate,
  PoliceEntrustmentCreate,
  RecordVisit,
  RenewEntrustment,
  ReplaceCaregiver,
  ScheduleVisit,
} from '@shouhu/shared'
import { readStored } from '../storage'
import { api } from './client'
import { ApiRequestError, toApiRequestError } from './core'

/** 委托照护 routes of the API contract (docs/api.md, "委托照护"), one typed function each. */
export type EntrustmentFilter = 'todo' | 'active' | 'ended' | 'all'
/** Who is asking: a resident (parent, caregiver) or a staff account (incl. school, police). */
export type Side = 'resident' | 'staff'
const staff = { auth: 'staff' } as const

export const entrustmentEndpoints = {
  schools: (villageCode: string, side: Side = 'resident') => api.get('/entrustments/schools', { auth: side, query: { village: villageCode } }),
  register: (body: EntrustmentCreate, idempotencyKey: string) => api.post('/entrustments', { auth: 'resident', body, idempotencyKey }),
  registerByPolice: (body: PoliceEntrustmentCreate, idempotencyKey: string) => api.post('/staff/entrustments', { ...staff, body, idempotencyKey }),
  mine: () => api.get('/entrustments/mine', { auth: 'resident' }),
  get: (id: string, side: Side = 'resident') => api.get('/entrustments/{id}', { auth: side, params: { id } }),
  invitation: (code: string) => api.get('/entrustments/invitations/{code}', { auth: 'resident', params: { code } }),
  accept: (code: string) => api.post('/entrustments/invitations/{code}/accept', { auth: 'resident', params: { code } }),
  decline: (code: string, body: DeclineInvitation) => api.post('/entrustments/invitations/{code}/decline', { auth: 'resident', params: { code }, body }),
  replaceCaregiver: (id: string, body: ReplaceCaregiver, side: Side = 'resident') => api.post('/entrustments/{id}/caregiver', { auth: side, params: { id }, body }),
  renew: (id: string, body: RenewEntrustment, side: Side = 'resident') => api.post('/entrustments/{id}/renew', { auth: side, params: { id }, body }),
  end: (id: string, body: EndEntrustment, side: Side = 'resident') => api.post('/entrustments/{id}/end', { auth: side, params: { id }, body }),
  residentNotifications: () => api.get('/notifications', { auth: 'resident' }),
  markResidentNotificationRead: (id: string) => api.post('/notifications/{id}/read', { auth: 'resident', params: { id } }),

  staffList: (filter: EntrustmentFilter, cursor?: string) => api.get('/staff/entrustments', { ...staff, query: { filter, cursor } }),
  /** Civil-affairs staff get `StaffEntrustmentView`, a school liaison `SchoolEntrustmentView`, police the family view. */
  staffGet: (id: string) => api.get('/staff/entrustments/{id}', { ...staff, params: { id } }),
  scheduleVisit: (id: string, body: ScheduleVisit & { version: number }) => api.post('/staff/entrustments/{id}/schedule-visit', { ...staff, params: { id }, body }),
  recordVisit: (id: string, body: RecordVisit & { version: number }) => api.post('/staff/entrustments/{id}/visits', { ...staff, params: { id }, body }),
  contacts: (id: string) => api.post('/staff/entrustments/{id}/contacts', { ...staff, params: { id } }),
  careList: () => api.get('/staff/entrustments/care-list', staff),
}

/**
 * Downloads the entrustment letter (PDF) and opens it. The route needs the session header, so
 * H5 fetches it and hands the browser a blob; WeChat downloads to a temp file and opens it.
 */
export async function openLetter(id: string, side: Side): Promise<void> {
  const url = side === 'staff' ? api.url('GET /staff/entrustments/{id}/letter', { params: { id } }) : api.url('GET /entrustments/{id}/letter', { params: { id } })
  const token = readStored(`session.${side}`)?.token
  const header: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {}
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { headers: header })
    if (!res.ok) throw toApiRequestError(res.status, await res.json().catch(() => undefined))
    const blobUrl = URL.createObjectURL(await res.blob())
    const a = document.createElement('a')
    a.href = blobUrl
    a.download = `委托照护书-${id}.pdf`
    a.target = '_blank'
    document.body.appendChild(a)
    a.click()
    a.remove()
    setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000)
    return
  }
  const res = await Taro.downloadFile({ url, header })
  if (res.statusCode !== 200) throw new ApiRequestError('HTTP_' + res.statusCode, '委托照护书下载失败，请稍后再试', res.statusCode)
  await Taro.openDocument({ filePath: res.tempFilePath, fileType: 'pdf', showMenu: true })
}
