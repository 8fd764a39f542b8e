import { Aspects } from 'aws-cdk-lib'
import { Annotations, Match } from 'aws-cdk-lib/assertions'
import { CloudAssembly } from 'aws-cdk-lib/cx-api'
import { AwsSolutionsChecks, NagSuppressions } from 'cdk-nag'
import { afterAll, describe, expect, it } from 'vitest'
import { buildStack } from '../../infra/lib/synth.js'

afterAll(() => CloudAssembly.cleanupTemporaryDirectories())

/** The stack after cdk-nag's AwsSolutions pack has visited it (as `cdk synth` / deploy run it). */
function checkedStack(context: Record<string, unknown> = {}) {
  const stack = buildStack({ context })
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }))
  return stack
}

describe('cdk-nag AwsSolutions checks (issue #10)', () => {
  it('the synthesized stack has zero unsuppressed errors and warnings', () => {
    const annotations = Annotations.fromStack(checkedStack({ alarmEmail: 'ops@example.cn' }))
    const errors = annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))
    const warnings = annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))
    const show = (xs: typeof errors) => xs.map((e) => `${e.id}: ${String(e.entry.data).split('\n')[0]}`)
    expect(show(errors)).toEqual([])
    expect(show(warnings)).toEqual([])
  })

  it('the checks really run on this stack: without the suppressions synthesis fails on the findings', () => {
    const stack = buildStack()
    expect((stack.templateOptions.metadata as Record<string, unknown> | undefined)?.cdk_nag).toBeDefined()
    stack.templateOptions.metadata = {}
    Aspects.of(stack).add(new AwsSolutionsChecks())
    expect(() => Annotations.fromStack(stack)).toThrow(/AwsSolutions-SQS3[\s\S]*AwsSolutions-APIG4|AwsSolutions-APIG4[\s\S]*AwsSolutions-SQS3/)
  })

  it('every suppression carries a written reason', () => {
    const stack = buildStack()
    const rules = (stack.templateOptions.metadata as { cdk_nag: { rules_to_suppress: { id: string; reason: string }[] } }).cdk_nag.rules_to_suppress
    expect(rules.length).toBeGreaterThan(0)
    for (const r of rules) expect(r.reason.length, r.id).toBeGreaterThan(40)
    expect(NagSuppressions).toBeDefined()
  })
})
