import type { SubscribeTopic } from './subscribe'

/**
 * H5: subscription messages exist only inside WeChat (subscribe.tsx), where the prompt appears;
 * in a browser there is nothing to ask for, so nothing is shown and nothing is remembered.
 */
export type { SubscribeTopic }

export function subscribeDecision(_topic: SubscribeTopic): 'accept' | 'reject' | undefined {
  return undefined
}

export async function requestSubscription(_topic: SubscribeTopic): Promise<'accept' | 'reject' | 'unavailable'> {
  return 'unavailable'
}

export function SubscribePrompt(_props: { topic: SubscribeTopic }) {
  return null
}
