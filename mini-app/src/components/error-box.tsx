import { View, Text } from '@tarojs/components'

/** A message box for a failed load or action, read out at once (role=alert). Nothing when there is no message. */
export function ErrorBox({ id, message }: { id: string; message: string }) {
  if (!message) return null
  return (
    <View id={id} className='error-box' role='alert'>
      <Text>{message}</Text>
    </View>
  )
}
