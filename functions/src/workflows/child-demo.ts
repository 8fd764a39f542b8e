import { type EnrolChild, type GradeChild, addDays, addMonths, chinaToday, idCheckChar } from '@shouhu/shared'
import { findLogin, getUser } from '../data/users'
import { enrolChild } from './children'

/**
 * Demo children so `npm start` shows a real morning list: five in 丁湖村 (two yellow, one of
 * them overdue past the grace so it is also in 丁湖镇's overdue list; a red child whose
 * intervention is due; blue; green) and one in the neighbouring 石丁村 for the jurisdiction
 * walk-through. Idempotent (import keys), so every start keeps them as they are.
 */
const DINGHU = '341324102200'
const SHIDING = '341324102201'

const id = (first17: string) => first17 + idCheckChar(first17)

const away = (relation: 'father' | 'mother', since: string) => ({ relation, situation: 'working_away' as const, workplaceCode: '310101000000', awaySince: since })
const home = (relation: 'father' | 'mother') => ({ relation, situation: 'at_home' as const })

interface Demo {
  key: string
  village: string
  director: string
  input: Omit<EnrolChild, 'grade'>
  grade?: GradeChild
  /** Days ago the file was made. */
  createdDaysAgo: number
  lastHomeVisitOn?: string
}

function demos(today: string): Demo[] {
  const base = { householdRegistration: 'rural' as const, schooling: { stage: 'primary' as const, school: '丁湖镇中心小学' }, health: { disability: 'none' as const, seriousIllness: false }, singleParent: false, difficultyCategories: [] as string[] }
  return [
    {
      key: 'demo:liuxiaoming', village: DINGHU, director: 'dinghu', createdDaysAgo: 45,
      input: { ...base, name: '刘小明', sex: 'male', birthDate: '2015-09-01', idNumber: id('34132420150901171'), villageCode: DINGHU, parents: [away('father', addMonths(today, -14)), away('mother', addMonths(today, -14))], caregiver: { name: '刘奶奶', relationship: 'paternal_grandparent', livesWithChild: true } },
      grade: { situations: ['carer_incapable'], reason: '奶奶年老多病，生活难以自理，孩子照料不足', hardToJudge: false },
    },
    {
      key: 'demo:wangxiaohong', village: DINGHU, director: 'dinghu', createdDaysAgo: 120, lastHomeVisitOn: addMonths(today, -1),
      input: { ...base, name: '王小红', sex: 'female', birthDate: '2013-03-12', idNumber: id('34132420130312002'), villageCode: DINGHU, parents: [away('father', addMonths(today, -30)), { relation: 'mother', situation: 'unable', unableReason: 'severe_illness' }], caregiver: { name: '王爷爷', relationship: 'paternal_grandparent', livesWithChild: true } },
      grade: { situations: ['mental_distress'], reason: '老师反映孩子长期情绪低落，需重点跟踪', hardToJudge: false },
    },
    {
      key: 'demo:zhangxiaojun', village: DINGHU, director: 'dinghu', createdDaysAgo: 90, lastHomeVisitOn: addDays(addMonths(today, -2), 4),
      input: { ...base, name: '张小军', sex: 'male', birthDate: '2012-06-20', villageCode: DINGHU, parents: [home('father'), { relation: 'mother', situation: 'deceased' }], difficultyCategories: ['dibao_referral'] },
      grade: { situations: ['care_lacking'], reason: '父亲务农收入低，孩子常吃不饱', hardToJudge: false },
    },
    {
      key: 'demo:lixiaohua', village: DINGHU, director: 'dinghu', createdDaysAgo: 20, lastHomeVisitOn: addDays(today, -20),
      input: { ...base, name: '李小花', sex: 'female', birthDate: '2017-11-05', villageCode: DINGHU, schooling: { stage: 'primary', school: '丁湖镇中心小学', grade: '二年级' }, parents: [away('father', addMonths(today, -8)), away('mother', addMonths(today, -8))], caregiver: { name: '李外婆', relationship: 'maternal_grandparent', livesWithChild: true } },
    },
    {
      key: 'demo:zhaoxiaolong', village: DINGHU, director: 'dinghu', createdDaysAgo: 0,
      input: { ...base, name: '赵小龙', sex: 'male', birthDate: '2014-01-18', villageCode: DINGHU, parents: [away('father', addMonths(today, -10)), away('mother', addMonths(today, -10))] },
      grade: { situations: ['living_alone'], reason: '邻居反映孩子独自在家已一周，无大人照看', hardToJudge: false },
    },
    {
      key: 'demo:sunxiaomei', village: SHIDING, director: 'shiding', createdDaysAgo: 10,
      input: { ...base, name: '孙小梅', sex: 'female', birthDate: '2016-04-30', villageCode: SHIDING, parents: [away('father', addMonths(today, -6)), away('mother', addMonths(today, -6))] },
      grade: { situations: ['dropout'], reason: '孩子本学期多次旷课', hardToJudge: false },
    },
  ]
}

export async function seedDemoChildren(progress: (line: string) => void = () => {}, now = new Date()): Promise<void> {
  const today = chinaToday(now)
  for (const d of demos(today)) {
    const login = await findLogin(d.director)
    const user = login && (await getUser(login.userId))
    if (!user) continue
    const { outcome } = await enrolChild(
      { ...d.input, ...(d.grade ? { grade: d.grade } : {}) } as EnrolChild,
      { id: user.id, role: user.role, displayName: user.displayName },
      { origin: 'survey', importKey: d.key, now: new Date(now.getTime() - d.createdDaysAgo * 86_400_000), lastHomeVisitOn: d.lastHomeVisitOn },
    )
    if (outcome === 'created') progress(`演示儿童档案 ${d.input.name}`)
  }
}
