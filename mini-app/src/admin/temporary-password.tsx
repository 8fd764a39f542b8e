import { View, Text } from '@tarojs/components'

/** Said wherever a temporary password appears: why it is shown once and how to pass it on. */
export const temporaryPasswordAdvice = '只显示这一次。请当面或打电话告诉本人，不要发到群里。本人第一次登录时必须改成自己的密码。'

/**
 * A temporary password is shown once, here, to be passed on in person or by phone (the server
 * keeps only its hash). The password's id is `${id}-password`.
 */
export function TemporaryPassword({ id, who, password, advice = true }: { id: string; who: string; password: string; advice?: boolean }) {
  return (
    <View id={id} className='notice' role={advice ? 'status' : undefined}>
      <Text>{who} 的临时密码：</Text>
      <Text id={`${id}-password`} className='title' selectable>
        {password}
      </Text>
      {advice && <Text className='hint'>{temporaryPasswordAdvice}</Text>}
    </View>
  )
}
