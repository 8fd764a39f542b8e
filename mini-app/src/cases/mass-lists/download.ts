import { chinaToday } from '@shouhu/shared'
import { api } from '../../api/client'
import { downloadXlsx } from '../../components/save-download'
import { downloadFailure } from './failure'

/**
 * The lists' workbook, through the API (each download is recorded there as a submission): opened
 * in WeChat's document viewer to be forwarded, or saved in the browser under a name the officer
 * finds among their files.
 */
export function downloadMassLists(): Promise<void> {
  return downloadXlsx(api.url('GET /staff/cases/mass-lists/workbook', { query: { reason: 'on_demand' } }), `红黄蓝名单-${chinaToday()}.xlsx`, {
    network: '网络不太好，名单没有生成，请稍后再试',
    failure: downloadFailure,
    // The submission is recorded once the workbook is fetched; the viewer is the phone's business.
    quietIfNotOpened: true,
  })
}
