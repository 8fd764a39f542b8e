import { View, Text } from '@tarojs/components'

/** The messages for one field, shown right under it. Renders nothing when there are none. */
export function FieldErrorText({ id, messages }: { id?: string; messages?: readonly string[] }) {
  if (!messages || messages.length === 0) return null
  return (
    <View id={id} className='field-errors'>
      {messages.map((m) => (
        <Text key={m} className='field-error'>
          {m}
        </Text>
      ))}
    </View>
  )
}
