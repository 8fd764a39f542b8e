import {
  type Application,
  type ChildRecord,
  type ChildTimelineEntry,
  type CreateExport,
  type ExportKind,
  type ReportStatus,
  type SpotCheckFile,
  type StaffRow,
  applicationStates,
  caregiverRelationshipLabel,
  categoryIn,
  childParentSituationLabel,
  chinaStartOfDay,
  chinaToday,
  colourLabel,
  contactKindLabel,
  dutyKindLabel,
  exportKindLabel,
  householdRegistrationLabel,
  levelOf,
  maskIdNumber,
  personSexLabel,
  reportOutcomeText,
  reportStatusLabel,
  schoolStageLabel,
  situationCatalog,
} from '@shouhu/shared'
import { divisionNamesOf } from '../../data/divisions'
import { areaIndex, areaPages, recordsOf, staffDirectoryPages, visitEntriesSince } from '../../data/exports'
import type { ReportRow } from '../../data/reports'
import { spotCheckFiles } from '../../data/spot-checks'
import { policyOf } from '../../views/applications'
import type { CellInput, Column, StreamSheetSpec } from '../xlsx'

/**
 * The layouts of the office ledgers (issue #12). Each kind reads its area through the list
 * indexes a page at a time (keys and `row` only), then, where the ledger needs more than a list
 * row shows, the whole records of that page in one BatchGetItem — never the whole area in memory.
 *
 * What each file holds is decided per kind, for the office that keeps it (comments below): the
 * file leaves the screen's masking behind only where the office's own paper ledger or the bank
 * needs the full value, and never holds what the system does not keep.
 */
export interface SheetContext {
  kind: ExportKind
  filter: CreateExport['filter']
  /** The area the rows come from (already checked to be inside the requester's jurisdiction). */
  divisionCode: string
  divisionName: string
  countyCode: string
  now: Date
}

type Row = Record<string, CellInput>
const col = (key: string, header: string, width?: number): Column => ({ key, header, ...(width ? { width } : {}) })
const area = (ctx: SheetContext) => areaIndex(ctx.divisionCode, levelOf(ctx.divisionCode) as 'village' | 'township' | 'county')
const title = (ctx: SheetContext, extra = '') => `${ctx.divisionName} ${exportKindLabel[ctx.kind]}${extra} · 导出于 ${chinaToday(ctx.now)}`

async function names(codes: string[]): Promise<Map<string, string>> {
  return divisionNamesOf(codes)
}

// ---- 儿童信息台账 -----------------------------------------------------------------------------------

/**
 * One row per child, what the county's 儿童信息台账 holds (docs/ledger/儿童信息台账模板.xlsx):
 * identity, where the child lives, categories, colour, the guardian situation, last and next
 * visit. The ID number is written masked: the system never stores it whole (only masked and a
 * keyed hash, child.ts), so no file can hold more. Parents' and caregiver's phones are written
 * whole: the office calls them from this ledger, and the file stays inside the office.
 */
async function* childRows(ctx: SheetContext): AsyncGenerator<Row> {
  const colour = (ctx.filter as { colour?: string }).colour
  for await (const page of areaPages<{ colour: string }>(area(ctx), 'CHILD#')) {
    const wanted = colour ? page.filter((i) => i.row.colour === colour) : page
    const children = await recordsOf<ChildRecord>(wanted)
    const places = await names(children.flatMap((c) => [c.villageCode, c.townshipCode]))
    for (const c of children) {
      const parent = (rel: 'father' | 'mother') => c.parents.find((p) => p.relation === rel)
      const parentText = (rel: 'father' | 'mother') => {
        const p = parent(rel)
        return p ? [p.name, childParentSituationLabel[p.situation]].filter(Boolean).join('，') : ''
      }
      const next = c.duties[0]
      yield {
        name: c.name,
        sex: personSexLabel[c.sex],
        birthDate: c.birthDate,
        idNumber: c.idMasked ?? '',
        township: places.get(c.townshipCode) ?? c.townshipCode,
        village: places.get(c.villageCode) ?? c.villageCode,
        household: householdRegistrationLabel[c.householdRegistration],
        categories: c.categories.map((k) => k.label).join('、'),
        colour: colourLabel[c.grade.colour],
        father: parentText('father'),
        fatherPhone: parent('father')?.phone ?? '',
        mother: parentText('mother'),
        motherPhone: parent('mother')?.phone ?? '',
        caregiver: c.caregiver ? `${c.caregiver.name}（${caregiverRelationshipLabel[c.caregiver.relationship]}）` : '',
        caregiverPhone: c.caregiver?.phone ?? '',
        school: [schoolStageLabel[c.schooling.stage], c.schooling.school].filter(Boolean).join(' '),
        lastHomeVisit: c.lastHomeVisitOn ?? '',
        lastContact: c.lastContactOn ?? '',
        nextDuty: next ? dutyKindLabel[next.kind] : '',
        nextDueOn: next?.dueOn ?? '',
        overdue: c.overdue ? '已逾期' : '',
        openProblems: c.openProblems,
      }
    }
  }
}

