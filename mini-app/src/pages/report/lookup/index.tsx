import { useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { FieldInput, inputA11y } from '../../../components/field-input'
import { TrackingCode } from '@shouhu/shared'
import { ActionButton } from '../../../components/action-button'
import { FieldErrorText } from '../../../components/field-error'
import { routes } from '../../../routes'

/**
 * The promise on the confirmation page, kept: the code the reporter noted opens the report's
 * progress on any phone, signed in or not (the server throttles lookups per client).
 */
export default function Lookup() {
  const [code, setCode] = useState('')
  const [error, setError] = useState<string[]>([])
  const busy = useRef(false)

  async function onLookup() {
    if (busy.current) return
    const parsed = TrackingCode.safeParse(code)
    if (!parsed.success) {
      setError([parsed.error.issues[0]?.message ?? '查询码是 12 位字母和数字，请核对'])
      return
    }
    busy.current = true
    try {
      await Taro.navigateTo({ url: routes.status(parsed.data) })
    } finally {
      busy.current = false
    }
  }

  return (
    <View className='page'>
      <Text className='title'>查看反映的进展</Text>
      <Text className='lead'>输入提交反映时得到的 12 位查询码（例如 K7QM-3XPT-9ABC）。不用登录，换了手机也能查。</Text>
      <View className='field'>
        <Text className='label'>查询码</Text>
        <FieldInput
          id='lookup-code'
          className='input tracking-input'
          value={code}
          maxlength={20}
          placeholder='12 位字母和数字'
          a11y={inputA11y('lookup-code', '查询码', error)}
          onInput={(e) => {
            setCode(e.detail.value)
            setError([])
          }}
          onConfirm={() => void onLookup()}
        />
        <FieldErrorText id='error-lookup-code' messages={error} />
      </View>
      <ActionButton id='lookup-submit' kind='primary' size='big' onClick={() => void onLookup()}>
        查看进展
      </ActionButton>
      <Text className='hint'>查询码不要告诉别人。多次输错后需要等几分钟才能再查。</Text>
    </View>
  )
}
