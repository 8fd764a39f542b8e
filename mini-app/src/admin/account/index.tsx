import { useEffect, useRef, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import {
  Department,
  departmentLabel,
  type KnownSchool,
  type ManagedRole,
  type StaffRow,
  StaffCreate,
  StaffUpdate,
  levelForRole,
  manageableRoles,
  roleLabel,
} from '@shouhu/shared'
import { ApiRequestError, endpoints, errorText } from '../../api/client'
import { entrustmentEndpoints } from '../../api/entrustments'
import { staffAdminEndpoints } from '../../api/staff-admin'
import { ActionButton } from '../../components/action-button'
import { ChoiceGroup } from '../../components/choice-group'
import { FieldErrorText } from '../../components/field-error'
import { LoadFailed, Loading } from '../../components/page-state'
import { TextField } from '../../components/text-field'
import { param } from '../../routes'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { AreaPicker } from '../area-picker'
import { TemporaryPassword } from '../temporary-password'
import { SubmissionKey } from '../../report-form/idempotency'
import { useFieldErrors } from '../../forms/field-errors'
import { AccountHistory } from './history'
import { accountLabels, accountMessages, type Errors } from './messages'
const byField = (fields: { field: string; message: string }[]): Errors => {
  const out: Errors = {}
  for (const f of fields) (out[f.field.split('.')[0]!] ??= []).push(f.message)
  return out
}

/** Create an account (no id) or manage one: edit, deactivate or restore, reset the password. */
export default function AccountPage() {
  const user = useStaffUser()
  const id = param(useRouter().params.id)
  const [row, setRow] = useState<StaffRow | null>(null)
  const [loadError, setLoadError] = useState('')
  const [username, setUsername] = useState('')
  const [displayName, setDisplayName] = useState('')
  const [role, setRole] = useState<ManagedRole | ''>('')
  const [divisionCode, setDivisionCode] = useState('')
  const [divisionName, setDivisionName] = useState('')
  const [moving, setMoving] = useState(false)
  const [schools, setSchools] = useState<KnownSchool[]>([])
  const [schoolId, setSchoolId] = useState('')
  const [unit, setUnit] = useState('')
  const [department, setDepartment] = useState<Department | ''>('')
  // A refused form scrolls to its first message and focuses that field; a field changed since loses its message.
  const [errors, setErrors, showErrors] = useFieldErrors<Errors>({ username, displayName, role, divisionCode, schoolId, unit, department })
  const [busy, setBusy] = useState(false)
  const [done, setDone] = useState('')
  const [temp, setTemp] = useState<{ who: string; password: string } | null>(null)

  async function load() {
    if (!id) return
    setLoadError('')
    try {
      const r = await staffAdminEndpoints.get(id)
      setRow(r)
      setDisplayName(r.displayName)
      setUnit(r.unit ?? '')
    } catch (e) {
      if (!redirectIfSignedOut(e)) setLoadError(errorText(e))
    }
  }
  useEffect(() => void load(), [id])

  // A school liaison speaks for one school of the chosen township.
  useEffect(() => {
    setSchools([])
    if (role !== 'school_liaison' || !divisionCode) return
    void (async () => {
      const villages = await endpoints.divisions(divisionCode)
      const first = villages.items[0]
      if (!first) return
      const found = await entrustmentEndpoints.schools(first.code, 'staff')
      setSchools(found.items.filter((s) => s.divisionCode === divisionCode))
    })().catch(() => setSchools([]))
  }, [role, divisionCode])

  async function run(action: () => Promise<void>) {
    if (busy) return
    setBusy(true)
    setErrors({})
    setDone('')
    try {
      await action()
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      if (e instanceof ApiRequestError && e.fields.length) showErrors(byField(e.fields))
      else showErrors({ form: [errorText(e)] })
    } finally {
      setBusy(false)
    }
  }

  // One key per filled-in form: a lost answer retried shows the same temporary password.
  const createKey = useRef(new SubmissionKey())
  const roles = (user && manageableRoles[user.role]) || []
  const roleOptions = roles as readonly ManagedRole[]
  const roleLabels = Object.fromEntries(roleOptions.map((r) => [r, roleLabel[r]])) as Record<ManagedRole, string>

  function create() {
    return run(async () => {
      const body = { username, displayName, role, divisionCode, schoolId: schoolId || undefined, unit: unit || undefined, department: department || undefined }
      const parsed = StaffCreate.safeParse(body)
      if (!parsed.success) return showErrors(accountMessages(parsed.error, accountLabels(role)))
      let result
      try {
        result = await staffAdminEndpoints.create(parsed.data, createKey.current.current())
      } catch (e) {
        // Refused (nothing created under this key): the next attempt is a new create.
        if (e instanceof ApiRequestError && e.status >= 400 && e.status < 500) createKey.current.rotate()
        throw e
      }
      createKey.current.rotate()
      setRow(result.account)
      setTemp({ who: result.account.displayName, password: result.temporaryPassword })
      setDone('账号已创建')
    })
  }

  function save() {
    return run(async () => {
      if (!row) return
      const body = {
        version: row.version,
        displayName,
        ...(moving && role && divisionCode ? { role, divisionCode, schoolId: schoolId || undefined, department: department || undefined } : {}),
        ...(row.role === 'police_officer' || role === 'police_officer' ? { unit: unit || undefined } : {}),
      }
      const parsed = StaffUpdate.safeParse(body)
      if (!parsed.success) return showErrors(accountMessages(parsed.error, accountLabels(role)))
      setRow(await staffAdminEndpoints.update(row.id, parsed.data))
      setMoving(false)
      setDone('已保存')
    })
  }

  function toggleActive() {
    return run(async () => {
      if (!row) return
      if (row.active) {
        const { confirm } = await Taro.showModal({ title: '停用账号', content: `停用后 ${row.displayName} 将无法登录，已登录的手机也会在一分钟内退出。确定停用吗？`, confirmText: '停用' })
        if (!confirm) return
        setRow(await staffAdminEndpoints.deactivate(row.id, row.version))
        setDone('账号已停用')
      } else {
        setRow(await staffAdminEndpoints.reactivate(row.id, row.version))
        setDone('账号已恢复')
      }
    })
  }

  function resetPassword() {
    return run(async () => {
      if (!row) return
      const result = await staffAdminEndpoints.resetPassword(row.id, row.version)
      setRow(result.account)
      setTemp({ who: result.account.displayName, password: result.temporaryPassword })
      setDone('密码已重置，已登录的手机会退出')
    })
  }

  if (!user) return <View className='page' />
  if (id && loadError) return <LoadFailed id='admin-account-error' message={loadError} onRetry={() => void load()} />
  if (id && !row) return <Loading />

  const placing = !row || moving
  return (
    <View className='page'>
      <Text className='title'>{row ? `${row.displayName}（${row.username}）` : '新增账号'}</Text>
      {row && (
        <Text id='admin-account-status' className='lead'>
          {roleLabel[row.role]} · {row.divisionName} · {row.active ? '使用中' : '已停用'}
          {row.wechatBound ? ' · 已绑定微信' : ''}
        </Text>
      )}
      {temp && <TemporaryPassword id='admin-temp' who={temp.who} password={temp.password} />}
      {done && (
        <View id='admin-done' className='notice' role='status'>
          <Text>{done}</Text>
        </View>
      )}
      {!(row && !id) && (
        <View className='section'>
          {!row && (
            <TextField id='admin-username' label='账号（登录用）' hint='小写字母、数字或“-”，例如 dinghu-li' value={username} onInput={setUsername} errors={errors.username} />
          )}
          <TextField id='admin-name' label='姓名' value={displayName} onInput={setDisplayName} errors={errors.displayName} />
          {row && !moving && (
            <ActionButton id='admin-move' size='small' onClick={() => setMoving(true)}>
              调整岗位或所在地
            </ActionButton>
          )}
          {placing && (
            <View className='field'>
              <Text className='label'>岗位</Text>
              <ChoiceGroup
                idPrefix='admin-role'
                options={roleOptions}
                labels={roleLabels}
                value={role}
                onChange={(r) => {
                  setRole(r)
                  setDivisionCode('')
                }}
              />
              <FieldErrorText id='error-admin-role' messages={errors.role} />
            </View>
          )}
          {placing && role && user.divisionCode && (
            <View className='field'>
              <Text className='label'>所在地{divisionName ? `：${divisionName}` : ''}</Text>
              <AreaPicker
                key={role}
                root={user.divisionCode}
                level={levelForRole(role)}
                value={divisionCode}
                onChange={(code, name) => {
                  setDivisionCode(code)
                  setDivisionName(name)
                }}
              />
              <FieldErrorText id='error-admin-division' messages={errors.divisionCode} />
            </View>
          )}
          {placing && role === 'school_liaison' && divisionCode && (
            <View className='field'>
              <Text className='label'>学校</Text>
              {schools.length ? (
                <ChoiceGroup
                  idPrefix='admin-school'
                  options={schools.map((s) => s.id)}
                  labels={Object.fromEntries(schools.map((s) => [s.id, s.name]))}
                  value={schoolId}
                  onChange={setSchoolId}
                />
              ) : (
                <Text className='hint'>这个乡镇还没有登记学校。</Text>
              )}
              <FieldErrorText id='error-admin-school' messages={errors.schoolId} />
            </View>
          )}
          {placing && role === 'department_liaison' && (
            <View className='field'>
              <Text className='label'>部门</Text>
              <ChoiceGroup idPrefix='admin-department' label='部门' options={Department.options} labels={departmentLabel} value={department} onChange={setDepartment} />
              <FieldErrorText id='error-admin-department' messages={errors.department} />
            </View>
          )}
          {(role === 'police_officer' || (!placing && row?.role === 'police_officer')) && (
            <TextField id='admin-unit' label='所在单位' placeholder='例如 泗县公安局' value={unit} onInput={setUnit} errors={errors.unit} />
          )}
          {errors.form && (
            <View className='error-box'>
              <FieldErrorText id='admin-error' messages={errors.form} />
            </View>
          )}
          {row ? (
            <ActionButton id='admin-save' kind='primary' disabled={busy} onClick={() => void save()}>
              {busy ? '正在保存…' : '保存修改'}
            </ActionButton>
          ) : (
            <ActionButton id='admin-submit' kind='primary' disabled={busy} onClick={() => void create()}>
              {busy ? '正在创建…' : '创建账号'}
            </ActionButton>
          )}
        </View>
      )}
      {row && id && (
        <View className='section'>
          <ActionButton id='admin-reset' disabled={busy} onClick={() => void resetPassword()}>
            重置密码
          </ActionButton>
          <ActionButton id='admin-toggle' kind={row.active ? 'danger' : 'plain'} disabled={busy} onClick={() => void toggleActive()}>
            {row.active ? '停用账号' : '恢复账号'}
          </ActionButton>
        </View>
      )}
      {row && id && <AccountHistory accountId={row.id} changedAt={row.version} />}
      {row && !id && (
        <ActionButton id='admin-back' onClick={() => void Taro.navigateBack()}>
          返回账号列表
        </ActionButton>
      )}
    </View>
  )
}
