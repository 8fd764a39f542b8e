import { readFileSync } from 'node:fs'
import { App } from 'aws-cdk-lib'
import { STACK_NAME, ShouhuStack } from './shouhu-stack.js'

const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
  context?: Record<string, unknown>
}

/**
 * The stack as `cdk synth` builds it (same cdk.json context) minus esbuild bundling,
 * for tests and local tooling that need the template but not the code.
 */
export function buildStack(): ShouhuStack {
  const app = new App({
    context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] },
    // `cdk synth` keeps validation on; skipping it here halves the time of every `npm start` / `npm test`.
    builtinCloudFormationValidation: false,
  })
  return new ShouhuStack(app, STACK_NAME)
}

/** The CloudFormation template of ShouhuStack, synthesized in-process without bundling. */
export function synthTemplate(): Record<string, unknown> {
  const stack = buildStack()
  const app = stack.node.root as App
  return app.synth().getStackByName(STACK_NAME).template as Record<string, unknown>
}
