/**
 * Helpers for the allowance application suites (not a test file). Product modules load
 * lazily, after `useApi()` / `useDocuments()` have pointed the process at this file's
 * tables and bucket.
 */
import { randomUUID } from 'node:crypto'
import { CONSENT_VERSION, chinaMonth, idCheckChar, type Application, type ApplicationEvent } from '@shouhu/shared'
import { call } from '../support/api-harness'

type Json = Record<string, any>

/** A smallest valid JPEG-ish payload: the server checks type and size, not pixels. */
export const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9])

let serial = 100
/** A valid 18-digit ID for a child of 泗县 born on `birth` (YYYYMMDD), unique per call. */
export function childId(birth = '20150601'): string {
  const first17 = `341324${birth}${String(serial++ % 1000).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}

/** Asks for an upload URL and PUTs a photo to it, as the mini-app does. */
export async function uploadPhoto(token: string, kind = 'household_register', body: Buffer = PHOTO, contentType = 'image/jpeg') {
  const ticket = await call('POST', '/applications/uploads', { token, body: { kind, contentType } })
  if (ticket.status !== 201) throw new Error(`upload ticket: ${ticket.status} ${JSON.stringify(ticket.body)}`)
  const put = await fetch(ticket.body.uploadUrl, { method: 'PUT', headers: ticket.body.headers, body })
  if (!put.ok) throw new Error(`PUT photo: ${put.status} ${await put.text()}`)
  return { kind, key: ticket.body.key as string, uploadUrl: ticket.body.uploadUrl as string }
}

export const DINGHU = '341324102200'

/**
 * A complete application for 丁湖村 under 泗县's own policy (001 §2(一)2): a de-facto unsupported
 * child (father in prison, mother severely disabled), paid the county scattered-orphan standard
 * (1,000 元, a demo value). Until issue #8 this was a Wenling 低保 family child at 448 元, a
 * category 泗县 does not have. The documents must be uploaded first.
 */
export function applicationBody(documents: { kind: string; key: string }[], overrides: Json = {}): Json {
  return {
    villageCode: DINGHU,
    categoryId: 'fact_unsupported',
    child: { name: '王小明', idNumber: childId() },
    situation: { father: 'imprisoned', mother: 'severely_disabled', familyAssistance: 'none', currentBenefits: [] },
    familyNote: '父亲服刑，母亲重度残疾，孩子由奶奶照看',
    guardian: { name: '王大姐', phone: '13912345678', relation: 'mother' },
    bankAccount: { bankName: '泗县农商银行', accountName: '王大姐', accountNumber: '6222 0212 3456 7890 123' },
    documents: documents.map(({ kind, key }) => ({ kind, key })),
    consent: { accepted: true, version: CONSENT_VERSION },
    ...overrides,
  }
}

export async function submitApplication(token: string, body: Json, key = randomUUID()) {
  return call('POST', '/applications', { token, body, headers: { 'idempotency-key': key } })
}

/** The monthly amount of `applicationBody`: 泗县's scattered-orphan standard (demo value). */
export const STANDARD_FEN = 1_000_00

/** Uploads one photo and submits a de-facto unsupported child's application; returns the guardian's view. */
export async function newApplication(token: string, overrides: Json = {}) {
  const photo = await uploadPhoto(token, 'imprisonment_proof')
  const res = await submitApplication(token, applicationBody([photo], overrides))
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

export const step = (token: string, id: string, path: string, body: unknown = {}) => call('POST', `/staff/applications/${id}/${path}`, { token, body })

export async function storedApplication(id: string): Promise<Application> {
  const { getApplication } = await import('../../functions/src/data/applications')
  const a = await getApplication(id)
  if (!a) throw new Error(`application ${id} not found`)
  return a
}

export async function storedApplicationEvents(id: string): Promise<ApplicationEvent[]> {
  const { applicationEvents } = await import('../../functions/src/data/applications')
  return applicationEvents(id)
}

export async function storedTimers(id: string) {
  const { applicationTimers } = await import('../../functions/src/data/applications')
  return applicationTimers(id)
}

/** The raw item as it sits in the table (index attributes included). */
export async function rawApplication(id: string): Promise<Json | undefined> {
  const { getItem } = await import('../../functions/src/data/table')
  return getItem<Json>(`APP#${id}`, 'APP', true)
}

export async function runTimers(now: Date) {
  const { runScheduledChecks } = await import('../../functions/src/lambda/schedule')
  return runScheduledChecks(now)
}

export const days = (n: number) => n * 86_400_000
export const later = (ms: number) => new Date(Date.now() + ms)

type Tokens = { village: string; township: string; county: string }

/** Drives an application along the main path until it reaches `until`. */
export async function advance(id: string, t: Tokens, until: 'village_checked' | 'accepted' | 'reviewed' | 'public_notice' | 'awaiting_approval' | 'approved' | 'paying') {
  const order = ['village_checked', 'accepted', 'reviewed', 'public_notice', 'awaiting_approval', 'approved', 'paying'] as const
  const steps: Record<(typeof order)[number], () => Promise<unknown>> = {
    village_checked: () => step(t.village, id, 'village-check', { homeVisitNote: '已入户，家庭情况属实', visitedOn: '2026-03-02' }),
    accepted: () => step(t.township, id, 'accept'),
    reviewed: () => step(t.township, id, 'review', { opinion: '材料齐全，情况属实' }),
    public_notice: () => step(t.township, id, 'public-notice', { days: 7 }),
    awaiting_approval: async () => {
      // With NOTICE_DAY_MS shortened the notice ends in milliseconds: wait for it and run the
      // timers at the real time, so events keep their real order. Otherwise run them "after" it.
      const endsAt = Date.parse((await storedApplication(id)).notice!.endsAt)
      if (endsAt - Date.now() < 2000) {
        while (Date.now() <= endsAt) await new Promise((r) => setTimeout(r, 5))
        await runTimers(new Date())
      } else {
        await runTimers(new Date(endsAt + 1000))
      }
    },
    approved: () => step(t.county, id, 'approve', {}),
    paying: () => step(t.county, id, 'payment', { startMonth: chinaMonth() }),
  }
  const from = order.indexOf((await storedApplication(id)).state as (typeof order)[number])
  for (const state of order.slice(from + 1)) {
    const res = (await steps[state]()) as { status: number; body: Json } | undefined
    if (res && res.status !== 200) throw new Error(`${state}: ${res.status} ${JSON.stringify(res.body)}`)
    if ((await storedApplication(id)).state !== state) throw new Error(`expected ${state}, found ${(await storedApplication(id)).state}`)
    if (state === until) return
  }
}
