import { readFileSync } from 'node:fs'
import { App } from 'aws-cdk-lib'
import { STACK_NAME, ShouhuStack } from './shouhu-stack.js'
import { stageOf } from './stage.js'

const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
  context?: Record<string, unknown>
}

/**
 * The stack as `cdk synth` builds it (same cdk.json context) minus esbuild bundling,
 * for tests and local tooling that need the template but not the code.
 */
export function buildStack(opts: { context?: Record<string, unknown> } = {}): ShouhuStack {
  const app = new App({
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], ...opts.context },
    // `cdk synth` keeps validation on; skipping it here halves the time of every `npm start` / `npm test`.
    builtinCloudFormationValidation: false,
  })
  // A table encrypted with a customer-managed key needs a region-specific stack; the template
  // is the same in every region bar the partition, so a China region is synthesized here.
  const region = String(app.node.tryGetContext('region') ?? 'cn-northwest-1')
  return new ShouhuStack(app, STACK_NAME, { stage: stageOf(app), env: { region } })
}

/** The CloudFormation template of ShouhuStack, synthesized in-process without bundling. */
export function synthTemplate(): Record<string, unknown> {
  const stack = buildStack()
  const app = stack.node.root as App
  return app.synth().getStackByName(STACK_NAME).template as Record<string, unknown>
}
