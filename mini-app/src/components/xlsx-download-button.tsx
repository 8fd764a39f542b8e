import { useState } from 'react'
import { View } from '@tarojs/components'
import { ApiRequestError, errorText } from '../api/client'
import { redirectIfSignedOut } from '../staff/use-staff'
import { ActionButton } from './action-button'
import { ErrorBox } from './error-box'
import { downloadXlsx } from './save-download'

interface XlsxDownloadButtonProps {
  /** Test id of the button; the error beside it is `${id}-error`. */
  id: string
  /** From `api.url('GET /…')`: always the project's own API domain, never a file host. */
  url: string
  /** The name the browser saves it under. */
  fileName: string
  /** The button's words, e.g. 下载台账模板（Excel）. */
  label: string
  /** What to say to someone the server refuses (403), in plain words. */
  forbidden: string
}

/**
 * A button that downloads a workbook (a template) with the staff session: opened in WeChat's
 * document viewer on the phone, saved as a download in the browser. It says 正在下载… at once,
 * and a failure is shown beside it in plain words.
 */
export function XlsxDownloadButton({ id, url, fileName, label, forbidden }: XlsxDownloadButtonProps) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')

  async function download() {
    if (busy) return
    setBusy(true)
    setError('')
    try {
      await downloadXlsx(url, fileName, {
        network: '网络不太好，表格没有下载下来，请稍后再试',
        failure: (status) => (status === 403 ? new ApiRequestError('FORBIDDEN', forbidden, 403) : new ApiRequestError('DOWNLOAD_FAILED', '表格没有下载下来，请稍后再试', status)),
      })
    } catch (e) {
      if (!redirectIfSignedOut(e)) setError(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='xlsx-download'>
      <ActionButton id={id} disabled={busy} onClick={download}>
        {busy ? '正在下载…' : label}
      </ActionButton>
      <ErrorBox id={`${id}-error`} message={error} />
    </View>
  )
}
