import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda'
import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'
import { handleTableChange } from '../workflows/stream'
import { log } from '../log'

/**
 * DynamoDB stream → notifications. Records are handled in order; on the first failure the
 * rest of the batch is reported failed so Lambda retries from there (bisecting if needed).
 * The local poller calls `handleTableChange` with the same records.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    try {
      await handleTableChange({
        eventName: record.eventName ?? 'UNKNOWN',
        newImage: record.dynamodb?.NewImage && unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>),
        oldImage: record.dynamodb?.OldImage && unmarshall(record.dynamodb.OldImage as Record<string, AttributeValue>),
      })
    } catch (e) {
      log.error('stream record failed', { eventId: record.eventID, error: e instanceof Error ? e.message : String(e) })
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] }
    }
  }
  return { batchItemFailures: [] }
}
