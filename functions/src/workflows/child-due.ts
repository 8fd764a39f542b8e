import { type ChildRecord, type OverdueLevel, chinaToday, colourLabel, dutyKindLabel } from '@shouhu/shared'
import { getChild } from '../data/children'
import { staffServing } from '../data/users'
import { HttpError } from '../errors'
import { childClock } from './child-clock'
import { categoriesOf, changeChild, tellDirector } from './children'
import { notifyPeople } from './notifications'

/**
 * The child file's timers, run by the sharded due runner (`due/registry.ts`). Handlers get
 * only the index item, read the file themselves, and act through a versioned write, so two
 * overlapping runs act once; notifications have ids derived from their cause, so a retry
 * never sends twice.
 */

const levels: OverdueLevel[] = ['director', 'township', 'county']
const rank = (l: OverdueLevel | undefined) => (l ? levels.indexOf(l) : -1)

const levelText: Record<OverdueLevel, string> = { director: '儿童主任', township: '乡镇儿童督导员', county: '县民政局' }

// Who serves a division changes rarely; one due run touches the same few villages thousands of
// times, so the lookups are kept for a minute (a new director is told from the next run).
const servingCache = new Map<string, { at: number; ids: Promise<string[]> }>()
function serving(role: 'village_director' | 'township_supervisor' | 'county_officer', code: string): Promise<string[]> {
  const key = `${role}:${code}`
  const hit = servingCache.get(key)
  if (hit && Date.now() - hit.at < 60_000) return hit.ids
  const ids = staffServing(role, code).then((staff) => staff.map((s) => s.id))
  servingCache.set(key, { at: Date.now(), ids })
  ids.catch(() => servingCache.delete(key))
  return ids
}

async function recipients(c: ChildRecord, level: OverdueLevel): Promise<string[]> {
  if (level === 'director') {
    const directors = await serving('village_director', c.villageCode)
    // A village without a director: its township is told at once.
    return directors.length ? directors : serving('township_supervisor', c.townshipCode)
  }
  if (level === 'township') return serving('township_supervisor', c.townshipCode)
  return serving('county_officer', c.countyCode)
}

/**
 * A due contact not done: at the moment it is overdue the director is reminded; one grace
 * later it is in the township supervisor's overdue list and they are told; another grace and it
 * reaches the county (issue #7). Red interventions not recorded within the day climb the same way.
 */
export async function fireChildOverdue(item: Record<string, unknown>, now: Date): Promise<boolean> {
  const id = String(item.pk).slice('CHILD#'.length)
  const c = await getChild(id)
  const d = c?.duties[0]
  if (!c || !d) return false
  const elapsed = now.getTime() - Date.parse(d.overdueAt)
  if (elapsed < 0) return false
  const { graceMs } = childClock()
  const target: OverdueLevel = elapsed >= 2 * graceMs ? 'county' : elapsed >= graceMs ? 'township' : 'director'
  const same = c.overdue && c.overdue.ruleId === d.ruleId && c.overdue.dueOn === d.dueOn
  const current = same ? c.overdue!.level : undefined
  if (rank(target) <= rank(current)) return false
  for (const level of levels.slice(rank(current) + 1, rank(target) + 1)) {
    await notifyPeople(await recipients(c, level), {
      kind: level === 'director' ? 'child_overdue' : 'child_overdue_escalated',
      subject: { type: 'child', id: c.id },
      page: `casework/child/index?id=${c.id}`,
      title: level === 'director' ? `${dutyKindLabel[d.kind]}已到期` : `${dutyKindLabel[d.kind]}逾期未完成，已报${levelText[level]}`,
      body: `${c.name}（${colourLabel[c.grade.colour]}）：${d.rule}，应于 ${d.dueOn} 前完成${level === 'director' ? '' : `，已逾期`}`,
      colour: c.grade.colour,
      occasion: `${d.ruleId}:${d.dueOn}:${level}`,
    }, now.toISOString())
  }
  try {
    await changeChild(
      id,
      (fresh, at) => {
        const fd = fresh.duties[0]
        // Done (or regraded) meanwhile: nothing is overdue any more.
        if (!fd || fd.ruleId !== d.ruleId || fd.dueOn !== d.dueOn) return { next: fresh }
        return {
          next: { ...fresh, overdue: { level: target, ruleId: d.ruleId, dueOn: d.dueOn, kind: d.kind, since: d.overdueAt } },
          side: {
            events: [{ at: at.toISOString(), kind: 'overdue', text: `${dutyKindLabel[d.kind]}逾期（应于 ${d.dueOn} 前完成，${d.rule}），已提醒${levelText[target]}` }],
          },
        }
      },
      { now },
    )
  } catch (e) {
    if (e instanceof HttpError && e.code === 'NOT_FOUND') return false
    throw e
  }
  return true
}

/**
 * The 16th birthday: the child no longer counts as left behind (004 §2(一): 未满十六周岁), on the
 * day they are 16 full years old as the law counts it (民法典 §201, `periodCompleteOn`), the same
 * rule the entrustment and allowance screens use.
 */
export async function fireChildAge16(item: Record<string, unknown>, now: Date): Promise<boolean> {
  const id = String(item.childId ?? String(item.pk).slice('CHILD#'.length))
  let ended = false
  try {
    const child = (await changeChild(
      id,
      (c, at) => {
        const had = c.categories.some((k) => k.id === 'left_behind')
        const still = categoriesOf(c, chinaToday(at)).some((k) => k.id === 'left_behind')
        ended = had && !still
        return {
          next: c,
          side: { age16At: null, events: ended ? [{ at: at.toISOString(), kind: 'category_ended', text: '孩子已满十六周岁，不再属于农村留守儿童' }] : [] },
        }
      },
      { now },
    )) as ChildRecord
    if (ended) await tellDirector(child, 'child_category_ended', '孩子已满十六周岁', `${child.name}已满十六周岁，不再属于农村留守儿童；如仍有困难，请继续关爱`, 'age16')
  } catch (e) {
    if (e instanceof HttpError && e.code === 'NOT_FOUND') return false
    throw e
  }
  return true
}
