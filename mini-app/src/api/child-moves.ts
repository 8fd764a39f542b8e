import type {
  ChildStaffView,
  ClosedChildPage,
  CloseChild,
  DecideTransfer,
  DuplicateSuggestions,
  IncomingTransferPage,
  MergeChildren,
  SetResponsibleDirector,
  TransferChild,
  VillageDirectors,
} from '@shouhu/shared'
import { api } from './client'

/** 转出、接收、合并、负责人、结档 routes of the API contract (docs/api.md, 儿童档案：转出、合并、负责人与结档). Staff only. */
const enc = encodeURIComponent
const staff = { auth: 'staff' } as const
const base = '/staff/child-moves'

export const childMoveEndpoints = {
  incoming: (cursor?: string) => api.get<IncomingTransferPage>(`${base}/incoming${cursor ? `?cursor=${enc(cursor)}` : ''}`, staff),
  transfer: (id: string, body: TransferChild) => api.post<ChildStaffView>(`${base}/${enc(id)}/transfer`, body, staff),
  accept: (id: string, body: DecideTransfer) => api.post<ChildStaffView>(`${base}/${enc(id)}/accept`, body, staff),
  decline: (id: string, body: DecideTransfer) => api.post<ChildStaffView>(`${base}/${enc(id)}/decline`, body, staff),
  duplicates: (id: string) => api.get<DuplicateSuggestions>(`${base}/${enc(id)}/duplicates`, staff),
  merge: (keepId: string, body: MergeChildren) => api.post<ChildStaffView>(`${base}/${enc(keepId)}/merge`, body, staff),
  directors: (id: string) => api.get<VillageDirectors>(`${base}/${enc(id)}/directors`, staff),
  setResponsible: (id: string, body: SetResponsibleDirector) => api.post<ChildStaffView>(`${base}/${enc(id)}/responsible`, body, staff),
  close: (id: string, body: CloseChild) => api.post<ChildStaffView>(`${base}/${enc(id)}/close`, body, staff),
  closed: (cursor?: string) => api.get<ClosedChildPage>(`${base}/closed${cursor ? `?cursor=${enc(cursor)}` : ''}`, staff),
}
