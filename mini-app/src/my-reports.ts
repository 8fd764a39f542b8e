import { normaliseTrackingCode, type ResidentReportView } from '@shouhu/shared'

/** What the device keeps about a report it filed (docs/api.md, the reports routes). */
export interface StoredReport {
  id: string
  trackingCode: string
  accessToken: string
  createdAt: string
}

/** Enough for years of occasional use; old entries fall off the end. */
export const MAX_STORED_REPORTS = 50

/** Adds (or refreshes) a filed report, newest first, without duplicates. */
export function addStoredReport(list: readonly StoredReport[] | undefined, entry: StoredReport): StoredReport[] {
  const rest = (list ?? []).filter((r) => r.id !== entry.id)
  return [entry, ...rest].sort(byCreatedDesc).slice(0, MAX_STORED_REPORTS)
}

export function findStoredReport(list: readonly StoredReport[] | undefined, trackingCode: string): StoredReport | undefined {
  const code = normaliseTrackingCode(trackingCode)
  return (list ?? []).find((r) => normaliseTrackingCode(r.trackingCode) === code)
}

/** One line of "我反映过的情况". `view` is absent when the latest status could not be fetched. */
export interface MyReportRow {
  id: string
  trackingCode: string
  createdAt: string
  view?: ResidentReportView
}

/** The result of fetching one locally stored report. */
export interface LocalFetch {
  stored: StoredReport
  view?: ResidentReportView
}

/**
 * Merges the named reports the server lists for this account with the reports this device
 * stored (anonymous ones are only known here). A report in both appears once; a fresh view
 * beats a missing one; newest first.
 */
export function mergeMyReports(server: readonly ResidentReportView[], local: readonly LocalFetch[]): MyReportRow[] {
  const rows = new Map<string, MyReportRow>()
  for (const { stored, view } of local) {
    rows.set(stored.id, { id: stored.id, trackingCode: stored.trackingCode, createdAt: view?.createdAt ?? stored.createdAt, view })
  }
  for (const view of server) {
    rows.set(view.id, { id: view.id, trackingCode: view.trackingCode, createdAt: view.createdAt, view })
  }
  return [...rows.values()].sort(byCreatedDesc)
}

function byCreatedDesc(a: { createdAt: string }, b: { createdAt: string }): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0)
}
