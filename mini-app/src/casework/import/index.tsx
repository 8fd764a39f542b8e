import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'
import { View, Text } from '@tarojs/components'
import { LEDGER_SPLIT_ADVICE, type LedgerImportJob, type LedgerImportJobSummary, MAX_LEDGER_BYTES, ledgerImportStateLabel } from '@shouhu/shared'
import { api, errorText } from '../../api/client'
import { ActionButton } from '../../components/action-button'
import { LoadMore } from '../../components/load-more'
import { Pressable } from '../../components/pressable'
import { XlsxDownloadButton } from '../../components/xlsx-download-button'
import { newIdempotencyKey } from '../../report-form/idempotency'
import { redirectIfSignedOut, useStaffUser } from '../../staff/use-staff'
import { ErrorBox, StaffHead } from '../parts'
import { type PickedXlsx, pickXlsxFile, uploadXlsx } from '../../components/xlsx-upload'
import '../casework.css'
import './import.css'

/**
 * 摸排建档 from the county's existing ledger (issue #7): a county officer (or a township
 * supervisor) chooses the .xlsx, sends it, watches the rows being checked and imported, and
 * reads each problem by row and column to fix it in the workbook and send it again.
 */

const POLL_MS = 1000
const importApi = {
  get: (id: string) => api.get('/staff/child-imports/{id}', { auth: 'staff', params: { id } }),
  list: (cursor?: string) => api.get('/staff/child-imports', { auth: 'staff', query: { limit: '10', cursor } }),
}

