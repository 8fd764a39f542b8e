import { readFileSync } from 'node:fs'
import { isMain, runCommand, UsageError } from './target'
import { parseArgs } from 'node:util'

/**
 * Stores the mini-program's credentials and subscription-message template ids in the stage's
 * WeChat secret (`shouhu/<stage>/wechat`). Running functions read it again within
 * SECRET_TTL_SECONDS (5 minutes): no redeploy. The app secret is read from a file or stdin so
 * it never appears in the shell history or the process list.
 *
 *   npm run set-wechat-secret -w functions -- --stage prod --app-id wx0123456789abcdef \
 *     --report-alert <模板ID> --report-update <模板ID> --entrustment-update <模板ID> --application-update <模板ID> < appsecret.txt
 */
export function wechatSecretValue(input: { appId: string; appSecret: string; reportAlert?: string; reportUpdate?: string; entrustmentUpdate?: string; applicationUpdate?: string }): string {
  if (!/^wx[0-9a-f]{16}$/.test(input.appId)) throw new UsageError('--app-id 应为小程序的 AppID（wx 加 16 位十六进制字符）')
  if (!/^[0-9a-f]{32}$/.test(input.appSecret)) throw new UsageError('AppSecret 应为 32 位十六进制字符（从标准输入读取）')
  const templates = Object.fromEntries(
    (['reportAlert', 'reportUpdate', 'entrustmentUpdate', 'applicationUpdate'] as const).filter((k) => input[k]).map((k) => [k, input[k]!]),
  )
  return JSON.stringify({ appId: input.appId, appSecret: input.appSecret, templates })
}

if (isMain(import.meta.url)) {
  void runCommand(async () => {
    const { values } = parseArgs({
      options: {
        stage: { type: 'string' },
        'app-id': { type: 'string' },
        'report-alert': { type: 'string' },
        'report-update': { type: 'string' },
        'entrustment-update': { type: 'string' },
        'application-update': { type: 'string' },
        region: { type: 'string' },
      },
    })
    if (!values.stage || !values['app-id']) throw new UsageError('用法：npm run set-wechat-secret -w functions -- --stage prod --app-id wx… [--report-alert …] < appsecret.txt')
    const secret = wechatSecretValue({
      appId: values['app-id'],
      appSecret: readFileSync(0, 'utf8').trim(),
      reportAlert: values['report-alert'],
      reportUpdate: values['report-update'],
      entrustmentUpdate: values['entrustment-update'],
      applicationUpdate: values['application-update'],
    })
    const { SecretsManagerClient, PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager')
    const id = `shouhu/${values.stage}/wechat`
    await new SecretsManagerClient(values.region ? { region: values.region } : {}).send(new PutSecretValueCommand({ SecretId: id, SecretString: secret }))
    console.log(`✓ 已更新 ${id}（AppID ${values['app-id']}）。运行中的函数将在 5 分钟内使用新值，无需重新部署。`)
  })
}
