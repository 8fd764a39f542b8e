import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { Alarms } from './alarms.js'
import { Api } from './api.js'
import { configureApiStage } from './api-stage.js'
import { Data } from './data.js'
import { Documents } from './documents.js'
import { Exports } from './exports.js'
import { Imports } from './imports.js'
import { Encryption } from './encryption.js'
import { Notifications } from './notifications.js'
import { suppressNagFindings } from './nag.js'
import { Schedules } from './schedules.js'
import { Secrets } from './secrets.js'
import { DEFAULT_STAGE, names, retainsData, stackName } from './stage.js'

/** The stack name the local tooling synthesizes (and names its template file after). */
export const STACK_NAME = 'ShouhuStack'

export interface ShouhuStackProps extends StackProps {
  /** dev, staging, prod…: carried by the stack and every named resource. */
  stage?: string
}

export class ShouhuStack extends Stack {
  readonly stage: string

  constructor(scope: Construct, id: string, props: ShouhuStackProps = {}) {
    super(scope, id, { description: `Shouhu (${props.stage ?? DEFAULT_STAGE}): child-protection reports, entrusted care and allowances`, ...props })
    const stage = (this.stage = props.stage ?? DEFAULT_STAGE)
    const n = names(stage)
    const retain = retainsData(this)
    Tags.of(this).add('shouhu:stage', stage)

    const { key } = new Encryption(this, 'Encryption', { alias: n.keyAlias, retain })
    const { table } = new Data(this, 'Data', { tableName: n.table, encryptionKey: key, retain })
    const secrets = new Secrets(this, 'Secrets', { names: { session: n.sessionSecret, wechat: n.wechatSecret }, retain })
    const shared = { table, sessionSecret: secrets.session, wechatSecret: secrets.wechat }

    const api = new Api(this, 'Api', shared, { stage })
    configureApiStage(api, api.http)
    const documents = new Documents(this, 'Documents', { encryptionKey: key, retain })
    for (const fn of api.handlers) documents.grantApi(fn)
    const notifications = new Notifications(this, 'Notifications', shared)
    const schedules = new Schedules(this, 'Schedules', shared)
    new Exports(this, 'Exports', shared, { documents, stream: notifications.handler })
    new Imports(this, 'Imports', shared, { documents, encryptionKey: key, stream: notifications.handler })

    const alarmEmail = this.node.tryGetContext('alarmEmail') as string | undefined
    const alarms = new Alarms(this, 'Alarms', {
      topicName: n.alarmTopic,
      email: alarmEmail,
      encryptionKey: key,
      schedule: { handler: schedules.handler, rule: schedules.rule },
      stream: notifications.handler,
    })
    suppressNagFindings(this)

    new CfnOutput(this, 'Stage', { value: stage })
    new CfnOutput(this, 'ApiUrl', { value: api.url })
    new CfnOutput(this, 'TableName', { value: table.tableName })
    new CfnOutput(this, 'WechatSecretName', { value: n.wechatSecret })
    new CfnOutput(this, 'AlarmTopic', { value: alarms.topic.topicArn })
  }
}

export { stackName }