const sizeText = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`)
const timeText = (iso: string) => {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000)
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
}

function resultText(j: Pick<LedgerImportJob, 'created' | 'updated' | 'unchanged' | 'failed'>): string {
  const parts = [`新建档案 ${j.created} 份`, `更新 ${j.updated} 份`]
  if (j.unchanged) parts.push(`${j.unchanged} 份没有变化（已经导入过）`)
  parts.push(j.failed ? `${j.failed} 行有问题没有导入` : '没有问题')
  return parts.join('，')
}

export default function ImportLedger() {
  const user = useStaffUser()
  const mayImport = user?.role === 'county_officer' || user?.role === 'township_supervisor'
  const [picked, setPicked] = useState<PickedXlsx | undefined>()
  const [key, setKey] = useState(() => newIdempotencyKey())
  const [sending, setSending] = useState(false)
  const [uploadError, setUploadError] = useState('')
  const [job, setJob] = useState<LedgerImportJob | undefined>()
  const [history, setHistory] = useState<LedgerImportJobSummary[]>([])
  const [historyCursor, setHistoryCursor] = useState<string | undefined>()
  const [historyLoading, setHistoryLoading] = useState(false)
  const [historyError, setHistoryError] = useState('')
  const alive = useRef(true)
  useEffect(
    () => () => {
      alive.current = false
    },
    [],
  )

  const loadHistory = useCallback(async (cursor?: string) => {
    setHistoryLoading(true)
    setHistoryError('')
    try {
      const page = await importApi.list(cursor)
      setHistory((prev) => (cursor ? [...prev, ...page.items] : page.items))
      setHistoryCursor(page.nextCursor)
    } catch (e) {
      if (!redirectIfSignedOut(e)) setHistoryError(errorText(e))
    } finally {
      setHistoryLoading(false)
    }
  }, [])

  useDidShow(() => {
    if (mayImport) void loadHistory()
  })
  useEffect(() => {
    if (mayImport) void loadHistory()
  }, [mayImport, loadHistory])

  // Follows a running job until it is done; a dropped request is simply asked again.
  useEffect(() => {
    if (!job || job.state !== 'running') return
    const timer = setTimeout(async () => {
      try {
        const next = await importApi.get(job.id)
        if (!alive.current) return
        setJob(next)
        if (next.state !== 'running') void loadHistory()
      } catch (e) {
        if (redirectIfSignedOut(e)) return
        // Keep the last progress on screen and ask again at the next tick.
        if (alive.current) setJob({ ...job })
      }
    }, POLL_MS)
    return () => clearTimeout(timer)
  }, [job, loadHistory])

  const choose = async () => {
    setUploadError('')
    const f = await pickXlsxFile()
    if (!f) return
    if (!/\.xlsx$/i.test(f.name)) {
      setUploadError('请选择 Excel 表格（.xlsx 文件）。旧版的 .xls 请在 Excel 或 WPS 里「另存为」.xlsx 后再选')
      return
    }
    if (f.size > MAX_LEDGER_BYTES) {
      setUploadError(`这个表格有 ${sizeText(f.size)}。${LEDGER_SPLIT_ADVICE}`)
      return
    }
    setPicked(f)
    // A new file is a new import; the same file sent again after a dropped answer is the same one.
    setKey(newIdempotencyKey())
    setJob(undefined)
  }

  const send = async () => {
    if (!picked || sending) return
    setSending(true)
    setUploadError('')
    try {
      const started = await uploadXlsx<LedgerImportJob>(picked, {
        url: api.url('POST /staff/child-imports'),
        headers: { 'Idempotency-Key': key },
        network: '网络不太好，表格没有传上去，请稍后再试',
      })
      setJob(started)
      setPicked(undefined)
      void loadHistory()
    } catch (e) {
      if (!redirectIfSignedOut(e)) setUploadError(errorText(e))
    } finally {
      setSending(false)
    }
  }

  const open = async (id: string) => {
    try {
      setJob(await importApi.get(id))
    } catch (e) {
      if (!redirectIfSignedOut(e)) setHistoryError(errorText(e))
    }
  }

  if (!user) return null
  if (!mayImport) {
    return (
      <View className='page'>
        <StaffHead user={user} />
        <View id='import-not-allowed' className='error-box' role='alert'>
          <Text>只有县级民政部门和乡镇（街道）可以导入台账。村里的孩子请在「建立档案」里逐个登记。</Text>
        </View>
      </View>
    )
  }

  const percent = job && job.total ? Math.round((job.done / job.total) * 100) : 0
  return (
    <View className='page'>
      <StaffHead user={user} />
      <View className='section'>
        <View className='section-title' role='heading' aria-level={1}>
          <Text>导入儿童信息台账</Text>
        </View>
        <Text className='hint'>
          用《儿童信息台账模板》填写，一行一个孩子。每一行都会检查：有问题的行不会导入，并告诉您第几行、哪一列要改；改好后把整个表格再导入一次，已经导入的孩子不会重复建档。
        </Text>
        <XlsxDownloadButton
          id='import-template-download'
          url={api.url('GET /staff/child-imports/template')}
          fileName='儿童信息台账模板.xlsx'
          label='下载台账模板（Excel）'
          forbidden='只有县民政部门和乡镇（街道）可以导入台账'
        />
        <ActionButton id='import-choose' size='big' disabled={sending} onClick={() => void choose()}>
          {picked ? '换一个表格' : '选择台账表格（.xlsx）'}
        </ActionButton>
        {picked && (
          <View id='import-file' className='card'>
            <Text id='import-file-name' className='label'>
              {picked.name}
            </Text>
            <Text className='hint'>{sizeText(picked.size)}</Text>
          </View>
        )}
        <ErrorBox id='import-upload-error' message={uploadError} />
        {picked && (
          <ActionButton id='import-upload' kind='primary' size='big' disabled={sending} onClick={() => void send()}>
            {sending ? '正在上传…' : '开始导入'}
          </ActionButton>
        )}
      </View>

      {job && (
        <View id='import-job' className='section' aria-live='polite'>
          <View className='section-title' role='heading' aria-level={2}>
            <Text>{job.fileName}</Text>
          </View>
          <Text id='import-state' className='label' data-state={job.state}>
            {ledgerImportStateLabel[job.state]}
          </Text>
          <View
            id='import-progress'
            className='progress'
            role='progressbar'
            aria-label='导入进度'
            aria-valuemin={0}
            aria-valuemax={job.total}
            aria-valuenow={job.done}
            aria-valuetext={job.phase === 'reading' ? '正在读取表格' : `已检查 ${job.done} 行，共 ${job.total} 行`}
          >
            <View className='progress-bar' style={{ width: `${percent}%` }} />
          </View>
          <Text id='import-progress-text' className='hint'>
            {job.phase === 'reading' ? '正在读取表格，请稍候…' : `已检查 ${job.done} / ${job.total} 行`}
          </Text>
          {job.state !== 'running' && (
            <View id='import-result' className='label' role='status'>
              <Text>{job.state === 'failed' ? job.failure ?? '导入中断了，请重新上传' : resultText(job)}</Text>
            </View>
          )}
          {job.errors.length > 0 && (
            <View id='import-errors'>
              <Text className='label'>这些行有问题，没有导入（改好后把整个表格再导入一次）：</Text>
              <View role='list' aria-label='有问题的行'>
                {job.errors.map((e, i) => (
                  <View key={`${e.row}-${e.column}-${i}`} id={`import-error-${i}`} className='error-row' role='listitem' data-row={e.row} data-column={e.column}>
                    <Text>{e.message}</Text>
                  </View>
                ))}
              </View>
              {job.errorsNotShown > 0 && (
                <Text id='import-errors-more' className='hint'>
                  还有 {job.errorsNotShown} 个问题没有列出，请先改好上面这些，再导入一次查看。
                </Text>
              )}
            </View>
          )}
        </View>
      )}

      <View className='section'>
        <View className='section-title' role='heading' aria-level={2}>
          <Text>最近的导入</Text>
        </View>
        <ErrorBox id='import-history-error' message={historyError} />
        <View id='import-history' role='list' aria-label='最近的导入'>
          {history.map((h) => (
            <View key={h.id} role='listitem'>
              <Pressable id={`import-history-${h.id}`} className='card' role='link' onPress={() => void open(h.id)}>
                <Text className='label'>{h.fileName}</Text>
                <Text className='hint'>
                  {timeText(h.createdAt)} · {h.uploadedBy.name} · {ledgerImportStateLabel[h.state]}
                </Text>
                <Text className='hint'>{h.state === 'running' ? (h.phase === 'reading' ? '正在读取表格' : `已检查 ${h.done} / ${h.total} 行`) : `共 ${h.total} 行：${resultText(h)}`}</Text>
              </Pressable>
            </View>
          ))}
        </View>
        {!historyLoading && history.length === 0 && !historyError && (
          <Text id='import-history-empty' className='hint'>
            还没有导入过台账。
          </Text>
        )}
        <LoadMore id='import-history-more' hasMore={!!historyCursor} loading={historyLoading} count={history.length} onMore={() => void loadHistory(historyCursor)} />
      </View>
    </View>
  )
}
