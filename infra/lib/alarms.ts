import { Duration, Stack } from 'aws-cdk-lib'
import { Alarm, ComparisonOperator, Metric, TreatMissingData, type IAlarm } from 'aws-cdk-lib/aws-cloudwatch'
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions'
import type { Rule } from 'aws-cdk-lib/aws-events'
import type { IKey } from 'aws-cdk-lib/aws-kms'
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda'
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Topic } from 'aws-cdk-lib/aws-sns'
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions'
import { Queue } from 'aws-cdk-lib/aws-sqs'
import { Construct } from 'constructs'

export interface AlarmsProps {
  topicName: string
  /** Who is emailed (CDK context `alarmEmail`); without it the topic has no subscriber yet. */
  email?: string
  encryptionKey: IKey
  /** The escalation schedule: a red report nobody acknowledged climbs only while it runs. */
  schedule: { handler: LambdaFunction; rule: Rule }
  /** The table-stream function: notifications lag behind as its iterator ages. */
  stream: LambdaFunction
}

/**
 * What wakes the operator (issue #10): the escalation schedule failing or not running, the
 * stream falling behind, any function's errors and throttles, and any dead-letter queue with
 * something in it. Functions and queues are found in the stack, so one added later (a due
 * worker, another DLQ) is alarmed on without touching this file.
 */
export class Alarms extends Construct {
  readonly topic: Topic
  readonly alarms: IAlarm[] = []

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id)
    this.topic = new Topic(this, 'Topic', { topicName: props.topicName, displayName: '守护 Shouhu 告警', masterKey: props.encryptionKey, enforceSSL: true })
    // CloudWatch publishes to the encrypted topic with the key.
    props.encryptionKey.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*')
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email))
    const notify = new SnsAction(this.topic)
    const add = (alarm: Alarm) => {
      alarm.addAlarmAction(notify)
      alarm.addOkAction(notify)
      this.alarms.push(alarm)
    }
    const fiveMinutes = Duration.minutes(5)

    const { handler: schedule, rule } = props.schedule
    add(
      new Alarm(this, 'EscalationNotRunning', {
        alarmDescription: '升级检查（红色报告超时未接收）5 分钟内没有运行：红色报告不会升级到乡镇和县。',
        metric: schedule.metricInvocations({ period: fiveMinutes, statistic: 'Sum' }),
        threshold: 3,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 1,
        // No data at all is the clearest sign the schedule stopped.
        treatMissingData: TreatMissingData.BREACHING,
      }),
    )
    add(
      new Alarm(this, 'EscalationRuleFailed', {
        alarmDescription: '定时规则未能调用升级检查函数。',
        metric: new Metric({ namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensionsMap: { RuleName: rule.ruleName }, period: fiveMinutes, statistic: 'Sum' }),
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    )
    add(
      new Alarm(this, 'StreamIteratorAge', {
        alarmDescription: '通知处理落后超过 5 分钟：村里要晚些才收到新报告的提醒。',
        metric: props.stream.metric('IteratorAge', { period: Duration.minutes(1), statistic: 'Maximum' }),
        threshold: 5 * 60_000,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    )

    const stack = Stack.of(this)
    const functions = stack.node.findAll().filter((c): c is LambdaFunction => c instanceof LambdaFunction)
    for (const fn of functions) {
      const name = fn.node.path.split('/').slice(1).join('')
      add(
        new Alarm(this, `${name}Errors`, {
          alarmDescription: `函数 ${fn.node.path} 出错。`,
          metric: fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      )
      add(
        new Alarm(this, `${name}Throttles`, {
          alarmDescription: `函数 ${fn.node.path} 被限流。`,
          metric: fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      )
    }
    // Every queue in the stack is a dead-letter queue: anything in one is work that was dropped.
    const queues = stack.node.findAll().filter((c): c is Queue => c instanceof Queue)
    for (const q of queues) {
      add(
        new Alarm(this, `${q.node.path.split('/').slice(1).join('')}NotEmpty`, {
          alarmDescription: `死信队列 ${q.node.path} 有未处理的内容：请查看并重新处理。`,
          metric: q.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: 'Maximum' }),
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      )
    }
  }
}
