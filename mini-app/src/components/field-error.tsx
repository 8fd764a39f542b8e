import { View, Text } from '@tarojs/components'

/**
 * The messages for one field, shown right under it. Renders nothing when there are none.
 * The class `field-errors` is what forms/reveal finds to bring the first message into view.
 */
export function FieldErrorText({ id, messages }: { id?: string; messages?: readonly string[] }) {
  if (!messages || messages.length === 0) return null
  return (
    <View id={id} className='field-errors' aria-live='polite'>
      {messages.map((m) => (
        <Text key={m} className='field-error'>
          {m}
        </Text>
      ))}
    </View>
  )
}
