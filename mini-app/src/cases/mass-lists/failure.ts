import { ApiRequestError } from '../../api/client'

/** Why a download failed, in plain words (403: only the county sends the lists). */
export function downloadFailure(status: number): ApiRequestError {
  if (status === 401) return new ApiRequestError('UNAUTHENTICATED', '请重新登录', 401)
  if (status === 403) return new ApiRequestError('FORBIDDEN', '只有县民政局可以报送名单', 403)
  return new ApiRequestError('DOWNLOAD_FAILED', '名单没有生成，请稍后再试', status)
}
