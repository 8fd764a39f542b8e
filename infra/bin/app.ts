import { App, Aspects } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { ShouhuStack } from '../lib/shouhu-stack.js'
import { stackName, stageOf } from '../lib/stage.js'

// `npm run deploy -- --stage prod` → `cdk deploy -c stage=prod`: one stack per stage, side by side.
const app = new App()
const stage = stageOf(app)
new ShouhuStack(app, stackName(stage), {
  stage,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
})
// The same AwsSolutions checks the tests run: an unsuppressed finding stops the deploy.
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }))
