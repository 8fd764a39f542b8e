// `npm run deploy -- --stage prod --email duty@example.cn` → `cdk deploy Shouhu-prod -c stage=prod -c alarmEmail=…`
// `npm run destroy -- --stage dev` → `cdk destroy Shouhu-dev -c stage=dev` (data of a retained stage stays).
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { stackName } from '../lib/stage.js'

const { values, positionals } = parseArgs({
  options: {
    stage: { type: 'string' },
    email: { type: 'string' },
    region: { type: 'string' },
    destroy: { type: 'boolean' },
    'destroy-data': { type: 'boolean' },
  },
  allowPositionals: true,
})
if (!values.stage) {
  console.error('✗ 请用 --stage <名称> 指定部署环境，例如：npm run deploy -- --stage prod --email ops@example.cn')
  process.exit(1)
}
const region = values.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION
if (!region) {
  console.error('✗ 请用 --region 或 AWS_REGION 指定区域（中国区：cn-north-1 北京 / cn-northwest-1 宁夏）')
  process.exit(1)
}
const args = [
  'cdk',
  values.destroy ? 'destroy' : 'deploy',
  stackName(values.stage),
  '-c',
  `stage=${values.stage}`,
  ...(values.email ? ['-c', `alarmEmail=${values.email}`] : []),
  ...(values['destroy-data'] ? ['-c', 'destroyData=true'] : []),
  ...(values.destroy ? [] : ['--require-approval', 'broadening']),
  ...positionals,
]
console.log(`> npx ${args.join(' ')}   (区域 ${region})`)
const result = spawnSync('npx', args, {
  cwd: fileURLToPath(new URL('..', import.meta.url)),
  stdio: 'inherit',
  env: { ...process.env, AWS_REGION: region, CDK_DEFAULT_REGION: region },
})
process.exit(result.status ?? 1)
