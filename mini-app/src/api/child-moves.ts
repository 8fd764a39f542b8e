import type { CloseChild, DecideTransfer, MergeChildren, ReopenChild, SetResponsibleDirector, TransferChild } from '@shouhu/shared'
import { api } from './client'

/** 转出、接收、合并、负责人、结档 routes of the API contract (docs/api.md, 儿童档案：转出、合并、负责人与结档). Staff only. */
const staff = { auth: 'staff' } as const

export const childMoveEndpoints = {
  incoming: (cursor?: string) => api.get('/staff/child-moves/incoming', { ...staff, query: { cursor } }),
  transfer: (id: string, body: TransferChild) => api.post('/staff/child-moves/{id}/transfer', { ...staff, params: { id }, body }),
  accept: (id: string, body: DecideTransfer) => api.post('/staff/child-moves/{id}/accept', { ...staff, params: { id }, body }),
  decline: (id: string, body: DecideTransfer) => api.post('/staff/child-moves/{id}/decline', { ...staff, params: { id }, body }),
  duplicates: (id: string) => api.get('/staff/child-moves/{id}/duplicates', { ...staff, params: { id } }),
  merge: (keepId: string, body: MergeChildren) => api.post('/staff/child-moves/{id}/merge', { ...staff, params: { id: keepId }, body }),
  directors: (id: string) => api.get('/staff/child-moves/{id}/directors', { ...staff, params: { id } }),
  setResponsible: (id: string, body: SetResponsibleDirector) => api.post('/staff/child-moves/{id}/responsible', { ...staff, params: { id }, body }),
  close: (id: string, body: CloseChild) => api.post('/staff/child-moves/{id}/close', { ...staff, params: { id }, body }),
  /** 恢复建档: one Idempotency-Key per confirmation, so a repeated tap reopens once. */
  reopen: (id: string, body: ReopenChild, idempotencyKey: string) => api.post('/staff/child-moves/{id}/reopen', { ...staff, params: { id }, body, idempotencyKey }),
  closed: (cursor?: string) => api.get('/staff/child-moves/closed', { ...staff, query: { cursor } }),
}
