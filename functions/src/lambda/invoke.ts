import { createHash, createHmac } from 'node:crypto'
import { SignatureV4 } from '@smithy/signature-v4'
import { dynamo } from '../data/client'

/**
 * Invokes another Lambda function asynchronously (`InvocationType: Event`): Lambda queues the
 * event and answers 202 at once, so the scheduler hands out its batches in milliseconds.
 *
 * A signed call to the Invoke API rather than @aws-sdk/client-lambda, which is not a dependency
 * of this project: the signer and the credentials are the ones the DynamoDB client already
 * bundles (the function's role, from the Lambda environment).
 */
type Data = string | ArrayBuffer | ArrayBufferView
const bytes = (d: Data) => (typeof d === 'string' ? Buffer.from(d) : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d))

class Sha256 {
  private readonly hash
  constructor(secret?: Data) {
    this.hash = secret ? createHmac('sha256', bytes(secret)) : createHash('sha256')
  }
  update(data: Data) {
    this.hash.update(bytes(data))
  }
  async digest() {
    return new Uint8Array(this.hash.digest())
  }
}

export async function invokeAsync(functionName: string, payload: unknown): Promise<void> {
  const region = process.env.AWS_REGION ?? 'us-east-1'
  const hostname = `lambda.${region}.amazonaws.com`
  const path = `/2015-03-31/functions/${encodeURIComponent(functionName)}/invocations`
  const body = JSON.stringify(payload)
  const signer = new SignatureV4({ service: 'lambda', region, credentials: dynamo().config.credentials, sha256: Sha256 })
  const signed = await signer.sign({
    method: 'POST',
    protocol: 'https:',
    hostname,
    path,
    headers: { host: hostname, 'content-type': 'application/json', 'x-amz-invocation-type': 'Event' },
    body,
  })
  const res = await fetch(`https://${hostname}${path}`, { method: 'POST', headers: signed.headers as Record<string, string>, body })
  if (res.status !== 202) throw new Error(`invoke ${functionName}: ${res.status} ${(await res.text()).slice(0, 200)}`)
}
