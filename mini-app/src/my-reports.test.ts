import { describe, expect, it } from 'vitest'
import type { ResidentReportView } from '@shouhu/shared'
import { addStoredReport, findStoredReport, MAX_STORED_REPORTS, mergeMyReports, type StoredReport } from './my-reports'

const stored = (id: string, createdAt: string): StoredReport => ({ id, trackingCode: `T${id}`, accessToken: `tok-${id}`, createdAt })
const view = (id: string, createdAt: string, status: ResidentReportView['status'] = 'received'): ResidentReportView => ({
  id,
  trackingCode: `T${id}`,
  status,
  statusText: status === 'closed' ? '已办结' : '已收到',
  villageName: '城关村',
  situations: [],
  createdAt,
  updatedAt: createdAt,
  callPoliceNow: false,
})

describe('my reports on this device', () => {
  it('keeps each filed report once, newest first', () => {
    let list = addStoredReport(undefined, stored('a', '2026-01-01T00:00:00Z'))
    list = addStoredReport(list, stored('b', '2026-03-01T00:00:00Z'))
    list = addStoredReport(list, stored('a', '2026-01-01T00:00:00Z'))
    expect(list.map((r) => r.id)).toEqual(['b', 'a'])
    expect(findStoredReport(list, ' ta ')?.accessToken).toBe('tok-a')
  })

  it('forgets the oldest beyond the limit', () => {
    let list: StoredReport[] = []
    for (let i = 0; i < MAX_STORED_REPORTS + 5; i++) list = addStoredReport(list, stored(`r${i}`, new Date(Date.UTC(2026, 0, 1, i)).toISOString()))
    expect(list).toHaveLength(MAX_STORED_REPORTS)
    expect(list[0]!.id).toBe(`r${MAX_STORED_REPORTS + 4}`)
    expect(list.some((r) => r.id === 'r0')).toBe(false)
  })

  it('merges named reports from the server with anonymous ones kept here, once each, newest first', () => {
    const rows = mergeMyReports(
      [view('named', '2026-02-01T00:00:00Z'), view('both', '2026-03-01T00:00:00Z', 'closed')],
      [
        { stored: stored('anon', '2026-04-01T00:00:00Z'), view: view('anon', '2026-04-01T00:00:00Z') },
        { stored: stored('both', '2026-03-01T00:00:00Z') },
        { stored: stored('offline', '2026-01-01T00:00:00Z') },
      ],
    )
    expect(rows.map((r) => r.id)).toEqual(['anon', 'both', 'named', 'offline'])
    expect(rows.find((r) => r.id === 'both')?.view?.status).toBe('closed')
    expect(rows.find((r) => r.id === 'offline')).toEqual({ id: 'offline', trackingCode: 'Toffline', createdAt: '2026-01-01T00:00:00Z', view: undefined })
  })
})
