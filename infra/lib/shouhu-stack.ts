import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib'
import type { Construct } from 'constructs'
import { Api } from './api.js'
import { Data } from './data.js'
import { Documents } from './documents.js'
import { Notifications } from './notifications.js'
import { Schedules } from './schedules.js'
import { Secrets } from './secrets.js'

export const STACK_NAME = 'ShouhuStack'

export class ShouhuStack extends Stack {
  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, { description: 'Shouhu: child-protection reports, entrusted care and allowances', ...props })
    const { table } = new Data(this, 'Data')
    const secrets = new Secrets(this, 'Secrets')
    const shared = { table, sessionSecret: secrets.session, wechatSecret: secrets.wechat }

    const api = new Api(this, 'Api', shared)
    new Documents(this, 'Documents').grantApi(api.handler)
    new Notifications(this, 'Notifications', shared)
    new Schedules(this, 'Schedules', shared)

    new CfnOutput(this, 'ApiUrl', { value: api.url })
    new CfnOutput(this, 'TableName', { value: table.tableName })
  }
}
