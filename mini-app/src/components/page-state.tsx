import { View, Text } from '@tarojs/components'
import { ActionButton } from './action-button'
import { Page } from './page'

/** The whole page when its data could not be loaded: the reason and a way to try again. */
export function LoadFailed({ id, message, onRetry }: { id: string; message: string; onRetry: () => void }) {
  return (
    <Page>
      <View id={id} className='error-box' aria-live='assertive'>
        <Text>{message}</Text>
      </View>
      <ActionButton onClick={onRetry}>重试</ActionButton>
    </Page>
  )
}

/** The whole page while its data is on the way (slow networks: say so rather than show nothing). */
export function Loading() {
  return (
    <Page>
      <Text className='hint' aria-live='polite'>
        正在加载…
      </Text>
    </Page>
  )
}