const childColumns = [
  col('name', '姓名'), col('sex', '性别', 6), col('birthDate', '出生日期', 12), col('idNumber', '身份证号（隐去中间位）', 22),
  col('township', '乡镇（街道）', 14), col('village', '村（社区）', 14), col('household', '户籍类型', 16), col('categories', '儿童类别', 24),
  col('colour', '风险等级', 16), col('father', '父亲情况', 20), col('fatherPhone', '父亲电话', 14), col('mother', '母亲情况', 20),
  col('motherPhone', '母亲电话', 14), col('caregiver', '照护人', 22), col('caregiverPhone', '照护人电话', 14), col('school', '上学情况', 20),
  col('lastHomeVisit', '上次入户走访', 12), col('lastContact', '上次联系', 12), col('nextDuty', '下次应办', 14), col('nextDueOn', '下次截止日期', 12),
  col('overdue', '是否逾期', 10), col('openProblems', '未解决问题数', 12),
]

// ---- 走访记录台账 -----------------------------------------------------------------------------------

/**
 * Every visit and contact in the period. A child whose last visit and last contact are both
 * before the period has none in it (each recorded visit moves them forward), so only the
 * others' timelines are read — one Query per such child, inside the child's own partition.
 */
async function* visitRows(ctx: SheetContext): AsyncGenerator<Row> {
  const { from, to } = ctx.filter as { from: string; to: string }
  for await (const page of areaPages(area(ctx), 'CHILD#')) {
    const children = (await recordsOf<ChildRecord>(page)).filter((c) => (c.lastHomeVisitOn ?? '') >= from || (c.lastContactOn ?? '') >= from)
    const places = await names(children.map((c) => c.villageCode))
    // A visit is recorded on or after the day it happened, so nothing recorded before the period is in it.
    const entries = await Promise.all(children.map((c) => visitEntriesSince(c.id, chinaStartOfDay(from))))
    for (const [i, c] of children.entries()) {
      for (const e of entries[i]! as unknown as ChildTimelineEntry[]) {
        const d = (e.detail ?? {}) as { kind?: keyof typeof contactKindLabel; visitedOn?: string; problems?: string[]; followUp?: string; note?: string }
        if (!d.visitedOn || d.visitedOn < from || d.visitedOn > to) continue
        yield {
          visitedOn: d.visitedOn,
          name: c.name,
          village: places.get(c.villageCode) ?? c.villageCode,
          colour: colourLabel[c.grade.colour],
          kind: d.kind ? contactKindLabel[d.kind] : '',
          summary: e.text,
          problems: (d.problems ?? []).join('；'),
          followUp: d.followUp ?? '',
          by: e.actorName ?? '',
          recordedAt: e.at,
        }
      }
    }
  }
}

const visitColumns = [
  col('visitedOn', '走访日期', 12), col('name', '儿童姓名'), col('village', '村（社区）', 14), col('colour', '风险等级', 16), col('kind', '方式', 10),
  col('summary', '情况', 40), col('problems', '发现的问题', 30), col('followUp', '跟进事项', 24), col('by', '走访人', 10), col('recordedAt', '录入时间', 22),
]

// ---- 报告线索台账 -----------------------------------------------------------------------------------

/**
 * Reports received in the period, from the list rows alone: what was reported, where, how
 * urgent, how it was handled. Never the reporter (003 §3(一): 做好……报告人信息保密工作) nor the
 * free-text description, which only the report's own page shows, with its read audited.
 */
async function* reportRows(ctx: SheetContext): AsyncGenerator<Row> {
  const { from, to } = ctx.filter as { from: string; to: string }
  const start = chinaStartOfDay(from)
  const endExclusive = new Date(Date.parse(chinaStartOfDay(to)) + 86_400_000).toISOString()
  const label = new Map<string, string>(situationCatalog.map((s) => [s.id, s.label]))
  for await (const page of areaPages<ReportRow>(area(ctx), 'REPORT#')) {
    const rows = page.map((i) => i.row).filter((r) => r.createdAt >= start && r.createdAt < endExclusive)
    const places = await names(rows.flatMap((r) => [r.villageCode, r.townshipCode]))
    for (const r of rows) {
      yield {
        trackingCode: r.trackingCode,
        receivedAt: r.createdAt,
        township: places.get(r.townshipCode) ?? r.townshipCode,
        village: places.get(r.villageCode) ?? r.villageCode,
        situations: r.situations.map((s) => label.get(s) ?? s).join('、'),
        colour: colourLabel[r.colour],
        status: reportStatusLabel[r.status as ReportStatus],
        acknowledgedAt: r.acknowledgedAt ?? '',
        closedAt: r.closedAt ?? '',
        outcome: r.outcome ? reportOutcomeText[r.outcome] : '',
      }
    }
  }
}

