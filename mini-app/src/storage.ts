import { getDeviceValue, removeDeviceValue, setDeviceValue } from './device-storage'
import type { LoginResult, ReportCreated } from '@shouhu/shared'
import type { StoredReport } from './my-reports'

/**
 * Everything the app keeps on the device, in one place. Nothing here identifies an anonymous
 * reporter to the server: the access token only proves "this phone filed that report".
 */
export interface StoredValues {
  /** Resident and staff sessions are kept apart so one shared phone/browser can hold both. */
  'session.resident': LoginResult
  'session.staff': LoginResult
  /** Reports filed from this device, newest first; the only way to follow anonymous ones. */
  myReports: StoredReport[]
  /** Last village picked in the report form, to start there next time. */
  lastVillage: string
  /** The answer to the last submission, read once by the "submitted" page. */
  lastSubmission: ReportCreated
  /** 大字模式: all text larger on this device (grandparents, small screens). */
  textScale: 'normal' | 'large'
}
export type StorageKey = keyof StoredValues

export function readStored<K extends StorageKey>(key: K): StoredValues[K] | undefined {
  try {
    return getDeviceValue(key) as StoredValues[K] | undefined
  } catch {
    return undefined
  }
}

export function writeStored<K extends StorageKey>(key: K, value: StoredValues[K]): void {
  try {
    setDeviceValue(key, value)
  } catch {
    // Storage full or disabled (private mode): the app still works, it just forgets.
  }
}

export function removeStored(key: StorageKey): void {
  try {
    removeDeviceValue(key)
  } catch {
    // Nothing to do: the value is gone or storage is unavailable.
  }
}
