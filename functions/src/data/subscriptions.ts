import { ConditionalCheckFailedException, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'
import type { MessageTemplate, SubscriptionState } from '@shouhu/shared'
import { dynamo, tableName } from './client'
import { getItem } from './table'

/**
 * One person's subscription to one message template (`USER#<id>` / `SUBSCRIBE#<template>`).
 * A WeChat one-off subscription allows one message per 「允许」; sending more fails (errcode
 * 43101) and would be retried for nothing. So each accept adds a credit, each message sent
 * takes one, and a refusal clears them and is remembered.
 */
const key = (userId: string, template: MessageTemplate) => marshall({ pk: `USER#${userId}`, sk: `SUBSCRIBE#${template}` })

export async function subscriptionState(userId: string, template: MessageTemplate): Promise<SubscriptionState> {
  const item = await getItem<SubscriptionState>(`USER#${userId}`, `SUBSCRIBE#${template}`, true)
  return { template, credits: item?.credits ?? 0, ...(item?.refusedAt ? { refusedAt: item.refusedAt } : {}) }
}

export async function recordSubscription(userId: string, template: MessageTemplate, decision: 'accept' | 'reject', now: string): Promise<SubscriptionState> {
  const out = await dynamo().send(
    new UpdateItemCommand({
      TableName: tableName(),
      Key: key(userId, template),
      ...(decision === 'accept'
        ? {
            UpdateExpression: 'SET template = :t, updatedAt = :now ADD credits :one REMOVE refusedAt',
            ExpressionAttributeValues: marshall({ ':t': template, ':now': now, ':one': 1 }),
          }
        : {
            UpdateExpression: 'SET template = :t, updatedAt = :now, refusedAt = :now, credits = :zero',
            ExpressionAttributeValues: marshall({ ':t': template, ':now': now, ':zero': 0 }),
          }),
      ReturnValues: 'ALL_NEW',
    }),
  )
  const item = unmarshall(out.Attributes!) as SubscriptionState
  return { template, credits: item.credits, ...(item.refusedAt ? { refusedAt: item.refusedAt } : {}) }
}

/** Takes one credit for a message about to be sent; false when none is left (or they refused). */
export async function takeSubscriptionCredit(userId: string, template: MessageTemplate): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateItemCommand({
        TableName: tableName(),
        Key: key(userId, template),
        UpdateExpression: 'ADD credits :minus',
        ConditionExpression: 'credits > :zero',
        ExpressionAttributeValues: marshall({ ':minus': -1, ':zero': 0 }),
      }),
    )
    return true
  } catch (e) {
    if (e instanceof ConditionalCheckFailedException) return false
    throw e
  }
}