const reportColumns = [
  col('trackingCode', '查询码', 12), col('receivedAt', '收到时间', 22), col('township', '乡镇（街道）', 14), col('village', '村（社区）', 14),
  col('situations', '报告的情况', 36), col('colour', '风险等级', 16), col('status', '处理状态', 10), col('acknowledgedAt', '受理时间', 22),
  col('closedAt', '办结时间', 22), col('outcome', '处理结果', 30),
]

// ---- 补贴对象台账 和 银行代发名单 ----------------------------------------------------------------------

const APPROVED_STATES = new Set(['approved', 'paying', 'suspended', 'exited'])
const yuan = (fen: number | undefined) => (fen === undefined ? '' : (fen / 100).toFixed(2))
const categoryName = (a: Application) => categoryIn(policyOf(a), a.categoryId)?.officialName ?? a.categoryId

/**
 * Approved recipients: the ledger the county keeps of who receives what since when. The child's
 * ID number is written masked (the office identifies the child by name and village; the full
 * number travels only to the bank list's account holder, below, where payment needs it).
 */
async function* allowanceRows(ctx: SheetContext): AsyncGenerator<Row> {
  for await (const page of areaPages<{ state: string }>(area(ctx), 'APP#')) {
    const apps = await recordsOf<Application>(page.filter((i) => APPROVED_STATES.has(i.row.state)))
    const places = await names(apps.flatMap((a) => [a.villageCode, a.townshipCode]))
    for (const a of apps) {
      yield {
        reference: a.reference,
        child: a.child.name,
        idNumber: maskIdNumber(a.child.idNumber),
        township: places.get(a.townshipCode) ?? a.townshipCode,
        village: places.get(a.villageCode) ?? a.villageCode,
        category: categoryName(a),
        monthly: yuan(a.payment?.monthlyFen ?? a.decision?.monthlyFen),
        startMonth: a.payment?.startMonth ?? '',
        state: applicationStates[a.state].staffLabel,
        approvedAt: a.decision?.at ?? '',
        paidThrough: a.exit?.paidThroughMonth ?? '',
      }
    }
  }
}

const allowanceColumns = [
  col('reference', '申请编号', 16), col('child', '儿童姓名'), col('idNumber', '身份证号（隐去中间位）', 22), col('township', '乡镇（街道）', 14),
  col('village', '村（社区）', 14), col('category', '保障类别', 24), col('monthly', '每月金额（元）', 14), col('startMonth', '开始发放月份', 14),
  col('state', '状态', 12), col('approvedAt', '批准时间', 22), col('paidThrough', '发放至', 10),
]

/**
 * The month's payment list for the bank (代发): everyone being paid that month, with the full
 * account number — the bank cannot pay a masked one. The account is stored whole on the
 * application for exactly this (application.ts); on screen it is only ever `**** 1234`, and it
 * never reaches a log.
 */
async function* paymentRows(ctx: SheetContext): AsyncGenerator<Row> {
  const { month } = ctx.filter as { month: string }
  for await (const page of areaPages<{ state: string }>(area(ctx), 'APP#')) {
    const apps = (await recordsOf<Application>(page.filter((i) => i.row.state === 'paying' || i.row.state === 'exited'))).filter(
      (a) => a.payment && a.payment.startMonth <= month && (a.state === 'paying' ? !a.exit?.paidThroughMonth || month <= a.exit.paidThroughMonth : !!a.exit?.paidThroughMonth && month <= a.exit.paidThroughMonth),
    )
    const places = await names(apps.map((a) => a.villageCode))
    for (const a of apps) {
      yield {
        accountName: a.bankAccount.accountName,
        bankName: a.bankAccount.bankName,
        accountNumber: a.bankAccount.accountNumber.replace(/\s+/g, ''),
        amount: yuan(a.payment!.monthlyFen),
        month,
        child: a.child.name,
        village: places.get(a.villageCode) ?? a.villageCode,
        category: categoryName(a),
        reference: a.reference,
      }
    }
  }
}

const paymentColumns = [
  col('accountName', '收款人（户名）'), col('bankName', '开户银行', 20), col('accountNumber', '银行卡号', 24), col('amount', '金额（元）', 12),
  col('month', '发放月份', 10), col('child', '儿童姓名'), col('village', '村（社区）', 14), col('category', '保障类别', 24), col('reference', '申请编号', 16),
]

// ---- 儿童主任信息台账 (004 §5 #16) ---------------------------------------------------------------------

