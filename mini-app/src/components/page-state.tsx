import { View, Text } from '@tarojs/components'
import { ActionButton } from './action-button'

/** The whole page when its data could not be loaded: the reason and a way to try again. */
export function LoadFailed({ id, message, onRetry }: { id: string; message: string; onRetry: () => void }) {
  return (
    <View className='page'>
      <View id={id} className='error-box'>
        <Text>{message}</Text>
      </View>
      <ActionButton onClick={onRetry}>重试</ActionButton>
    </View>
  )
}

/** The whole page while its data is on the way (slow networks: say so rather than show nothing). */
export function Loading() {
  return (
    <View className='page'>
      <Text className='hint'>正在加载…</Text>
    </View>
  )
}
