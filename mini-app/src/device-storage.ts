import Taro from '@tarojs/taro'

/**
 * The device's key-value store: WeChat's storage here, the browser's localStorage on H5
 * (device-storage.h5.ts). Values go in as they are; a key never written reads as undefined.
 * Each call may throw (storage full or disabled); storage.ts and the drafts catch that.
 */
export function getDeviceValue(key: string): unknown {
  const value = Taro.getStorageSync(key)
  return value === '' || value === null ? undefined : value
}

export function setDeviceValue(key: string, value: unknown): void {
  Taro.setStorageSync(key, value)
}

export function removeDeviceValue(key: string): void {
  Taro.removeStorageSync(key)
}