/**
 * 「建立儿童主任信息台账，加强动态管理」 (004 §5 #16): every active child director of the area,
 * by village, with the date the account was opened (the system's record of the appointment).
 * Staff accounts hold no phone number, so the roster has none.
 */
async function* directorRows(ctx: SheetContext): AsyncGenerator<Row> {
  const prefix = levelOf(ctx.divisionCode) === 'county' ? '' : ctx.divisionCode.slice(0, levelOf(ctx.divisionCode) === 'township' ? 9 : 12)
  for await (const page of staffDirectoryPages<StaffRow>(ctx.countyCode, prefix)) {
    const directors = page.filter((s) => s.role === 'village_director' && s.active)
    const profiles = await recordsOf<{ id: string; createdAt?: string }>(directors.map((d) => ({ pk: `USER#${d.id}`, sk: 'PROFILE' })))
    const opened = new Map(profiles.map((p) => [p.id, p.createdAt]))
    const places = await names(directors.flatMap((d) => [d.divisionCode, d.divisionCode.slice(0, 9) + '000']))
    for (const d of directors) {
      yield {
        name: d.displayName,
        township: places.get(d.divisionCode.slice(0, 9) + '000') ?? '',
        village: places.get(d.divisionCode) ?? d.divisionName,
        username: d.username,
        since: opened.get(d.id)?.slice(0, 10) ?? '',
        wechat: d.wechatBound ? '已绑定' : '未绑定',
      }
    }
  }
}

const directorColumns = [
  col('name', '姓名'), col('township', '乡镇（街道）', 14), col('village', '村（社区）', 16), col('username', '登录名', 14),
  col('since', '开通日期', 12), col('wechat', '微信提醒', 10),
]

// ---- 年度档案抽查 (004 #8) -------------------------------------------------------------------------------

const yesNo = (v: boolean | undefined) => (v === undefined ? '' : v ? '是' : '否')

async function* spotCheckRows(ctx: SheetContext): AsyncGenerator<Row> {
  const { year } = ctx.filter as { year: number }
  const files: SpotCheckFile[] = await spotCheckFiles(ctx.countyCode, year)
  const places = await names(files.flatMap((f) => [f.townshipCode]))
  for (const f of files) {
    if (levelOf(ctx.divisionCode) !== 'county' && !f.villageCode.startsWith(ctx.divisionCode.slice(0, levelOf(ctx.divisionCode) === 'township' ? 9 : 12))) continue
    yield {
      township: places.get(f.townshipCode) ?? f.townshipCode,
      village: f.villageName,
      name: f.name,
      colour: colourLabel[f.colour],
      checked: f.result ? '已检查' : '未检查',
      complete: yesNo(f.result?.complete),
      visitsOnCadence: yesNo(f.result?.visitsOnCadence),
      problemsFollowedUp: yesNo(f.result?.problemsFollowedUp),
      note: f.result?.note ?? '',
      checkedBy: f.result?.checkedBy.name ?? '',
      checkedAt: f.result?.checkedAt ?? '',
    }
  }
}

const spotCheckColumns = [
  col('township', '乡镇（街道）', 14), col('village', '村（社区）', 14), col('name', '儿童姓名'), col('colour', '风险等级', 16), col('checked', '检查情况', 10),
  col('complete', '档案齐全', 10), col('visitsOnCadence', '按时走访', 10), col('problemsFollowedUp', '问题已跟进', 10), col('note', '备注', 30),
  col('checkedBy', '检查人', 10), col('checkedAt', '检查时间', 22),
]

/** The sheet of each kind: its name, columns and rows. */
export function sheetFor(ctx: SheetContext): StreamSheetSpec {
  const f = ctx.filter as Record<string, string | number | undefined>
  switch (ctx.kind) {
    case 'children':
      return { name: '儿童信息台账', title: title(ctx), columns: childColumns, rows: childRows(ctx) }
    case 'visits':
      return { name: '走访记录', title: title(ctx, `（${f.from} 至 ${f.to}）`), columns: visitColumns, rows: visitRows(ctx) }
    case 'reports':
      return { name: '报告线索', title: title(ctx, `（${f.from} 至 ${f.to}）`), columns: reportColumns, rows: reportRows(ctx) }
    case 'allowances':
      return { name: '补贴对象', title: title(ctx), columns: allowanceColumns, rows: allowanceRows(ctx) }
    case 'payments':
      return { name: '发放名单', title: title(ctx, `（${f.month}）`), columns: paymentColumns, rows: paymentRows(ctx) }
    case 'directors':
      return { name: '儿童主任', title: title(ctx), columns: directorColumns, rows: directorRows(ctx) }
    case 'spot_check':
      return { name: '档案抽查', title: title(ctx, `（${f.year} 年）`), columns: spotCheckColumns, rows: spotCheckRows(ctx) }
  }
}
