import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { StaffLogin, fieldErrors, signsInAsStaff } from '@shouhu/shared'
import { errorText } from '../../api/client'
import { FieldErrorText } from '../../components/field-error'
import { staffLanding } from '../../routes'
import { currentUser, signOut, staffSignIn } from '../../session'
import { ActionButton } from '../../components/action-button'
import { Page } from '../../components/page'
import { FieldInput, inputA11y } from '../../components/field-input'
import { useFieldErrors } from '../../forms/field-errors'
import { tapTarget } from '../../components/a11y'
import { bindWechatInBackground, landingAfterSignIn } from '../../admin/after-sign-in'

export default function StaffLoginPage() {
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [errors, setErrors, showErrors] = useFieldErrors<Record<string, string[]>>({ username, password })
  const [signedIn, setSignedIn] = useState(() => currentUser('staff'))

  async function onSubmit() {
    if (busy) return
    const parsed = StaffLogin.safeParse({ username, password })
    if (!parsed.success) {
      const byField: Record<string, string[]> = {}
      for (const f of fieldErrors(parsed.error)) (byField[f.field] ??= []).push(f.message)
      showErrors(byField)
      return
    }
    setBusy(true)
    setErrors({})
    try {
      const result = await staffSignIn(parsed.data.username, parsed.data.password)
      if (!signsInAsStaff(result.user.role)) {
        signOut('staff')
        showErrors({ form: ['这个账号不是工作人员账号。'] })
        return
      }
      // A fresh page stack: back never returns to this form or to pages of another account.
      // School liaisons and police work on entrusted care only.
      // A temporary password is changed first (the session allows nothing else); WeChat is bound after.
      if (!result.mustChangePassword) void bindWechatInBackground()
      await Taro.reLaunch({ url: landingAfterSignIn(result) })
    } catch (e) {
      showErrors({ form: [errorText(e)] })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Page>
      <Text className='title'>工作人员登录</Text>
      <Text className='lead'>供村（社区）儿童主任、乡镇（街道）儿童督导员和县级民政部门工作人员使用。</Text>
      {signedIn && (
        <View className='notice'>
          <Text>当前已登录：{signedIn.displayName}</Text>
          <View className='spacer' />
          <ActionButton id='staff-continue' size='small' onClick={() => Taro.reLaunch({ url: staffLanding(signedIn.role) })}>
            进入工作台
          </ActionButton>
          <Text
            className='link'
            {...tapTarget('link')}
            onClick={() => {
              signOut('staff')
              setSignedIn(undefined)
            }}
          >
            退出登录
          </Text>
        </View>
      )}
      <View className='section'>
        <View className='field'>
          <Text className='label'>账号</Text>
          <FieldInput
            id='staff-username'
            value={username}
            placeholder='请输入账号'
            a11y={inputA11y('staff-username', '账号', errors.username)}
            onInput={(e) => setUsername(e.detail.value)}
          />
          <FieldErrorText id='error-staff-username' messages={errors.username} />
        </View>
        <View className='field'>
          <Text className='label'>密码</Text>
          <FieldInput
            id='staff-password'
            password
            value={password}
            placeholder='请输入密码'
            a11y={inputA11y('staff-password', '密码', errors.password)}
            onInput={(e) => setPassword(e.detail.value)}
            onConfirm={() => void onSubmit()}
          />
          <FieldErrorText id='error-staff-password' messages={errors.password} />
        </View>
        {errors.form && (
          <View className='error-box'>
            <FieldErrorText id='staff-login-error' messages={errors.form} />
          </View>
        )}
        <ActionButton id='staff-login-submit' kind='primary' disabled={busy} onClick={() => void onSubmit()}>
          {busy ? '正在登录…' : '登录'}
        </ActionButton>
      </View>
    </Page>
  )
}
