import type { Context } from 'hono'
import {
  GuardianApplicationList,
  GuardianApplicationView,
  PreCheckResult,
  PublicNoticeList,
  UploadTicket,
  type Application,
  ApplicationCreate,
  CONSENT_VERSION,
  type FieldError,
  PreCheckRequest,
  SupplyDocuments,
  type StoredDocument,
  UploadedDocument,
  UploadRequest,
  applicationFieldLabels,
  chinaDate,
  policyForDivision,
  preCheck,
  DocumentKind,
  MAX_DOCUMENT_BYTES,
} from '@shouhu/shared'
import {
  type CreateOutcome,
  applicationEvents,
  applicationsInDivision,
  applicationsOwnedBy,
  claimSubmission,
  createApplication,
  getApplication,
  previousSubmission,
  releaseClaim,
} from '../data/applications'
import { attachUpload, checkUpload, imageTypeOf, storeUpload, uploadTicket } from '../data/documents'
import { getDivision } from '../data/divisions'
import { HttpError } from '../errors'
import { requiredIdempotencyKey } from '../idempotency-key'
import { newId, sha256 } from '../ids'
import { type AuthEnv, requireResident, requireUser } from '../middleware/auth'
import { $, PageQuery, errors, json, jsonRequest, labels, pagedQuery, pathParams, route, routes, uploadRequest, idempotencyHeader } from '../contract'
import { newApplication, takeApplicationStep, timersFor } from '../workflows/applications'
import { guardianSummary, guardianView, officesOf, policyOf, publicNotice } from '../views/applications'
import { pageParams, withCursor } from '../middleware/paging'
import { divisionNames } from '../views/reports'


const namesFor = (a: Application) => divisionNames([a.villageCode, a.townshipCode, a.countyCode])

async function knownVillage(code: string) {
  if (!(await getDivision(code))) {
    throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'villageCode', code: 'unknown_village', message: '孩子居住的村（社区）：没有找到这个村，请重新选择' }])
  }
}

function policyHere(villageCode: string, now: Date) {
  const policy = policyForDivision(villageCode, chinaDate(now))
  if (!policy) {
    throw new HttpError('VALIDATION_FAILED', '当地暂未开通儿童关爱补贴的网上申请，请向村（社区）儿童主任咨询', [
      { field: 'villageCode', code: 'no_policy', message: '孩子居住的村（社区）：当地暂未开通网上申请' },
    ])
  }
  return policy
}

const uploadProblem: Record<string, string> = {
  not_yours: '这张照片不是您上传的，请重新上传',
  missing: '照片没有上传成功，请重新上传',
  too_large: '照片太大（超过 10 MB），请重新拍照上传',
  not_image: '只能上传照片（JPG 或 PNG）',
}

/** Checks every photo before anything is copied or stored: one bad photo refuses the whole request. */
async function checkUploads(userId: string, documents: UploadedDocument[]) {
  const checked = await Promise.all(documents.map((d) => checkUpload(userId, d.key)))
  const fields: FieldError[] = []
  checked.forEach((r, i) => {
    if (!r.ok) fields.push({ field: `documents.${i}`, code: `upload_${r.reason}`, message: `材料照片：${uploadProblem[r.reason]}` })
  })
  if (fields.length) throw new HttpError('VALIDATION_FAILED', undefined, fields)
  return documents.map((d, i) => {
    const r = checked[i] as { contentType: string; bytes: number }
    return { kind: d.kind, key: d.key, contentType: r.contentType, bytes: r.bytes }
  })
}

/**
 * A submission already made under this key: the stored application (200), a different body
 * (422), or one still being stored by a concurrent retry — waited for briefly, then 409.
 */
async function answerEarlier(c: Context<AuthEnv>, outcome: CreateOutcome, hash?: { keyHash: string; bodyHash: string }): Promise<Response> {
  let current: CreateOutcome | undefined = outcome
  for (let waited = 0; current?.kind === 'pending' && hash && waited < 8000; waited += 200) {
    await new Promise((r) => setTimeout(r, 200))
    current = await previousSubmission(hash.keyHash, hash.bodyHash)
  }
  if (current?.kind === 'replayed' || current?.kind === 'created') {
    const a = current.application
    return c.json(guardianView(a, await applicationEvents(a.id), await namesFor(a)), 200)
  }
  if (current?.kind === 'mismatch') throw new HttpError('IDEMPOTENCY_MISMATCH')
  throw new HttpError('CONFLICT', '这份申请正在提交中，请稍后在「我的补贴申请」中查看')
}

