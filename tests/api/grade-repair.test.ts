import { beforeAll, describe, expect, it } from 'vitest'
import { call, useApi } from '../support/api-harness'
import { signIn } from './helpers'
import { enrolled, getFile, storedChild, timeline } from './children-fixtures'

/**
 * The repair for files whose grade an enrolment overwrote (functions/src/ops/grade-repair.ts):
 * until the fix, enrolling the same child again with a grade replaced the file's grade with the
 * grade as submitted (no colour). The repair gives each such file back the grade its timeline
 * last records — or the green every file starts with — and leaves sound files alone; a second
 * run repairs nothing.
 */
useApi()
type Staff = Awaited<ReturnType<typeof signIn>>
let dinghu: Staff, town: Staff

beforeAll(async () => {
  ;[dinghu, town] = await Promise.all(['dinghu', 'dinghu-town'].map(signIn))
})

/** What the overwrite left on a file: the submitted grade, uncoloured. */
async function overwritten(id: string) {
  const { UpdateItemCommand } = await import('@aws-sdk/client-dynamodb')
  const { marshall } = await import('@aws-sdk/util-dynamodb')
  const { dynamo, tableName } = await import('../../functions/src/data/client')
  await dynamo().send(
    new UpdateItemCommand({
      TableName: tableName(),
      Key: { pk: { S: `CHILD#${id}` }, sk: { S: 'CHILD' } },
      UpdateExpression: 'SET grade = :g',
      ExpressionAttributeValues: marshall({ ':g': { situations: ['care_lacking'], reason: '台账重新导入', hardToJudge: false } }),
    }),
  )
}

describe('grade repair (ops)', () => {
  it('gives overwritten files the grade their timeline records, the township’s confirmation included; a sound file and a second run are untouched', async () => {
    const { repairGrades } = await import('../../functions/src/ops/grade-repair')
    const yellow = await enrolled(dinghu.token, { name: '修复甲', birthDate: '2013-03-13', grade: { situations: ['dropout'], reason: '开学两周未到校' } })
    const never = await enrolled(dinghu.token, { name: '修复乙', birthDate: '2013-04-14' })
    const confirmed = await enrolled(dinghu.token, { name: '修复丙', birthDate: '2013-05-15' })
    const proposed = await call('POST', `/staff/children/${confirmed.id}/grade`, { token: dinghu.token, body: { situations: ['mental_distress'], reason: '情绪异常，原因不明', hardToJudge: true } })
    expect(proposed.status).toBe(200)
    expect((await call('POST', `/staff/children/${confirmed.id}/grade/confirm`, { token: town.token, body: { decision: 'confirm', reason: '同意' } })).status).toBe(200)
    const sound = await enrolled(dinghu.token, { name: '修复丁', birthDate: '2013-06-16', grade: { situations: ['care_lacking'], reason: '照护不足' } })
    const soundBefore = await storedChild(sound.id)
    for (const f of [yellow, never, confirmed]) await overwritten(f.id)
    expect((await storedChild(yellow.id)).grade.colour).toBeUndefined()

    const first = await repairGrades('341324', { pageSize: 50 })
    expect(first.repaired).toBeGreaterThanOrEqual(3)
    expect((await storedChild(yellow.id)).grade).toMatchObject({ colour: 'yellow', situations: ['dropout'], reason: '开学两周未到校', gradedByName: dinghu.displayName })
    expect((await storedChild(never.id)).grade).toMatchObject({ colour: 'green', situations: [], gradedByName: dinghu.displayName })
    const c = (await storedChild(confirmed.id)).grade
    expect(c).toMatchObject({ colour: proposed.body.grade.colour, situations: ['mental_distress'], confirmedByName: town.displayName })
    // The list row and the file agree again, and the timeline says what happened.
    expect((await getFile(dinghu.token, yellow.id)).body.grade.colour).toBe('yellow')
    expect((await timeline(dinghu.token, yellow.id))[0].text).toContain('系统恢复了风险等级记录')
    expect(await storedChild(sound.id)).toEqual(soundBefore)

    const second = await repairGrades('341324', { pageSize: 50 })
    expect(second.repaired).toBe(0)
  })

  it('refuses a county code that is not six digits', async () => {
    const { repairGrades } = await import('../../functions/src/ops/grade-repair')
    await expect(repairGrades('34132', {})).rejects.toThrow('6 位县级区划代码')
  })
})
