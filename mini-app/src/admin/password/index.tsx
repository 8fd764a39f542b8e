import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { FieldInput, inputA11y } from '../../components/field-input'
import { ChangePassword, fieldErrors } from '@shouhu/shared'
import { ApiRequestError, errorText } from '../../api/client'
import { staffAdminEndpoints } from '../../api/staff-admin'
import { ActionButton } from '../../components/action-button'
import { FieldErrorText } from '../../components/field-error'
import { routes } from '../../routes'
import { currentSession, saveSession, signOut } from '../../session'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { bindWechatInBackground, landingAfterSignIn } from '../after-sign-in'

type Errors = Record<string, string[]>

/** A labelled password input (typed characters hidden); messages have the id `error-<id>`. */
function PasswordField({ id, label, hint, value, onInput, errors }: { id: string; label: string; hint?: string; value: string; onInput: (v: string) => void; errors?: string[] }) {
  return (
    <View className='field'>
      <Text className='label'>{label}</Text>
      {hint && <Text className='hint'>{hint}</Text>}
      <FieldInput id={id} password value={value} maxlength={64} a11y={inputA11y(id, label, errors)} onInput={(e) => onInput(e.detail.value)} />
      <FieldErrorText id={`error-${id}`} messages={errors} />
    </View>
  )
}

/** Change one's password (a temporary one must be changed first) and sign out on every device. */
export default function PasswordPage() {
  const user = useStaffUser()
  const temporary = currentSession('staff')?.mustChangePassword === true
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)

  async function submit() {
    if (busy) return
    const parsed = ChangePassword.safeParse({ currentPassword: current, newPassword: next })
    const errs: Errors = {}
    if (!parsed.success) for (const f of fieldErrors(parsed.error, { currentPassword: '当前密码', newPassword: '新密码' })) (errs[f.field] ??= []).push(f.message)
    if (next && repeat !== next) (errs.repeat ??= []).push('两次输入的新密码不一样')
    setErrors(errs)
    if (!parsed.success || errs.repeat) return
    setBusy(true)
    try {
      const result = await staffAdminEndpoints.changePassword(parsed.data)
      saveSession('staff', result)
      await Taro.showToast({ title: '密码已修改', icon: 'success' })
      void bindWechatInBackground()
      await Taro.reLaunch({ url: landingAfterSignIn(result) })
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      const out: Errors = {}
      if (e instanceof ApiRequestError && e.fields.length) for (const f of e.fields) (out[f.field] ??= []).push(f.message)
      else out.form = [errorText(e)]
      setErrors(out)
    } finally {
      setBusy(false)
    }
  }

  async function signOutEverywhere() {
    const { confirm } = await Taro.showModal({ title: '退出所有设备', content: '所有手机和电脑上的这个账号都会退出登录，包括这一台。确定吗？', confirmText: '全部退出' })
    if (!confirm) return
    try {
      await staffAdminEndpoints.signOutEverywhere()
    } catch (e) {
      if (!redirectIfSignedOut(e)) return setErrors({ form: [errorText(e)] })
    }
    signOut('staff')
    await Taro.reLaunch({ url: routes.staffLogin })
  }

  if (!user) return <View className='page' />
  return (
    <View className='page'>
      <Text className='title'>{temporary ? '请先设置自己的密码' : '修改密码'}</Text>
      {temporary && (
        <Text id='password-temporary' className='lead'>
          您正在使用临时密码。设置自己的密码后才能开始工作。
        </Text>
      )}
      <View className='section'>
        <PasswordField id='password-current' label={temporary ? '临时密码' : '当前密码'} value={current} onInput={setCurrent} errors={errors.currentPassword} />
        <PasswordField id='password-new' label='新密码' hint='至少 8 位，要有字母也要有数字' value={next} onInput={setNext} errors={errors.newPassword} />
        <PasswordField id='password-repeat' label='再输一遍新密码' value={repeat} onInput={setRepeat} errors={errors.repeat} />
        {errors.form && (
          <View className='error-box'>
            <FieldErrorText id='password-error' messages={errors.form} />
          </View>
        )}
        <ActionButton id='password-submit' kind='primary' disabled={busy} onClick={() => void submit()}>
          {busy ? '正在保存…' : '保存新密码'}
        </ActionButton>
      </View>
      <View className='section'>
        <Text className='hint'>手机丢了、或在别人的电脑上登录过？可以让所有设备上的这个账号都退出。</Text>
        <ActionButton id='password-sign-out-everywhere' kind='danger' onClick={() => void signOutEverywhere()}>
          退出所有设备
        </ActionButton>
      </View>
    </View>
  )
}