/** The family's own application, or 404: somebody else's is never confirmed to exist. */
async function ownApplication(c: Context<AuthEnv>): Promise<Application> {
  const a = await getApplication(c.req.param('id')!)
  if (!a || a.ownerId !== c.var.user.id) throw new HttpError('NOT_FOUND')
  return a
}

/** The guardian's side of 儿童关爱补贴 (issue #4): pre-check, apply with photos, follow, supply missing papers. */
const tags = ['儿童关爱补贴（家庭）']

export const applicationRoutes = $(routes<AuthEnv>().use(requireUser, requireResident))
  .openapi(route({ method: 'post', path: '/pre-check', summary: '申请儿童关爱补贴前的初步估算（不是审批结果）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { body: jsonRequest(PreCheckRequest) }, responses: { 200: json(PreCheckResult, '申请儿童关爱补贴前的初步估算（不是审批结果）'), ...errors(400, 401, 403, 413) } }), async (c) => {
    const { villageCode, answers } = c.req.valid('json')
    await knownVillage(villageCode)
    const now = new Date()
    return c.json(preCheck(policyHere(villageCode, now), answers, chinaDate(now)))
  })
  .openapi(route({ method: 'post', path: '/uploads', summary: '申请材料照片的上传凭证（直传存储）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { body: jsonRequest(UploadRequest) }, responses: { 201: json(UploadTicket, '上传凭证'), ...errors(400, 401, 403, 413) } }), async (c) => {
    const { contentType } = c.req.valid('json')
    return c.json(await uploadTicket(c.var.user.id, contentType), 201)
  })
  /** The photo itself, through the API's own domain (what WeChat allows): multipart `file` + `kind`. */
  .openapi(route({ method: 'post', path: '/uploads/file', summary: '经本接口上传一张材料照片（微信小程序）', tags, request: { body: uploadRequest('multipart/form-data：file 照片（JPG 或 PNG），kind 材料种类', { file: { type: 'string', format: 'binary', description: '照片' }, kind: { type: 'string', description: '材料种类（DocumentKind）' } }) }, responses: { 201: json(UploadedDocument, '已保存的照片'), ...errors(400, 401, 403, 413) } }), async (c) => {
    if (Number(c.req.header('content-length') ?? 0) > MAX_DOCUMENT_BYTES + 64 * 1024) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'file', code: 'too_large', message: '材料照片：照片太大，请重新拍一张' }])
    const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    const kind = DocumentKind.safeParse(body.kind)
    const file = body.file
    if (!kind.success || !(file instanceof File)) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: kind.success ? 'file' : 'kind', code: 'required', message: kind.success ? '材料照片：请选择照片' : '材料种类：不认识的材料种类' }])
    }
    const bytes = new Uint8Array(await file.arrayBuffer())
    if (bytes.byteLength > MAX_DOCUMENT_BYTES) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'file', code: 'too_large', message: '材料照片：照片太大，请重新拍一张' }])
    const contentType = imageTypeOf(bytes)
    if (!contentType) throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'file', code: 'not_image', message: '材料照片：只能上传照片（JPG 或 PNG）' }])
    return c.json({ kind: kind.data, key: await storeUpload(c.var.user.id, contentType, bytes) }, 201)
  })
  .openapi(route({ method: 'post', path: '/', summary: '提交儿童关爱补贴申请（须带 Idempotency-Key）', tags, middleware: [labels(applicationFieldLabels)] as const, request: { headers: idempotencyHeader('required'), body: jsonRequest(ApplicationCreate) }, responses: { 201: json(GuardianApplicationView, '已提交'), 200: json(GuardianApplicationView, '同一提交标识的重复提交：答复第一次的结果'), ...errors(400, 401, 403, 409, 413, 422) } }), async (c) => {
    const key = requiredIdempotencyKey(c.req.header('idempotency-key'))
    const input = c.req.valid('json')
    if (input.consent.version !== CONSENT_VERSION) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'consent.version', code: 'stale_consent', message: '信息使用说明已更新，请重新阅读并同意' }])
    }
    await knownVillage(input.villageCode)
    const now = new Date()
    const policy = policyHere(input.villageCode, now)
    // Namespaced, so an application key can never collide with a report's; scoped to the
    // caller, so a key replayed from another account never returns this family's application.
    const idempotency = { keyHash: sha256(`application:${c.var.user.id}:${key}`), bodyHash: sha256(JSON.stringify(input)) }
    const earlier = await previousSubmission(idempotency.keyHash, idempotency.bodyHash)
    if (earlier) return answerEarlier(c, earlier, idempotency)
    const uploads = await checkUploads(c.var.user.id, input.documents)
    const id = newId(now.getTime())
    // Validates the category and age before any photo is copied.
    newApplication(input, c.var.user, policy, [], now, id)
    // Papers are copied only by the request that wins the claim: thirty concurrent retries
    // leave one copy, not thirty.
    const claim = newId()
    const claimed = await claimSubmission(idempotency.keyHash, idempotency.bodyHash, claim)
    if (claimed !== 'won') return answerEarlier(c, claimed, idempotency)
    try {
      const documents: StoredDocument[] = await Promise.all(uploads.map((u) => attachUpload(id, u, 0, now)))
      const { application, event } = newApplication(input, c.var.user, policy, documents, now, id)
      const outcome = await createApplication(application, event, timersFor(application), { ...idempotency, claim })
      if (outcome.kind !== 'created') return answerEarlier(c, outcome, idempotency)
      const a = outcome.application
      return c.json(guardianView(a, await applicationEvents(a.id), await namesFor(a)), 201)
    } catch (e) {
      await releaseClaim(idempotency.keyHash, claim)
      throw e
    }
  })
  .openapi(route({ method: 'get', path: '/mine', summary: '我的申请（分页）', tags, request: { query: PageQuery }, responses: { 200: json(GuardianApplicationList, '我的申请（分页）'), ...errors(400, 401, 403) } }), async (c) => {
    const page = pageParams(c, 100)
    const { applications: mine, cursor } = await withCursor(page.cursor, () => applicationsOwnedBy(c.var.user.id, page))
    const names = await divisionNames(mine.flatMap((a) => [a.villageCode, a.townshipCode, a.countyCode]))
    return c.json({ items: mine.map((a) => guardianSummary(a, names)), ...(cursor ? { nextCursor: cursor } : {}) })
  })
  .openapi(route({ method: 'get', path: '/notices', summary: '村里正在公示的申请（分页，已隐去个人信息）', tags, request: { query: pagedQuery({ villageCode: '村（社区）代码，12 位' }) }, responses: { 200: json(PublicNoticeList, '村里正在公示的申请（分页，已隐去个人信息）'), ...errors(400, 401, 403) } }), async (c) => {
    // The village notice board (公示): what is on notice in one village, masked.
    const villageCode = c.req.query('villageCode') ?? ''
    if (!/^\d{12}$/.test(villageCode)) {
      throw new HttpError('VALIDATION_FAILED', undefined, [{ field: 'villageCode', code: 'invalid', message: '孩子居住的村（社区）：请选择村（社区）' }])
    }
    const page = pageParams(c, 100)
    const { applications: onNotice, cursor } = await withCursor(page.cursor, () =>
      applicationsInDivision('village_director', villageCode, { state: 'public_notice' }, page),
    )
    const names = await divisionNames(onNotice.flatMap((a) => [a.villageCode, a.townshipCode, a.countyCode]))
    return c.json({ items: onNotice.map((a) => publicNotice(a, names)), ...(cursor ? { nextCursor: cursor } : {}) })
  })
  .openapi(route({ method: 'get', path: '/{id}', summary: '我的一份申请及其进度', tags, request: { params: pathParams('id') }, responses: { 200: json(GuardianApplicationView, '我的一份申请及其进度'), ...errors(401, 403, 404) } }), async (c) => {
    const a = await ownApplication(c)
    return c.json(guardianView(a, await applicationEvents(a.id), await namesFor(a)))
  })
  .openapi(route({ method: 'post', path: '/{id}/supply', summary: '补交材料', tags, middleware: [labels(applicationFieldLabels)] as const, request: { params: pathParams('id'), body: jsonRequest(SupplyDocuments) }, responses: { 200: json(GuardianApplicationView, '补交材料'), ...errors(400, 401, 403, 404, 409, 413) } }), async (c) => {
    const a = await ownApplication(c)
    // Sent back (the application waits), or owed while it goes on (epidemic switch, 000 §3(一)).
    const step = a.state === 'needs_documents' ? 'supply_documents' : 'supply_later'
    if (step === 'supply_later' && !a.papersLater?.length) throw new HttpError('INVALID_TRANSITION', '这份申请目前不需要补充材料')
    const input = c.req.valid('json')
    const uploads = await checkUploads(c.var.user.id, input.documents)
    const now = new Date()
    const documents = await Promise.all(uploads.map((u) => attachUpload(a.id, u, a.supplyRounds + 1, now)))
    const names = await namesFor(a)
    const saved = await takeApplicationStep(a, step, { documents, note: input.note }, c.var.user, officesOf(a, names), policyOf(a), now)
    return c.json(guardianView(saved, await applicationEvents(a.id), names))
  })
