import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { type RosterError, type RosterResult, isAdministrator, roleLabel } from '@shouhu/shared'
import { api, errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { ErrorBox } from '../../components/error-box'
import { XlsxDownloadButton } from '../../components/xlsx-download-button'
import { UploadRefused } from '../../components/xlsx-upload-common'
import { type PickedXlsx, pickXlsxFile, uploadXlsx } from '../../components/xlsx-upload'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { TemporaryPassword, temporaryPasswordAdvice } from '../temporary-password'
import { adminRoutes } from '../routes'
import { newIdempotencyKey } from '../../report-form/idempotency'

const FORBIDDEN = '只有县民政部门和乡镇儿童督导员可以管理账号'

/** The row problems a refused roster came back with (a 400 carries them beside the error). */
function rowProblems(e: unknown): RosterError[] {
  if (!(e instanceof UploadRefused) || e.status !== 400) return []
  const errors = (e.body as { errors?: RosterError[] } | undefined)?.errors
  return Array.isArray(errors) ? errors : []
}

/**
 * 按花名册批量开设账号 (issue #10): the administrator fills the roster template, chooses it and
 * sends it. The server opens every account or none: a wrong row is named by row and column and
 * nothing is created, so the whole corrected file can simply be sent again. Each new account's
 * temporary password is shown once, here, and nowhere else.
 *
 * One Idempotency-Key per chosen file: sending it again (a second tap, a retry after the network
 * dropped the answer) opens nothing twice and answers with the same accounts and temporary
 * passwords, instead of refusing every row as 「已被使用」. Choosing a file again starts anew.
 */
export default function RosterPage() {
  const user = useStaffUser()
  const [picked, setPicked] = useState<{ file: PickedXlsx; key: string } | undefined>()
  const [sending, setSending] = useState(false)
  const [error, setError] = useState('')
  const [problems, setProblems] = useState<RosterError[]>([])
  const [result, setResult] = useState<RosterResult | undefined>()

  const choose = async () => {
    setError('')
    const f = await pickXlsxFile()
    if (!f) return
    if (!/\.xlsx$/i.test(f.name)) {
      setError('请选择 Excel 表格（.xlsx 文件）。旧版的 .xls 请在 Excel 或 WPS 里「另存为」.xlsx 后再选')
      return
    }
    setPicked({ file: f, key: newIdempotencyKey() })
    setProblems([])
    setResult(undefined)
  }

  const send = async () => {
    if (!picked || sending) return
    setSending(true)
    setError('')
    setProblems([])
    try {
      const done = await uploadXlsx<RosterResult>(picked.file, {
        url: api.url('POST /staff-admin/accounts/roster'),
        headers: { 'Idempotency-Key': picked.key },
        network: '网络不太好，没有收到答复。请再点一次「开设这些账号」：已经开设的账号不会重复开设',
      })
      setResult(done)
      // Sent: the next sending is a new file, chosen again under a new key.
      setPicked(undefined)
    } catch (e) {
      if (redirectIfSignedOut(e)) return
      const rows = rowProblems(e)
      setProblems(rows)
      // The server's own words: a 403 says who may do this, a 400 that nothing was created.
      setError(errorText(e))
    } finally {
      setSending(false)
    }
  }

  if (!user) return <View className='page' />
  if (!isAdministrator(user.role)) {
    return (
      <View className='page'>
        <Text id='roster-not-allowed' className='lead'>
          {FORBIDDEN}。
        </Text>
      </View>
    )
  }

  const created = result?.created ?? []
  const leftOver = result?.errors ?? []
  return (
    <View className='page'>
      <View role='heading' aria-level={1}>
        <Text className='title'>按花名册批量开设账号</Text>
      </View>
      <Text className='lead'>
        用《工作人员花名册模板》填写，一行一个人。每一行都会检查：只要有一行填错，就一个账号也不开设，并告诉您第几行、哪一列要改；改好后把整个表格再上传一次。
      </Text>
      <XlsxDownloadButton id='roster-template' url={api.url('GET /staff-admin/accounts/roster/template')} fileName='工作人员花名册模板.xlsx' label='下载花名册模板（Excel）' forbidden={FORBIDDEN} />
      <ActionButton id='roster-choose' size='big' disabled={sending} onClick={() => void choose()}>
        {picked ? '换一个表格' : '选择花名册表格（.xlsx）'}
      </ActionButton>
      {picked && (
        <View id='roster-file' className='card'>
          <Text id='roster-file-name' className='label'>
            {picked.file.name}
          </Text>
        </View>
      )}
      {picked && (
        <ActionButton id='roster-upload' kind='primary' size='big' disabled={sending} onClick={() => void send()}>
          {sending ? '正在上传…' : '开设这些账号'}
        </ActionButton>
      )}
      <ErrorBox id='roster-error' message={error} />

      {problems.length > 0 && (
        <View id='roster-problems' className='section'>
          <Text className='label'>要改的地方：</Text>
          <View role='list' aria-label='花名册里要改的地方'>
            {problems.map((p, i) => (
              <View key={`${p.row}-${p.column ?? ''}-${i}`} id={`roster-problem-${i}`} className='error-row' role='listitem' data-row={p.row} data-column={p.column ?? ''}>
                <Text>{p.message}</Text>
              </View>
            ))}
          </View>
          {problems.every((p) => p.column === '账号' && p.message.includes('已被使用')) && (
            <Text id='roster-taken-hint' className='hint'>
              如果这个表格刚才已经上传过（例如上传时网络断了），这些账号其实已经开设好了：请在账号列表里找到每个人，点「重置密码」取得新的临时密码。
            </Text>
          )}
        </View>
      )}

      {result && (
        <View id='roster-result' className='section' aria-live='polite'>
          <View id='roster-done' className='label' role='status'>
            <Text>{created.length ? `已开设 ${created.length} 个账号。` : '没有开设账号。'}</Text>
          </View>
          {created.length > 0 && (
            <View className='notice'>
              <Text className='hint'>下面是每个人的临时密码，{temporaryPasswordAdvice}</Text>
            </View>
          )}
          <View id='roster-created' role='list' aria-label='已开设的账号'>
            {created.map((c) => (
              <View key={c.account.id} id={`roster-created-${c.account.username}`} className='card' role='listitem'>
                <Text className='label'>
                  {c.account.displayName}（{c.account.username}）
                </Text>
                <Text className='hint'>
                  {roleLabel[c.account.role]} · {c.account.divisionName}
                </Text>
                <TemporaryPassword id={`roster-temp-${c.account.username}`} who={c.account.displayName} password={c.temporaryPassword} advice={false} />
              </View>
            ))}
          </View>
          {leftOver.length > 0 && (
            <View id='roster-not-created' className='section'>
              <Text className='label'>这些行没有开设（改好后只把这几行放进新表格再上传）：</Text>
              <View role='list' aria-label='没有开设的行'>
                {leftOver.map((p, i) => (
                  <View key={`${p.row}-${i}`} id={`roster-not-created-${i}`} className='error-row' role='listitem' data-row={p.row} data-column={p.column ?? ''}>
                    <Text>{p.message}</Text>
                  </View>
                ))}
              </View>
            </View>
          )}
          <ActionButton id='roster-back' onClick={() => void Taro.navigateBack().catch(() => Taro.redirectTo({ url: adminRoutes.staff }))}>
            我已记下密码，回到账号列表
          </ActionButton>
        </View>
      )}
    </View>
  )
}
